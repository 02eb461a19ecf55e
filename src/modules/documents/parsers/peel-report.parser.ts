import { nameKey } from '../../forces/index.js';
import { compare, parseHuman, parseIso, toIso } from '../../../shared/partial-date.js';
import {
  ExtractionError,
  emptyExtracted,
  type ExtractedFinding,
  type ExtractedJudgement,
  type ForceRef,
  type Grade,
  type KnownForce,
  type Parser,
  type SourceRange,
} from '../extraction.types.js';

// ---------------------------------------------------------------------------------------------
// Text helpers shared by the report parsers (the PCC response parser imports them too).
// Every regex here runs on one line at a time or is anchored with bounded repetition, so the
// parsers stay linear in the size of the document.

/** A non-blank line of the document: its content without surrounding white space, and where it is. */
export type Line = { start: number; end: number; text: string };

const isSpace = (code: number): boolean =>
  code === 32 || code === 9 || code === 13 || code === 0xa0 || code === 0x0c || code === 0x0b;

/** Strips the Word field debris ("FORMCHECKBOX") some converters leave, in case the text was not normalised. */
const DEBRIS = 'FORMCHECKBOX';

/** The non-blank lines of `text`, trimmed, with their offsets. Tolerates CR, tabs and Word debris. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let next = text.indexOf('\n', pos);
    if (next === -1) next = text.length;
    let start = pos;
    let end = next;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (text.startsWith(DEBRIS, start)) {
      start += DEBRIS.length;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
    }
    if (end > start) lines.push({ start, end, text: text.slice(start, end) });
    pos = next + 1;
  }
  return lines;
}

/** A part of a line, narrowed to [start + from, start + to) and trimmed. */
export function subLine(line: Line, from: number, to = line.text.length): Line {
  let a = from;
  let b = to;
  while (a < b && isSpace(line.text.charCodeAt(a))) a++;
  while (b > a && isSpace(line.text.charCodeAt(b - 1))) b--;
  return { start: line.start + a, end: line.start + b, text: line.text.slice(a, b) };
}

const BULLET = /^(?:[•·▪◦●‣○➢►]|[-–—*](?=\s))\s*/;
const NUMBERED = /^\(?(\d{1,3})(?:[.)]|\s*[-–—:])\s+/;

/** A list item: the line without its bullet or number, and the number if it had one. */
export type ListItem = Line & { number: string | null; bullet: boolean };

/** The line as a list item when it starts with a bullet ("•", "·", "- "…) or a number ("1.", "2)"), else null. */
export function listItem(line: Line): ListItem | null {
  const b = BULLET.exec(line.text);
  if (b && b[0].length < line.text.length)
    return { ...subLine(line, b[0].length), number: null, bullet: true };
  const n = NUMBERED.exec(line.text);
  if (n && n[0].length < line.text.length)
    return { ...subLine(line, n[0].length), number: n[1] ?? null, bullet: false };
  return null;
}

const GRADE_WORDS: Record<string, Grade> = {
  outstanding: 'outstanding',
  good: 'good',
  adequate: 'adequate',
  'requires improvement': 'requires-improvement',
  inadequate: 'inadequate',
};

/** "Good", "requires Improvement" → the grade; anything else → null. */
export function gradeOf(words: string): Grade | null {
  return GRADE_WORDS[words.trim().replace(/\s+/g, ' ').toLowerCase()] ?? null;
}

export const GRADE_PATTERN = 'outstanding|good|adequate|requires\\s+improvement|inadequate';

/**
 * The programme a title names: "PEEL 2016" → "peel-2016", "PEEL 2021/22" → "peel-2021-22",
 * "2023–25" or "2023-2025" → "peel-2023-25". Null when the title names no PEEL year.
 */
