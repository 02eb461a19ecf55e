import type { KnownForce } from '../extraction.types.js';
import type { DocModel } from './model.js';

/**
 * The one force finder: every way a document names one of the 43 forces, over the gazetteer of
 * official names and aliases (`reference/forces.json`, as loaded in the database), and which of
 * the forces it names the document is about.
 *
 * It recognises the official name and every alias ("Avon & Somerset Police", "GMP", "the Met"),
 * with "&" for "and", a hyphen or a space in "Dyfed-Powys", line breaks inside a name, a
 * possessive after it ("Cleveland Police's"), and the place alone where policing is the topic
 * ("Cleveland", "Greater Manchester"): the name without "Police" or "Constabulary", written with
 * its capitals and not followed by another body's name ("Cleveland Fire Brigade").
 */
export type ForceMention = {
  slug: string;
  /** The words as written. */
  name: string;
  start: number;
  end: number;
  /** `name`: an official name or alias; `place`: the place alone. */
  strength: 'name' | 'place';
};

export type SubjectForce = { slug: string; score: number; mentions: number };

export type ForceFinder = {
  /** Every mention in `text` (or in its range [from, to)), in order; the longest name wins. */
  mentions(text: string, from?: number, to?: number): ForceMention[];
  /** The force a name refers to (a whole name, alias or place), or null. */
  resolve(name: string): string | null;
  /**
   * The forces a document names, ranked by how much it is about each: named in its title counts
   * most, then in its opening and a letter's addressee, then how often. `subject` is the first
   * when it clearly leads, else null (a document about several forces).
   */
  subject(model: DocModel): { subject: string | null; ranked: SubjectForce[] };
};

const POLICE_SUFFIX = /\s+(?:Police\s+Service|Police\s+Force|Police|Constabulary)$/i;
/** Places that name other things too often to stand alone for a force. */
const NOT_A_PLACE = new Set(['metropolitan', 'city of london', 'heddlu gwent']);
/** A place followed by one of these is another body ("Kent Fire and Rescue", "Durham County Council"). */
const OTHER_BODY =
  '(?!\\s+(?:Fire|County\\s+Council|City\\s+Council|Council|Ambulance|NHS|University|Hospital|Healthcare|Cricket|Football|FC|Wildlife|Chamber|Royal|Coast|Way)\\b)';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function namePattern(name: string): string {
  return escape(name.trim())
    .replace(/\\?-/g, '[-‐–\\s]?')
    .replace(/\s+/g, '\\s+')
    .replace(/\band\b/gi, '(?:and|&)')
    .replace(/&/g, '(?:and|&)')
    .replace(/^the\\s\+/i, '[Tt]he\\s+');
}

type Entry = { slug: string; key: string; strength: 'name' | 'place'; sensitive: boolean; pattern: string };

function entries(forces: KnownForce[]): Entry[] {
  const seen = new Set<string>();
  const out: Entry[] = [];
  const add = (slug: string, name: string, strength: 'name' | 'place') => {
    const key = keyOf(name);
    if (key.length < 3 || seen.has(key)) return;
    seen.add(key);
    const short = name.replace(/^the\s+/i, '').length <= 8;
    const acronym = /^[A-Z]{2,5}$/.test(name) || /^[A-Z][a-z]?[A-Z]{1,4}$/.test(name);
    const sensitive = strength === 'place' || short || acronym;
    out.push({
      slug,
      key,
      strength,
      sensitive,
      pattern: strength === 'place' ? `${namePattern(name)}${OTHER_BODY}` : namePattern(name),
    });
  };
  for (const f of forces) for (const n of f.names) add(f.slug, n, 'name');
  for (const f of forces) {
    for (const n of f.names) {
      if (!POLICE_SUFFIX.test(n)) continue;
      const place = n.replace(POLICE_SUFFIX, '').trim();
      if (NOT_A_PLACE.has(place.toLowerCase()) || place.split(/\s+/).length > 6) continue;
      add(f.slug, place, 'place');
    }
  }
  return out;
}

const keyOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]s\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const finders = new WeakMap<KnownForce[], ForceFinder>();

