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
/** A place followed by one of these words is another body ("Kent Fire and Rescue", "Durham County Council"). */
const OTHER_BODY = new Set(
  'fire county city council ambulance nhs university hospital healthcare cricket football fc wildlife chamber royal coast way'.split(
    ' ',
  ),
);

/** A name as the words it is written with: "Avon & Somerset Police" → avon, and, somerset, police. */
type Entry = {
  slug: string;
  key: string;
  strength: 'name' | 'place';
  /** The words, lower-case ("&" as "and"). */
  words: string[];
  /** The words as written, for names matched with their capitals (places, short names, acronyms). */
  cased: string[] | null;
};

const WORD = /[\p{L}\p{N}]+|&/gu;
const wordsOf = (name: string): string[] => (name.match(WORD) ?? []).map((w) => (w === '&' ? 'and' : w));

function entries(forces: KnownForce[]): Entry[] {
  const seen = new Set<string>();
  const out: Entry[] = [];
  const add = (slug: string, name: string, strength: 'name' | 'place') => {
    const key = keyOf(name);
    if (key.length < 3 || seen.has(key)) return;
    seen.add(key);
    const short = name.replace(/^the\s+/i, '').length <= 8;
    const acronym = /^[A-Z]{2,5}$/.test(name) || /^[A-Z][a-z]?[A-Z]{1,4}$/.test(name);
    const written = wordsOf(name);
    const cased = strength === 'place' || short || acronym ? written : null;
    out.push({ slug, key, strength, words: written.map((w) => w.toLowerCase()), cased });
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

/** Where a name may start: a capitalised word ("Kent", "GMP") or "the" ("the Met"). Names are ASCII. */
const START = /[A-Z][A-Za-z0-9]*|\b[Tt]he\b/g;
/** The next word of a name. */
const NEXT = /[A-Za-z0-9]+|&/y;
const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  (c > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)));

const finders = new WeakMap<KnownForce[], ForceFinder>();

/** The finder for a gazetteer (built once per list of forces). */
export function forceFinder(forces: KnownForce[]): ForceFinder {
  const cached = finders.get(forces);
  if (cached) return cached;
  const all = entries(forces);
  // Names by their first word, longest first, so "Greater Manchester Police" wins over "Greater Manchester".
  const byFirst = new Map<string, Entry[]>();
  for (const e of all) {
    const list = byFirst.get(e.words[0]!) ?? [];
    list.push(e);
    byFirst.set(e.words[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  const byKey = new Map(all.map((e) => [e.key, e.slug]));

  /** The word at `pos` after a gap of spaces, line breaks or a hyphen, or null. */
  function wordAfter(slice: string, pos: number): { w: string; start: number; end: number } | null {
    let i = pos;
    while (i < slice.length && i - pos <= 12) {
      const c = slice.charCodeAt(i);
      if (
        c === 32 ||
        c === 10 ||
        c === 9 ||
        c === 13 ||
        c === 0xa0 ||
        c === 45 ||
        c === 0x2010 ||
        c === 0x2013
      )
        i++;
      else break;
    }
    if (i === pos && slice.charCodeAt(i) !== 38) return null; // words of a name are apart
    NEXT.lastIndex = i;
    const m = NEXT.exec(slice);
    return m ? { w: m[0] === '&' ? 'and' : m[0], start: i, end: i + m[0].length } : null;
  }

  function scan(text: string, from: number, to: number): ForceMention[] {
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    const out: ForceMention[] = [];
    START.lastIndex = 0;
    for (let m = START.exec(slice); m; m = START.exec(slice)) {
      if (m.index > 0 && isWordChar(slice.charCodeAt(m.index - 1))) continue;
      const candidates = byFirst.get(m[0].toLowerCase());
      if (!candidates) continue;
      let found: { e: Entry; end: number } | null = null;
      for (const e of candidates) {
        if (e.cased && e.words[0] !== 'the' ? m[0] !== e.cased[0] : false) continue;
        let end = m.index + m[0].length;
        let ok = true;
        for (let k = 1; k < e.words.length && ok; k++) {
          const next = wordAfter(slice, end);
          ok = next !== null && (e.cased ? next.w === e.cased[k] : next.w.toLowerCase() === e.words[k]);
          if (next) end = next.end;
        }
        if (!ok || isWordChar(slice.charCodeAt(end))) continue;
        if (e.strength === 'place') {
          const next = wordAfter(slice, end);
          if (next && OTHER_BODY.has(next.w.toLowerCase()) && slice.charCodeAt(end) !== 45) continue;
        }
        found = { e, end };
        break;
      }
      if (!found) continue;
      out.push({
        slug: found.e.slug,
        name: slice.slice(m.index, found.end),
        start: from + m.index,
        end: from + found.end,
        strength: found.e.strength,
      });
      START.lastIndex = found.end;
    }
    return out;
  }

  const finder: ForceFinder = {
    mentions(text, from = 0, to = text.length) {
      return scan(text, from, to);
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