export function programmeOf(title: string): string | null {
  if (title.length > 500 || !/\bPEEL\b|effectiveness,? efficiency and legitimacy/i.test(title)) return null;
  const span = /\b(20\d\d)\s*[/–—-]\s*(20\d\d|\d\d)\b/.exec(title);
  if (span) return `peel-${span[1]}-${span[2]!.slice(-2)}`;
  const year = /\b(20\d\d)\b/.exec(title);
  return year ? `peel-${year[1]}` : null;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*';
/** "17 March 2023", "17th March 2023", "March 2023". */
export const HUMAN_DATE = `(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?${MONTH}\\.?,?\\s+\\d{4}`;

/** ISO form of an English date, or null (never throws). */
export function isoOf(human: string): string | null {
  const d = parseHuman(human);
  return d ? toIso(d) : null;
}

/** Sentences of a line (split after . ! ? followed by white space and a capital or quote), trimmed, with offsets. */
export function sentences(line: Line): Line[] {
  const out: Line[] = [];
  const re = /[.!?]['’"”)]?\s+(?=[A-Z‘“'"(])/g;
  let from = 0;
  for (const m of line.text.matchAll(re)) {
    const cut = m.index + m[0].trimEnd().length;
    const s = subLine(line, from, cut);
    if (s.text) out.push(s);
    from = m.index + m[0].length;
  }
  const last = subLine(line, from);
  if (last.text) out.push(last);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Forces

const GENERIC_SUFFIX = /-(?:police-service|police-force|police|constabulary)$/;

type ForceKey = { slug: string; key: string };

function forceKeys(forces: KnownForce[]): ForceKey[] {
  const keys: ForceKey[] = [];
  for (const f of forces) {
    for (const name of f.names) {
      const key = nameKey(name);
      if (!key) continue;
      keys.push({ slug: f.slug, key });
      const core = key.replace(GENERIC_SUFFIX, '');
      if (core && core !== key) keys.push({ slug: f.slug, key: core });
    }
  }
  return keys.sort((a, b) => b.key.length - a.key.length);
}

/** Recognises forces by nameKey: a whole name ("CLEVELAND POLICE"), or its place ("Cleveland") within a line. */
export class ForceMatcher {
  private readonly keys: ForceKey[];
  constructor(forces: KnownForce[]) {
    this.keys = forceKeys(forces);
  }

  /** The force a name refers to (exactly, or by its place name), or null. */
  resolve(name: string): string | null {
    if (name.length > 200) return null;
    const key = nameKey(name);
    if (!key) return null;
    const core = key.replace(GENERIC_SUFFIX, '');
    return this.keys.find((k) => k.key === key || k.key === core)?.slug ?? null;
  }

  /** The force whose name (or place name) appears in the line as whole words, longest first, or null. */
  within(line: string): string | null {
    if (line.length > 1000) return null;
    const hay = `-${nameKey(line)}-`;
    // Short keys ("met", "gmp") are too likely to be ordinary words inside a line.
    return this.keys.find((k) => k.key.length >= 4 && hay.includes(`-${k.key}-`))?.slug ?? null;
  }
}

// ---------------------------------------------------------------------------------------------
// Findings

const ASK = new RegExp(`\\bby\\s+(?:the\\s+end\\s+of\\s+)?(${HUMAN_DATE})`, 'gi');
const ENDS_SENTENCE = /[.!?]['’"”)]?$/;

type Ask = ExtractedFinding['asks'][number];

/** Dated asks ("by 1 May 2017") in an item's wording: one per date, with its sentence. */
export function asksIn(item: Line): Ask[] {
  if (!/\bby\s/i.test(item.text)) return [];
  const asks: Ask[] = [];
  const parts = sentences(item);
  let i = 0;
  for (const m of item.text.matchAll(ASK)) {
    const dueOn = isoOf(m[1] ?? '');
    if (!dueOn) continue;
    const at = item.start + m.index;
    while (i < parts.length - 1 && parts[i]!.end <= at) i++;
    const sentence = parts[i] ?? item;
    asks.push({ dueOn, text: sentence.text, source: { start: sentence.start, end: sentence.end } });
  }
  return asks;
}

export function earliestOf(dates: string[]): string | null {
  let best: string | null = null;
  for (const d of dates) if (best === null || compare(parseIso(d), parseIso(best)) < 0) best = d;
  return best;
}

export function finding(
  kind: ExtractedFinding['kind'],
  item: Line,
  fields: { area: string | null; number: string | null; parent?: string | null },
): ExtractedFinding {
  const asks = asksIn(item);
  return {
    kind,
    area: fields.area,
    number: fields.number,
    text: item.text,
    parent: fields.parent ?? null,
    dueOn: earliestOf(asks.map((a) => a.dueOn)),
    asks,
    children: [],
    source: { start: item.start, end: item.end },
  };
}

/**
 * Dated asks are recorded once, on the top-level finding: the parent takes its children's asks
 * (so its dueOn is the earliest of all), and each child keeps only its own dueOn.
 */
export function liftChildAsks(parent: ExtractedFinding): void {
  for (const child of parent.children) {
    parent.asks.push(...child.asks);
    child.asks = [];
  }
  parent.dueOn = earliestOf(parent.asks.map((a) => a.dueOn));
}

// ---------------------------------------------------------------------------------------------
// The PEEL report

/** Areas of the 2021/22 and 2023–25 frameworks, recognised as headings when a line says only that. */
const AREA_HEADINGS = new Set(
  [
    'Providing a service to victims of crime',
    'Providing a service to the victims of crime',
    'Recording data about crime',
    'engaging with and treating the public with fairness and respect',
    'Police powers and public treatment',
    'Preventing crime and anti-social behaviour',
    'Preventing and deterring crime and anti-social behaviour, and reducing vulnerability',
    'Responding to the public',
    'Investigating crime',
    'Protecting vulnerable people',
    'Managing offenders and suspects',
    'Managing offenders',
    'Disrupting serious organised crime',
    'Disrupting serious and organised crime',
    'building, supporting and protecting the workforce',
    'Developing a positive workplace',
    'Strategic planning, organisational management and value for money',
    'Leadership and force management',
  ].map((a) => nameKey(a)),
);

const QUESTION = /^How\b.{5,400}\?$/;
/** The pillar question ("…keeping people safe and reducing crime?") is a grouping, not an area, unless it states a grade. */
const PILLAR = /keeping people safe and reducing crime\?$/i;
const AFI_HEADING = /^areas?\s+for\s+improvement(?:\s+\d{1,3})?:?$/i;
const COC_HEADING = /^causes?\s+of\s+concern(?:\s+\d{1,3})?:?$/i;
const RECS_HEADING = /^recommendations?:?$/i;
const PRACTICE_HEADING = /^(?:innovative|promising)\s+practices?(?:\s+\d{1,3})?:?$/i;
const GRADE_LINE = new RegExp(`^(?:grade:\\s*)?(${GRADE_PATTERN})\\.?$`, 'i');
const GRADE_PHRASE = new RegExp(
  `\\b(?:is|was|are|were)\\s+(outstanding|good|adequate|inadequate)\\b|\\b(requires?|required)\\s+improvement\\b`,
  'i',
);
const SUBJECT = /^(.{2,80}?)\s+(?:is|was|are|requires|required)\s/;
const TABLE_HEADER = /^\|?\s*areas?\s*(?:\||\t)\s*(?:grade|judgement)s?\s*\|?$/i;
const PUBLISHED = new RegExp(`\\bpublished\\b\\D{0,20}?(${HUMAN_DATE})`, 'i');
const OWNS_CHILDREN = /(?::|\bhow it will)$/i;

type Heading = 'question' | 'area' | 'afi' | 'coc' | 'recs' | 'practice';

/** The grade a paragraph states ("Cleveland Police is good at…", "…requires improvement…"), with the sentence. */
function statedGrade(line: Line): { grade: Grade; sentence: Line } | null {
  for (const sentence of sentences(line)) {
    const m = GRADE_PHRASE.exec(sentence.text);
    if (!m) continue;
    const grade = m[1] ? gradeOf(m[1]) : 'requires-improvement';
    if (grade) return { grade, sentence };
  }
  return null;
}

function judgementTable(lines: Line[]): { rows: ExtractedJudgement[]; taken: Set<number> } {
  const rows: ExtractedJudgement[] = [];
  const taken = new Set<number>();
  const header = lines.findIndex((l) => l.text.length < 60 && TABLE_HEADER.test(l.text));
  if (header === -1) return { rows, taken };
  taken.add(header);
  for (let i = header + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text.length > 400 || !/[|\t]/.test(line.text)) break;
    const cells: Line[] = [];
    let from = 0;
    for (const m of line.text.matchAll(/[|\t]/g)) {
      cells.push(subLine(line, from, m.index));
      from = m.index + 1;
    }
    cells.push(subLine(line, from));
    const [area, grade] = cells.filter((c) => c.text !== '');
    if (!area) break;
    taken.add(i);
    rows.push({
      area: area.text,
      grade: grade ? gradeOf(grade.text) : null,
      source: { start: line.start, end: line.end },
    });
  }
  return { rows, taken };
}

function titleForceName(title: string): string | null {
  const of = /\b(?:inspection|assessment|report)\s+(?:of|on|into)\s+(?:the\s+)?(.{2,80})$/i.exec(title);
  if (of?.[1]) return of[1].trim();
  const before = /^(.{2,80}?)[\s:–—-]+PEEL\b/i.exec(title);
  return before?.[1]?.trim() ?? null;
}

/**
 * A PEEL inspection report (one force): its title, programme, publication date, the grade of each
 * question or area, and its findings (areas for improvement, causes of concern with their
 * recommendations, innovative or promising practice).
 */
export const parsePeelReport: Parser = (text, context) => {
  const lines = splitLines(text);
  const first = lines[0];
  if (!first) throw new ExtractionError('The document is empty: there is no PEEL report to read.');
  const title = first.text;
  const programme = programmeOf(title);

  let published: string | null = null;
  for (const line of lines.slice(0, 60)) {
    if (line.text.length > 300) continue;
    const m = PUBLISHED.exec(line.text);
    const iso = m?.[1] ? isoOf(m[1]) : null;
    if (iso) {
      published = iso;
      break;
    }
  }

  const table = judgementTable(lines);
  const tableKeys = new Set(table.rows.map((r) => nameKey(r.area)));

  const headingOf = (i: number): Heading | null => {
    if (table.taken.has(i)) return null;
    const t = lines[i]!.text;
    if (t.length > 400) return null;
    if (QUESTION.test(t)) return 'question';
    if (AFI_HEADING.test(t)) return 'afi';
    if (COC_HEADING.test(t)) return 'coc';
    if (RECS_HEADING.test(t)) return 'recs';
    if (PRACTICE_HEADING.test(t)) return 'practice';
    if (t.length > 150 || /[.:;,?!]$/.test(t) || !/^[A-Z]/.test(t) || listItem(lines[i]!)) return null;
    const key = nameKey(t);
    if (AREA_HEADINGS.has(key) || tableKeys.has(key)) return 'area';
    const next = lines[i + 1];
    if (next && GRADE_LINE.test(next.text)) return 'area';
    return null;
  };

  const judgements: ExtractedJudgement[] = [...table.rows];
  const findings: ExtractedFinding[] = [];
  const subjects: string[] = [];
  let area: string | null = null;
  let mode: 'none' | 'afi' | 'coc' | 'coc-items' | 'recs' | 'practice' = 'none';
  let afiCount = 0;
  let cocCount = 0;
  let recCount = 0;
  let practiceCount = 0;
  let afisInBlock = 0;
  let owner: ExtractedFinding | null = null; // an AFI whose wording ends "…how it will:"
  let coc: ExtractedFinding | null = null;

  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = headingOf(i);

    if (heading === 'question' || heading === 'area') {
      mode = 'none';
      owner = null;
      coc = null;
      area = line.text;
      const next = lines[i + 1];
      const nextIsHeading = next === undefined || headingOf(i + 1) !== null;
      let grade: Grade | null = null;
      let end = line.end;
      if (next && !nextIsHeading) {
        const gradeLine = GRADE_LINE.exec(next.text);
        const stated = gradeLine ? null : statedGrade(next);
        grade = gradeLine ? gradeOf(gradeLine[1] ?? '') : (stated?.grade ?? null);
        if (grade) end = gradeLine ? next.end : stated!.sentence.end;
        const subject = SUBJECT.exec((gradeLine ? lines[i + 2] : next)?.text.slice(0, 200) ?? '')?.[1];
        if (subject) subjects.push(subject);
      }
      const isGrouping =
        grade === null && (nextIsHeading || (heading === 'question' && PILLAR.test(line.text)));
      if (!isGrouping && !tableKeys.has(nameKey(line.text))) {
        judgements.push({ area: line.text, grade, source: { start: line.start, end } });
      }
      continue;
    }
    if (heading === 'afi') {
      mode = 'afi';
      owner = null;
      afisInBlock = 0;
      continue;
    }
    if (heading === 'coc') {
      mode = 'coc';
      owner = null;
      continue;
    }
    if (heading === 'recs') {
      mode = 'recs';
      owner = null;
      continue;
    }
    if (heading === 'practice') {
      mode = 'practice';
      owner = null;
      continue;
    }

    const item = listItem(line);
    switch (mode) {
      case 'afi': {
        if (!item && (afisInBlock > 0 || !/\bshould\b/i.test(line.text))) {
          mode = 'none';
          owner = null;
          break;
        }
        const wording = item ?? line;
        const last = owner?.children.at(-1);
        const continues = last ? !ENDS_SENTENCE.test(last.text) || /^[a-z]/.test(wording.text) : true;
        if (owner && item && continues) {
          owner.children.push(
            finding('area-for-improvement', wording, {
              area,
              number: String(owner.children.length + 1),
              parent: owner.number,
            }),
          );
          liftChildAsks(owner);
          break;
        }
        const afi = finding('area-for-improvement', wording, { area, number: String(++afiCount) });
        findings.push(afi);
        afisInBlock++;
        owner = OWNS_CHILDREN.test(afi.text) ? afi : null;
        break;
      }
      case 'coc': {
        // The paragraph after the heading is the cause of concern; a lead-in ending ":" stays part of it.
        coc = finding('cause-of-concern', item ?? line, { area, number: String(++cocCount) });
        findings.push(coc);
        mode = 'coc-items';
        break;
      }
      case 'coc-items':
      case 'recs': {
        if (!item) {
          if (line.text.endsWith(':') && line.text.length < 200) break; // "Within three months, the force should:"
          mode = 'none';
          break;
        }
        if (coc) {
          coc.children.push(
            finding('recommendation', item, {
              area,
              number: String(coc.children.length + 1),
              parent: coc.number,
            }),
          );
          liftChildAsks(coc);
        } else {
          findings.push(finding('recommendation', item, { area, number: String(++recCount) }));
        }
        break;
      }
      case 'practice': {
        // A short title line without a full stop is kept with the paragraph that describes it.
        let wording: Line = item ?? line;
        const next = lines[i + 1];
        if (
          !item &&
          !ENDS_SENTENCE.test(line.text) &&
          line.text.length < 150 &&
          next &&
          headingOf(i + 1) === null &&
          !listItem(next)
        ) {
          wording = { start: line.start, end: next.end, text: text.slice(line.start, next.end) };
          i++;
        }
        findings.push(finding('innovative-practice', wording, { area, number: String(++practiceCount) }));
        mode = 'none';
        break;
      }
      case 'none':
        break;
    }
  }

  if (judgements.length === 0 && findings.length === 0 && programme === null) {
    throw new ExtractionError(
      'The text is not a PEEL report this parser can read: it has no PEEL year in its title, no graded questions or areas, and no areas for improvement.',
    );
  }

  const matcher = new ForceMatcher(context.forces);
  const bySubject = subjects
    .filter((s) => !/^(?:the\s+)?(?:force|it|this|we|they)$/i.test(s))
    .map((s) => ({ name: s, slug: matcher.resolve(s) }));
  const slug = matcher.within(title) ?? bySubject.find((s) => s.slug)?.slug ?? null;
  const forceName =
    (slug ? bySubject.find((s) => s.slug === slug)?.name : undefined) ??
    bySubject.find((s) => /\b(?:police|constabulary|police service)$/i.test(s.name))?.name ??
    titleForceName(title) ??
    bySubject[0]?.name ??
    '';
  const forceRef: ForceRef = { force: slug, forceName };
  const source: SourceRange = { start: first.start, end: lines.at(-1)!.end };

  return {
    ...emptyExtracted(),
    inspections: [{ ...forceRef, programme, title, published, type: 'peel', judgements, findings, source }],
  };
};