/** The finder for a gazetteer (built once per list of forces). */
export function forceFinder(forces: KnownForce[]): ForceFinder {
  const cached = finders.get(forces);
  if (cached) return cached;
  const all = entries(forces);
  // Longest first inside each alternation, so "Greater Manchester Police" wins over "Greater Manchester".
  const byLength = (a: Entry, b: Entry) => b.pattern.length - a.pattern.length;
  const build = (list: Entry[], flags: string) =>
    list.length === 0
      ? null
      : new RegExp(
          `(?<![\\p{L}\\d])(?:${list.map((e) => `(${e.pattern})`).join('|')})(?![\\p{L}\\d])`,
          flags,
        );
  const insensitive = all.filter((e) => !e.sensitive).sort(byLength);
  const sensitive = all.filter((e) => e.sensitive).sort(byLength);
  const reInsensitive = build(insensitive, 'giu');
  const reSensitive = build(sensitive, 'gu');
  const byKey = new Map(all.map((e) => [e.key, e.slug]));

  function scan(re: RegExp | null, list: Entry[], text: string, from: number, to: number): ForceMention[] {
    if (!re) return [];
    const out: ForceMention[] = [];
    // Search only the range: a search from `from` in the whole text would run on past `to` to the
    // next name, which makes a scan per sentence quadratic.
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      let group = 1;
      while (group < m.length && m[group] === undefined) group++;
      const e = list[group - 1]!;
      out.push({
        slug: e.slug,
        name: m[0],
        start: from + m.index,
        end: from + m.index + m[0].length,
        strength: e.strength,
      });
    }
    return out;
  }

  const finder: ForceFinder = {
    mentions(text, from = 0, to = text.length) {
      const found = [
        ...scan(reInsensitive, insensitive, text, from, to),
        ...scan(reSensitive, sensitive, text, from, to),
      ].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
      const out: ForceMention[] = [];
      let reach = -1;
      for (const m of found) {
        if (m.start < reach) continue;
        out.push(m);
        reach = m.end;
      }
      return out;
    },
    resolve(name) {
      const key = keyOf(name.replace(/^the\s+/i, (t) => t)).replace(/\s+s$/, '');
      const direct = byKey.get(key) ?? byKey.get(key.replace(/^the /, ''));
      if (direct) return direct;
      const inside = finder.mentions(name);
      const slugs = new Set(inside.map((m) => m.slug));
      return slugs.size === 1 ? inside[0]!.slug : null;
    },
    subject(model) {
      const score = new Map<string, SubjectForce>();
      const bump = (slug: string, by: number) => {
        const s = score.get(slug) ?? { slug, score: 0, mentions: 0 };
        s.score += by;
        score.set(slug, s);
      };
      const { blocks, text } = model;
      // The title: the first block, and the first heading within the first three blocks.
      const titleBlocks = blocks
        .slice(0, 3)
        .filter((b, i) => i === 0 || b.type === 'heading')
        .slice(0, 2);
      const inTitle = new Set<string>();
      for (const b of titleBlocks) for (const m of finder.mentions(text, b.start, b.end)) inTitle.add(m.slug);
      for (const slug of inTitle) bump(slug, 6);
      // The opening: the first paragraphs (and a letter's addressee block).
      const opening = new Set<string>();
      let paragraphs = 0;
      for (const b of blocks.slice(0, 25)) {
        if (b.type === 'paragraph' && b.text.length > 60) paragraphs += 1;
        for (const m of finder.mentions(text, b.start, b.end)) opening.add(m.slug);
        if (paragraphs >= 2) break;
      }
      for (const slug of opening) bump(slug, 3);
      // Frequency, capped, with names counting more than bare places.
      const counts = new Map<string, number>();
      for (const m of finder.mentions(text)) {
        counts.set(m.slug, (counts.get(m.slug) ?? 0) + (m.strength === 'name' ? 1 : 0.75));
        const s = score.get(m.slug) ?? { slug: m.slug, score: 0, mentions: 0 };
        s.mentions += 1;
        score.set(m.slug, s);
      }
      for (const [slug, n] of counts) bump(slug, Math.min(8, n));
      const ranked = [...score.values()].sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug));
      const [first, second] = ranked;
      const leads =
        first && (second ? first.score >= 2 && first.score >= second.score * 1.5 : first.score > 0);
      const subject = leads ? first.slug : null;
      return { subject, ranked };
    },
  };
  finders.set(forces, finder);
  return finder;
}
