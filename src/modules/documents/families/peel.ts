import { readFileSync } from 'node:fs';
import { nameKey } from '../../forces/index.js';
import { matchArea } from '../area-match.js';
import {
  ExtractionError,
  emptyExtracted,
  type Extracted,
  type ExtractedFinding,
  type ExtractedInspection,
  type ExtractedJudgement,
  type Grade,
  type InspectionType,
  type SourceRange,
} from '../extraction.types.js';
import { gradeOf, parsePeelReport, programmeOf } from '../parsers/peel-report.parser.js';
import { findDates, firstDate, sentencesOf, type Block } from '../reading/index.js';
import type { ReadContext } from './context.js';

/*
 * PEEL pages and reports of every cycle (2014 to 2023–25), and other graded force inspections
 * (crime data integrity, child protection, cause-of-concern revisits), read from the document model.
 *
 * Grades are read, strongest first, from: a grade table or matrix, "Area: Grade" lines and a grade
 * line under an area or question heading; the statement that opens a question's section ("The
 * force is good at…"); the pillar statements of a force page ("The extent to which the force is
 * effective at … is good"); and graded statements in prose ("the force is good at preventing
 * crime", "its approach to investigating crime requires improvement"), kept only when they name a
 * programme area. A statement about an earlier year counts only for a question the page says was
 * carried over. Two different grades for one area at the same strength: neither is written.
 *
 * The legacy reader (parsers/peel-report.parser.ts) still reads the question-and-prose layout of
 * the 2016/17 reports (and their areas for improvement, causes of concern and recommendations):
 * when it recognises the layout its result is kept, and this reading only adds what it left out.
 */

// ---------------------------------------------------------------------------------------------
// Programmes and their areas (reference/programmes.json, read once)

type ProgrammeArea = { slug: string; name: string; pillar: string | null };
type Programme = { slug: string; startYear: number; endYear: number; areas: ProgrammeArea[] };

type RawArea = { slug: string; name: string; children?: RawArea[] };
type RawProgramme = { slug: string; kind?: string; startYear: number; endYear: number; areas: RawArea[] };

function loadProgrammes(): Programme[] {
  try {
    const file = new URL('../../../../reference/programmes.json', import.meta.url);
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { programmes: RawProgramme[] };
    return raw.programmes
      .filter((p) => p.slug.startsWith('peel-'))
      .map((p) => ({
        slug: p.slug,
        startYear: p.startYear,
        endYear: p.endYear,
        areas: p.areas.flatMap((a) => [
          { slug: a.slug, name: a.name, pillar: null },
          ...(a.children ?? []).map((c) => ({ slug: c.slug, name: c.name, pillar: a.slug })),
        ]),
      }));
  } catch {
    return [];
  }
}

const PROGRAMMES = loadProgrammes();

/** The programme for a year or a span ("2018", "2018/19", "2023–2025"), when the reference has it. */
function programmeForYears(first: number, second: number | null): string | null {
  if (second !== null) {
    const slug = `peel-${first}-${String(second).slice(-2)}`;
    return PROGRAMMES.some((p) => p.slug === slug) ? slug : null;
  }
  const exact = PROGRAMMES.find((p) => p.slug === `peel-${first}`);
  if (exact) return exact.slug;
  // A cycle named by its first year ("PEEL 2018" for 2018/19).
  const spans = PROGRAMMES.filter((p) => p.startYear === first && p.endYear > first && /-\d\d$/.test(p.slug));
  return spans.length === 1 ? spans[0]!.slug : null;
}

/** A programme slug as the legacy reader writes it ("peel-2018") → a programme of the reference. */
function knownProgramme(slug: string | null): string | null {
  if (!slug) return null;
  const m = /^peel-(20\d\d)(?:-(\d\d))?$/.exec(slug);
  if (!m) return null;
  return programmeForYears(Number(m[1]), m[2] ? Number(`20${m[2]}`) : null);
}

const YEARS = /\b(20\d\d)(?:\s*[/–—‐‑-]\s*((?:20)?\d\d))?\b/;
const yearsIn = (s: string): string | null => {
  const m = YEARS.exec(s);
  if (!m) return null;
  const second = m[2] ? Number(m[2].length === 2 ? `${m[1]!.slice(0, 2)}${m[2]}` : m[2]) : null;
  return programmeForYears(Number(m[1]), second !== null && second > Number(m[1]) ? second : null);
};

// ---------------------------------------------------------------------------------------------
// Areas

const PILLARS: Array<{ slug: string; name: string; re: RegExp }> = [
  { slug: 'effectiveness', name: 'Effectiveness', re: /\beffective(?:ness|ly)?\b/i },
  { slug: 'efficiency', name: 'Efficiency', re: /\befficien(?:cy|t|tly)\b/i },
  { slug: 'legitimacy', name: 'Legitimacy', re: /\blegitima(?:cy|te|tely)\b/i },
  { slug: 'leadership', name: 'Leadership', re: /\bleadership\b/i },
];

/** The pillar question of a force page ("How effective is the force at keeping people safe and reducing crime?"). */
const PILLAR_QUESTION =
  /^(?:How\s+(?:effective|efficient(?:ly)?|legitimate|well\s+led)\b.*\b(?:keeping\s+people\s+safe\s+and\s+reducing\s+crime|reducing\s+crime\s+and\s+keeping\s+people\s+safe|operate\b.*\bsustainable|sustainab)|How\s+legitimately\b)/i;

const STOP = new Set(
  'the and of to a an in at is how its with for are it from well does what extent which that this their by on or do does force forces constabulary police service there those who'.split(
    ' ',
  ),
);
const stems = (s: string): Set<string> =>
  new Set(
    nameKey(s)
      .split('-')
      .filter((w) => w.length > 2 && !STOP.has(w))
      .map((w) => w.slice(0, 4)),
  );

type Resolved = { key: string; name: string; pillar: boolean };

function pillarOf(label: string): (typeof PILLARS)[number] | null {
  for (const p of PILLARS) if (p.re.test(label)) return p;
  return null;
}

/**
 * The programme area a label refers to (a question, an activity, a table cell): its name and a key
 * to compare judgements by; null when no area of the programme is close.
 */
const resolvedCache = new Map<string, Resolved | null>();
function resolveArea(label: string, programme: Programme | null, asPillar: boolean): Resolved | null {
  const cacheKey = `${programme?.slug ?? ''}\u0000${asPillar ? 1 : 0}\u0000${label}`;
  const cached = resolvedCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const r = resolveAreaNow(label, programme, asPillar);
  if (resolvedCache.size > 10_000) resolvedCache.clear();
  resolvedCache.set(cacheKey, r);
  return r;
}

function resolveAreaNow(label: string, programme: Programme | null, asPillar: boolean): Resolved | null {
  if (asPillar) {
    const p = pillarOf(label);
    if (!p) return null;
    const own = programme?.areas.find((a) => a.slug === p.slug && a.pillar === null);
    return { key: `pillar:${p.slug}`, name: own?.name ?? p.name, pillar: true };
  }
  if (!programme) return null;
  const areas = programme.areas.filter((a) => a.pillar !== null || !PILLARS.some((p) => p.slug === a.slug));
  if (label.length > 300 || areas.length === 0) return null;
  const direct = matchArea(label, areas);
  if (direct) return { key: `area:${direct.slug}`, name: direct.name, pillar: false };
  const mine = stems(label);
  if (mine.size < 2) return null;
  let best: { area: ProgrammeArea; score: number } | null = null;
  for (const area of areas) {
    const theirs = stems(area.name);
    let shared = 0;
    for (const w of mine) if (theirs.has(w)) shared++;
    const score = shared / Math.max(2, Math.min(mine.size, theirs.size));
    if (shared >= 2 && score > (best?.score ?? 0)) best = { area, score };
  }
  return best && best.score >= 0.6
    ? { key: `area:${best.area.slug}`, name: best.area.name, pillar: false }
    : null;
}

// ---------------------------------------------------------------------------------------------
// Grades in text

const GRADE = '(outstanding|good|adequate|inadequate|requires?\\s+improvement|required\\s+improvement)';
const GRADE_ONLY = new RegExp(`^(?:(?:overall\\s+)?(?:grade|judge?ment)\\s*:?\\s*)?${GRADE}\\.?$`, 'i');
const UNGRADED_ONLY = /^(?:to\s+be\s+graded|not\s+yet\s+graded|not\s+graded|ungraded)\.?$/i;
/** The headline judgement of an inspection ("Overall judgment: Inadequate"). */
const OVERALL = /^overall(?:\s+(?:judge?ment|grade|assessment))?$/i;
/** "We judge the force (its crime recording…) to be inadequate." */
const JUDGED_AS =
  /\b(?:we|I)\s+(?:have\s+)?(?:now\s+)?(?:judge|judged|assess|assessed|grade|graded|rate|rated)\s+(.{2,120}?)\s+(?:to\s+be|as)$/i;
/** A cheap test before a block's sentences are read: it names a grade. */
const MAY_GRADE = /outstanding|good|adequate|improvement|graded/i;
const UNGRADED_PILLAR =
  /^(?:the\s+)?extent\s+to\s+which\s+(.{5,200}?)\s*(?::|\bis:?)\s*(?:not\s+yet\s+graded|to\s+be\s+graded)\.?$/i;
const AREA_GRADE = new RegExp(
  `^(.{3,160}?)\\s*(?::|\\s[–—-])\\s*(?:grade(?:d)?\\s*:?\\s*)?${GRADE}\\.?$`,
  'i',
);
const GRADE_WORD = new RegExp(`\\b${GRADE}\\b`, 'gi');
const QUESTION = /^(?:How|To\s+what\s+extent|What|Does|Is)\b.{5,400}\?$/;
const LAST_UPDATED = /^(?:last\s+)?updated\b|^published\b/i;
const CARRIED =
  /\bcarried\s+(?:over|forward)\b|\bstill\s+stands?\b|\bnot\s+(?:subject\s+to\s+(?:detailed\s+)?inspection|(?:re-?)?inspected)\b/i;
const PAST =
  /\blast\s+year|\bprevious\s+(?:year|inspection|assessment|report)|\bearlier\s+(?:inspection|report)/i;
const SUBJECT_WORD = /(?:\bthe\s+(?:force|constabulary|service)|\bit|\bthey)$/i;
const VERB_TAIL =
  /\s+(?:(?:is|are|remains|remained|was|were|has\s+been|had\s+been|continues\s+to\s+be)(?:\s+(?:also|now|still|currently|assessed\s+as|judged\s+(?:to\s+be|as)|rated\s+as|graded\s+as))?|to\s+be|as)$/i;
const PILLAR_PHRASE =
  /^(?:keeping\s+people\s+safe\s+and\s+reducing\s+crime|reducing\s+crime\s+and\s+keeping\s+people\s+safe)$/i;
const APPROACH = /['’]s\s+(?:overall\s+)?(?:approach\s+to|performance\s+(?:in|at))\s+(.{3,150})$/i;

const toGrade = (word: string): Grade | null =>
  /^requir/i.test(word) ? 'requires-improvement' : gradeOf(word.toLowerCase());

/** The activity after "good at" or "requires improvement in the way it": up to the clause's end. */
function activityAfter(after: string): string | null {
  const m =
    /^\s+(?:at|in)\s+(?:the\s+way\s+(?:in\s+which\s+)?(?:it|the\s+force|the\s+constabulary)\s+|how\s+(?:it|the\s+force)\s+)?([^,;.:()]{3,150})/i.exec(
      after,
    );
  if (!m) return null;
  const words = m[1]!.split(/\s+(?:but|however|although|while|whilst|because|which|as\s+it)\b/i)[0]!.trim();
  return words.length >= 3 ? words : null;
}

type Candidate = {
  key: string;
  area: string;
  grade: Grade | null;
  rank: number;
  source: SourceRange;
  past?: true;
};

// ---------------------------------------------------------------------------------------------
// The reading

type Heading = { block: Block; resolved: Resolved | null; question: boolean };

const BOILERPLATE =
  /^(?:skip\s+to\s+(?:main\s+)?content|read\s+more\s+about\b|contents|menu|home|cookies?\b)/i;

function titleOf(ctx: ReadContext): { text: string; source: SourceRange } | null {
  if (ctx.title?.trim()) {
    const t = ctx.title.trim();
    const at = ctx.text.indexOf(t);
    return { text: t, source: at >= 0 ? { start: at, end: at + t.length } : { start: 0, end: 0 } };
  }
  for (const b of ctx.model.blocks.slice(0, 6)) {
    if (BOILERPLATE.test(b.text) || b.text.length > 200) continue;
    return { text: b.text, source: { start: b.start, end: b.end } };
  }
  return null;
}

const PEEL_WORD = /\bPEEL\b|police\s+effectiveness,?\s+efficiency\s+and\s+legitimacy/i;
const PEEL_YEAR =
  /\bPEEL(?:\s*[:–—-]\s*police\s+effectiveness,?\s+efficiency\s+and\s+legitimacy)?(?:\s+(?:assessment\s+framework|inspections?|assessments?|programme|reports?))?\s+(20\d\d(?:\s*[/–—‐‑-]\s*(?:20)?\d\d)?)\b/gi;

function programmeFor(ctx: ReadContext, title: string, problems: string[]): string | null {
  const own = knownProgramme(programmeOf(title));
  if (own) return own;
  const blocks = ctx.model.blocks;
  const isPeel = blocks.slice(0, 40).some((b) => PEEL_WORD.test(b.text));
  if (!isPeel) return null;
  const fromTitle = yearsIn(title);
  if (fromTitle) return fromTitle;
  const found = new Set<string>();
  for (const b of blocks) {
    if (!/PEEL/.test(b.text) || b.text.length > 5000) continue;
    for (const m of b.text.matchAll(PEEL_YEAR)) {
      const p = yearsIn(m[1]!);
      if (p) found.add(p);
    }
  }
  if (found.size === 1) return [...found][0]!;
  if (found.size > 1)
    problems.push(`The text names several PEEL cycles (${[...found].join(', ')}); no programme written.`);
  return null;
}

const PUBLISHED_LABEL =
  /^(?:date\s+)?(?:first\s+)?published(?:\s+on)?\b|^publication\s+date\b|^date\s+of\s+publication\b/i;

/** The publication date only where the document labels it so ("Published on: 21 October 2022"). */
function publishedOf(ctx: ReadContext): string | null {
  const blocks = ctx.model.blocks.slice(0, 40);
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.text.length > 120 || !PUBLISHED_LABEL.test(b.text)) continue;
    const own = firstDate(ctx.text, b.start, b.end);
    const next = blocks[i + 1];
    const date = own ?? (next && next.text.length <= 40 ? firstDate(ctx.text, next.start, next.end) : null);
    if (date && date.precision !== 'year') return date.iso;
  }
  return null;
}

function typeOf(title: string, programme: string | null, lead: string): InspectionType | null {
  const head = `${title}\n${lead}`;
  if (
    /\brevisit\b|\bre[\s\-‐‑–]?inspection\b|\bfollow[\s-]?up\b|\bpost[\s-]inspection\s+review\b/i.test(title)
  )
    return 'revisit';
  if (programme || PEEL_WORD.test(title)) return 'peel';
  if (/\bcrime\s+data\s+integrity\b|\bchild\s+protection\b|\bcustody\b|\binspection\s+of\b/i.test(head))
    return 'force-specific';
  return null;
}

/** The subject force, and how the document names it. */
function forceOf(
  ctx: ReadContext,
  title: string,
  titleRange: SourceRange,
): { slug: string; name: string } | null {
  let slug = ctx.subject;
  if (!slug) {
    const inTitle = new Set(
      ctx.finder.mentions(ctx.text, titleRange.start, titleRange.end).map((m) => m.slug),
    );
    if (inTitle.size === 1) slug = [...inTitle][0]!;
    else {
      const byName = ctx.finder.resolve(title);
      if (byName) slug = byName;
    }
  }
  if (!slug) return null;
  // How the document names it: the first mention in its opening (never a scan of the whole text).
  const mentions = ctx.finder
    .mentions(ctx.text, 0, Math.min(ctx.text.length, 20_000))
    .filter((m) => m.slug === slug);
  const named = mentions.find((m) => m.strength === 'name') ?? mentions[0];
  const official = ctx.forces.find((f) => f.slug === slug)?.names[0];
  return { slug, name: named?.name.replace(/\s+/g, ' ') ?? official ?? slug };
}

/** Every grade the document states, as candidates (one area may have several). */
function readGrades(
  ctx: ReadContext,
  programme: Programme | null,
  docYear: number | null,
  force: { slug: string } | null,
): { candidates: Candidate[]; headings: Heading[]; carried: Set<string> } {
  const { blocks } = ctx.model;
  const text = ctx.text;
  const candidates: Candidate[] = [];
  const headings: Heading[] = [];
  const carried = new Set<string>();
  const consumed = new Set<number>();

  const keyFor = (label: string, asPillar: boolean): Resolved => {
    if (OVERALL.test(label.trim())) return { key: 'overall', name: 'Overall', pillar: false };
    const r = resolveArea(label, programme, asPillar);
    return r ?? { key: `text:${nameKey(label)}`, name: label, pillar: false };
  };
  const add = (label: string, grade: Grade | null, rank: number, source: SourceRange, asPillar = false) => {
    const r = keyFor(label, asPillar);
    candidates.push({ key: r.key, area: r.name, grade, rank, source });
  };

  // The subject force named right before a position ("Kent Police" in "Kent Police is good at").
  const subjectEndsAt = (from: number, to: number): boolean => {
    if (!force) return false;
    const found = ctx.finder.mentions(text, Math.max(from, to - 80), to);
    const last = found[found.length - 1];
    return !!last && last.slug === force.slug && last.end === to;
  };

  // The subject force (or "the force", "its crime recording") as the one judged.
  const isForce = (words: string, end: number): boolean => {
    const w = words.replace(/['’]s\s+.{2,80}$/, '');
    if (/^(?:the\s+(?:force|constabulary|service)|it)$/i.test(w.trim()) || /^its\b/i.test(words)) return true;
    if (!force) return false;
    return ctx.finder.mentions(text, Math.max(0, end - 130), end).some((m) => m.slug === force.slug);
  };

  let table: Array<Grade | null> | null = null;
  let markdown = false;
  for (let i = 1; i < blocks.length; i++) {
    const b = blocks[i]!;
    const t = b.text;

    // Tables: a matrix under a header of grades, or rows of an area and its grade.
    if (b.type === 'row' && b.cells) {
      const own = rowCells(text, b, true);
      const ownGrades = own.map((c) => (c ? toGradeCell(c) : null));
      if (own.filter((c) => c !== '').length >= 2 && own.every((c, j) => c === '' || ownGrades[j])) {
        table = ownGrades;
        markdown = /^\s*\|/.test(text.slice(text.lastIndexOf('\n', b.start) + 1, b.start + 1));
        continue;
      }
      const cells = rowCells(text, b, markdown);
      if (table) {
        cells.forEach((c, j) => {
          const g = table![j];
          if (c && g && !toGradeCell(c)) add(c, g, 4, cellRange(text, b, c));
        });
        continue;
      }
      const filled = cells.filter((c) => c !== '');
      if (filled.length === 2 && !toGradeCell(filled[0]!) && toGradeCell(filled[1]!))
        add(filled[0]!, toGradeCell(filled[1]!), 4, { start: b.start, end: b.end });
      continue;
    }
    table = null;
    if (t.length > 5000) continue;

    // "Area: Grade".
    const ag = t.length <= 200 ? AREA_GRADE.exec(t) : null;
    if (
      ag &&
      !QUESTION.test(ag[1]!) &&
      !/[.!?]/.test(ag[1]!) &&
      !/\b(?:is|are|was|were|be|been|remains)$|^(?:the\s+)?extent\b/i.test(ag[1]!.trim()) &&
      ag[1]!.split(/\s+/).length <= 16
    ) {
      const label = ag[1]!.replace(/^(?:overall\s+)?(?:grade|judge?ment)\s+(?:for|of)\s+/i, '');
      const asPillar = /^(?:effectiveness|efficiency|legitimacy|leadership)$/i.test(label.trim());
      add(label.trim(), toGrade(ag[2]!), 4, { start: b.start, end: b.end }, asPillar);
      continue;
    }

    // A grade line alone: under the heading above it, or heading a list of areas (a matrix as lines).
    const only = t.length <= 60 ? GRADE_ONLY.exec(t) : null;
    if (only || UNGRADED_ONLY.test(t)) {
      const grade = only ? toGrade(only[1]!) : null;
      const next = blocks[i + 1];
      if (only && next?.type === 'item') {
        for (let j = i + 1; j < blocks.length && blocks[j]!.type === 'item'; j++) {
          const item = blocks[j]!;
          if (item.text.length <= 150 && !/[.!?]$/.test(item.text))
            add(item.text, grade, 4, { start: item.start, end: item.end });
          consumed.add(j);
          i = j;
        }
        continue;
      }
      // The heading it grades: the nearest block above, past "Last updated" lines.
      let h = i - 1;
      while (h > 0 && LAST_UPDATED.test(blocks[h]!.text) && blocks[h]!.text.length < 60) h--;
      const head = blocks[h]!;
      if (h > 0 && (head.type === 'heading' || QUESTION.test(head.text)) && !consumed.has(h)) {
        const isPillar =
          PILLAR_QUESTION.test(head.text) || /^(?:effectiveness|efficiency|legitimacy)$/i.test(head.text);
        add(head.text, grade, 3, { start: head.start, end: b.end }, isPillar);
        consumed.add(h);
      }
      continue;
    }

    // A question or area heading: its grade is the statement opening its section.
    const question = b.type !== 'item' && QUESTION.test(t);
    const areaHeading =
      !question && b.type === 'heading' && !BOILERPLATE.test(t) && !!resolveArea(t, programme, false);
    if (question || areaHeading) {
      const isPillar = question && PILLAR_QUESTION.test(t);
      const resolved = isPillar ? resolveArea(t, programme, true) : resolveArea(t, programme, false);
      headings.push({ block: b, resolved, question });
      let j = i + 1;
      while (j < blocks.length && LAST_UPDATED.test(blocks[j]!.text) && blocks[j]!.text.length < 60) j++;
      const first = blocks[j];
      if (!first || first.type === 'heading' || first.type === 'row' || QUESTION.test(first.text)) {
        if (question && !isPillar && programme) add(t, null, 0, { start: b.start, end: b.end });
        continue;
      }
      if (GRADE_ONLY.test(first.text) || UNGRADED_ONLY.test(first.text)) continue; // read as a grade line
      if (CARRIED.test(first.text)) {
        carried.add(keyFor(t, isPillar).key);
        if (question && !isPillar) add(t, null, 0, { start: b.start, end: b.end });
        continue;
      }
      const opening = sentencesOf(text, first).slice(0, 2);
      let graded = false;
      for (const s of opening) {
        const g = statedGrade(s.text);
        if (g === undefined) continue;
        add(t, g, 2, { start: b.start, end: s.end }, isPillar);
        consumed.add(j);
        graded = true;
        break;
      }
      if (!graded && question && !isPillar && programme) add(t, null, 0, { start: b.start, end: b.end });
      continue;
    }

    // Prose: pillar statements and graded activities.
    if (b.type !== 'paragraph' && b.type !== 'item' && b.type !== 'heading') continue;
    // "In terms of its effectiveness, the force is good at…": the graded activities of a pillar.
    const inPillarTerms = /\bin\s+terms\s+of\s+its\s+(?:effectiveness|efficiency|legitimacy)\b/i.test(t);
    if (!MAY_GRADE.test(t)) continue;
    for (const s of sentencesOf(text, b)) {
      if (s.text.length > 800) continue;
      const ungraded = UNGRADED_PILLAR.exec(s.text);
      if (ungraded && pillarOf(ungraded[1]!)) {
        candidates.push(candidateOf(ungraded[1]!, null, 2, { start: s.start, end: s.end }, true));
        continue;
      }
      if (!MAY_GRADE.test(s.text)) continue;
      const past = isPast(s.text, docYear);
      let continues = false;
      for (const clause of clauses(s)) {
        for (const m of clause.text.matchAll(GRADE_WORD)) {
          const at = m.index;
          const grade = toGrade(m[1]!);
          const before = clause.text.slice(Math.max(0, at - 300), at).trimEnd();
          const after = clause.text.slice(at + m[0].length);
          const absBefore =
            clause.start + at - (clause.text.slice(Math.max(0, at - 300), at).length - before.length);
          // Pillar: "The extent to which the force is effective at … is good."
          if (
            /^\s*[.;,]?\s*(?:and)?\s*$/.test(after) &&
            /(?:\bis|:|\bis:|\bbe|\bas)\s*$|\w\s*$/i.test(before)
          ) {
            const lead = before.replace(/\s*(?:\bis|:|\bis:|\bbe|\bas)\s*$/i, '');
            const riOk = /^requir/i.test(m[1]!) || lead !== before;
            if (
              riOk &&
              /\bextent\s+to\s+which\b|^\s*(?:in\s+terms\s+of\s+)?(?:the|its)\s+(?:effectiveness|efficiency|legitimacy|leadership)\b|\boverall\s+(?:grade|judge?ment)\b/i.test(
                lead,
              ) &&
              pillarOf(lead)
            ) {
              const c = { ...candidateOf(lead, grade, 2, { start: clause.start, end: clause.end }, true) };
              if (past) c.past = true;
              candidates.push(c);
              continue;
            }
          }
          // A headline judgement of an inspection without areas: "We judge the force to be inadequate."
          const judgedAs = !programme && /^\s*[.;,]?\s*$/.test(after) ? JUDGED_AS.exec(before) : null;
          if (judgedAs && !past && isForce(judgedAs[1]!, absBefore)) {
            candidates.push(candidateOf('Overall', grade, 2, { start: s.start, end: s.end }, false));
            continue;
          }
          // "assessed as good in respect of the efficiency with which…"
          const respect = /^\s+in\s+respect\s+of\s+(?:the\s+|its\s+)?(\w+)/i.exec(after);
          if (
            respect &&
            pillarOf(respect[1]!) &&
            /\b(?:assessed|judged|graded|rated)\s+(?:as|to\s+be)\s*$/i.test(before)
          ) {
            const c = candidateOf(respect[1]!, grade, 2, { start: clause.start, end: clause.end }, true);
            if (past) c.past = true;
            candidates.push(c);
            continue;
          }
          // Activity: "<the force> is good at <activity>", "<its> approach to <activity> requires improvement".
          let activity: string | null;
          let head: string;
          let headEnd: number;
          if (/^requir/i.test(m[1]!)) {
            head = before.replace(/\s+(?:still|also|now)?\s*$/i, '');
            headEnd = absBefore - (before.length - head.length);
            const approach = APPROACH.exec(head);
            if (approach && /^\s*[.;,]?\s*$/.test(after)) {
              activity = approach[1]!.trim();
              head = head.slice(0, approach.index);
              headEnd = absBefore - (before.length - head.length);
            } else activity = activityAfter(after);
          } else {
            const tail = VERB_TAIL.exec(before);
            if (!tail) continue;
            head = before.slice(0, tail.index);
            headEnd = absBefore - (before.length - head.length);
            activity = activityAfter(after);
          }
          if (!activity) continue;
          const judged = /\b(?:we\s+)?(?:judged?|assessed|found|graded|rated)\s+(.{2,80})$/i.exec(head);
          const subjectText = judged ? judged[1]! : head;
          const subjectEnd = headEnd;
          const subjectOk =
            SUBJECT_WORD.test(subjectText) ||
            subjectEndsAt(subjectEnd - subjectText.length, subjectEnd) ||
            (continues && /(?:^|,)\s*and$/i.test(head.trim()));
          if (!subjectOk) continue;
          continues = true;
          if (PILLAR_PHRASE.test(activity)) {
            const c = candidateOf(
              pillarOf(head)?.name ?? 'Effectiveness',
              grade,
              1,
              { start: s.start, end: s.end },
              true,
            );
            if (past) c.past = true;
            candidates.push(c);
            continue;
          }
          const resolved = resolveArea(activity, programme, false);
          const pillarContext = inPillarTerms;
          if (!resolved && !pillarContext) continue;
          const c: Candidate = resolved
            ? {
                key: resolved.key,
                area: resolved.name,
                grade,
                rank: 1,
                source: { start: s.start, end: s.end },
              }
            : {
                key: `text:${nameKey(activity)}`,
                area: activity,
                grade,
                rank: 1,
                source: { start: s.start, end: s.end },
              };
          if (past) c.past = true;
          candidates.push(c);
        }
      }
    }
  }
  return { candidates, headings, carried };

  function candidateOf(
    label: string,
    grade: Grade | null,
    rank: number,
    source: SourceRange,
    asPillar: boolean,
  ): Candidate {
    const r = keyFor(label, asPillar);
    return { key: r.key, area: r.name, grade, rank, source };
  }
}

/**
 * A row's cells, empty ones included: the model trims the line, so a row whose first cell is
 * empty (" | Investigating crime | …") would lose it and shift the columns of a matrix.
 */
function rowCells(text: string, b: Block, markdown: boolean): string[] {
  const from = text.lastIndexOf('\n', b.start) + 1;
  let to = text.indexOf('\n', b.end);
  if (to === -1) to = text.length;
  const raw = text.slice(from, to);
  if (!raw.includes('|')) return b.cells ?? [];
  const cells = raw.split('|').map((c) => c.trim());
  // A Markdown table ("| a | b |", its header written so too) opens each row with a pipe.
  return markdown && /^\s*\|/.test(raw) ? cells.slice(1) : cells;
}

/** A grade table cell ("Requires improvement", "Good") → its grade, else null. */
function toGradeCell(cell: string): Grade | null {
  const c = cell.trim().replace(/\.$/, '');
  return c.length <= 30 && new RegExp(`^${GRADE}$`, 'i').test(c) ? toGrade(c) : null;
}

function cellRange(text: string, b: Block, cell: string): SourceRange {
  const at = text.indexOf(cell, b.start);
  return at >= 0 && at + cell.length <= b.end
    ? { start: at, end: at + cell.length }
    : { start: b.start, end: b.end };
}

/** The grade a section's opening sentence states (undefined: none; null: "not yet graded"). */
function statedGrade(sentence: string): Grade | null | undefined {
  if (sentence.length > 800) return undefined;
  if (/\bnot\s+yet\s+(?:been\s+)?graded\b|\bto\s+be\s+graded\b/i.test(sentence)) return null;
  const m = new RegExp(
    `\\b(?:is|are|was|remains|be|as)\\s+(?:also\\s+|now\\s+|still\\s+)?(outstanding|good|adequate|inadequate)\\b(?!\\s+(?:progress|work|practice|understanding|service|relationships?|level|quality|example|range|use|start))|\\b(requires?|required)\\s+improvement\\b`,
    'i',
  ).exec(sentence);
  if (!m) return undefined;
  return m[1] ? gradeOf(m[1]) : 'requires-improvement';
}

/** A sentence about an earlier year or inspection ("In 2017, we judged…", "last year's inspection"). */
function isPast(sentence: string, docYear: number | null): boolean {
  if (PAST.test(sentence)) return true;
  if (docYear === null || !/\b(?:19|20)\d\d\b/.test(sentence)) return false;
  for (const d of findDates(sentence)) if (Number(d.iso.slice(0, 4)) < docYear) return true;
  return false;
}

/** The clauses of a sentence, split at semicolons. */
function clauses(s: SourceRange & { text: string }): Array<SourceRange & { text: string }> {
  const out: Array<SourceRange & { text: string }> = [];
  let from = 0;
  for (const m of s.text.matchAll(/;/g)) {
    out.push({ start: s.start + from, end: s.start + m.index, text: s.text.slice(from, m.index) });
    from = m.index + 1;
  }
  out.push({ start: s.start + from, end: s.end, text: s.text.slice(from) });
  return out;
}

/** One judgement per area: the strongest reading; two different grades at one strength, none. */
function settle(candidates: Candidate[], carried: Set<string>, problems: string[]): ExtractedJudgement[] {
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.past && !carried.has(c.key)) continue;
    const list = byKey.get(c.key) ?? [];
    list.push(c);
    byKey.set(c.key, list);
  }
  const out: Array<ExtractedJudgement & { at: number }> = [];
  for (const list of byKey.values()) {
    const graded = list.filter((c) => c.grade !== null);
    const pool = graded.length > 0 ? graded : list;
    const top = Math.max(...pool.map((c) => c.rank));
    const best = pool.filter((c) => c.rank === top);
    const grades = new Set(best.map((c) => c.grade));
    if (grades.size > 1) {
      problems.push(`Two grades for "${best[0]!.area}" (${[...grades].join(', ')}); none written.`);
      continue;
    }
    const first = list.reduce((a, c) => (c.source.start < a.source.start ? c : a));
    out.push({ area: best[0]!.area, grade: best[0]!.grade, source: best[0]!.source, at: first.source.start });
  }
  return out.sort((a, b) => a.at - b.at).map(({ area, grade, source }) => ({ area, grade, source }));
}

// ---------------------------------------------------------------------------------------------

/** PEEL pages and reports of every cycle, and other graded force inspections. */
export function extractPeel(ctx: ReadContext): Extracted {
  let legacy: ExtractedInspection | null = null;
  try {
    legacy = parsePeelReport(ctx.text, { forces: ctx.forces }).inspections[0] ?? null;
  } catch (error) {
    if (!(error instanceof ExtractionError)) throw error;
  }

  const problems: string[] = [];
  const title = titleOf(ctx);
  if (!title) throw new ExtractionError('The document is empty: there is no inspection to read.');
  const programmeSlug = programmeFor(ctx, title.text, problems);
  const programme = PROGRAMMES.find((p) => p.slug === programmeSlug) ?? null;
  const force = forceOf(ctx, title.text, title.source);
  const docYear =
    programme?.startYear ??
    (YEARS.exec(title.text) ? Number(YEARS.exec(title.text)![1]) : null) ??
    (ctx.date ? Number(ctx.date.iso.slice(0, 4)) : null);
  const { candidates, headings, carried } = readGrades(ctx, programme, docYear, force);

  // The legacy reading, kept whole when it recognised the layout (a titled PEEL report of a known
  // force with graded questions); this reading then only adds the areas it left out.
  const legacyFits =
    legacy !== null &&
    legacy.force !== null &&
    legacy.force === (force?.slug ?? legacy.force) &&
    legacy.programme !== null &&
    legacy.programme === programmeSlug &&
    legacy.judgements.some((j) => j.grade !== null) &&
    legacy.judgements.every((j) => !LAST_UPDATED.test(j.area) && !/^\d/.test(j.area));

  let judgements: ExtractedJudgement[];
  if (legacyFits) {
    const keys = new Map<string, string>();
    const keyOf = (area: string): string => {
      let key = keys.get(area);
      if (key === undefined) {
        const r = PILLAR_QUESTION.test(area)
          ? resolveArea(area, programme, true)
          : resolveArea(area, programme, false);
        key = r?.key ?? `text:${nameKey(area)}`;
        keys.set(area, key);
      }
      return key;
    };
    const mine = settle(
      [
        ...legacy!.judgements.map((j) => ({
          key: keyOf(j.area),
          area: j.area,
          grade: j.grade,
          rank: 9,
          source: j.source,
        })),
        ...candidates,
      ],
      carried,
      problems,
    );
    // The first graded reading of each area, for a question the legacy reading left ungraded.
    const gradedBy = new Map<string, Candidate>();
    for (const c of candidates)
      if (c.grade !== null && (!c.past || carried.has(c.key)) && !gradedBy.has(c.key)) gradedBy.set(c.key, c);
    judgements = legacy!.judgements.map((j) => {
      if (j.grade !== null) return j;
      const better = gradedBy.get(keyOf(j.area));
      return better ? { area: j.area, grade: better.grade, source: better.source } : j;
    });
    const covered = new Set(judgements.map((j) => keyOf(j.area)));
    for (const j of mine) {
      const key = keyOf(j.area);
      if (covered.has(key)) continue;
      covered.add(key);
      judgements.push(j);
    }
  } else {
    judgements = settle(candidates, carried, problems);
  }

  // Findings: the legacy reading's, each under the question or area heading above it (headings
  // are in order, findings too: one pass).
  const findings: ExtractedFinding[] = legacy?.findings ?? [];
  let h = 0;
  let above: string | null = null;
  const headingAbove = (start: number): string | null => {
    while (h < headings.length && headings[h]!.block.start < start) above = headings[h++]!.block.text;
    return above;
  };
  for (const f of findings) {
    const area = headingAbove(f.source.start);
    if (!area) continue;
    // Kept whole, the legacy reading only loses a pillar question as a finding's area.
    if (legacyFits && (!f.area || !PILLAR_QUESTION.test(f.area) || PILLAR_QUESTION.test(area))) continue;
    const was = f.area;
    f.area = area;
    for (const c of f.children) if (!legacyFits || c.area === was) c.area = area;
  }

  const lead = ctx.model.blocks
    .slice(0, 10)
    .map((b) => b.text)
    .join('\n');
  const type = legacyFits ? legacy!.type : typeOf(title.text, programmeSlug, lead);
  if (!force && !programmeSlug && judgements.length === 0 && findings.length === 0)
    throw new ExtractionError(
      'The text is not an inspection this reader can read: no force it is about, no PEEL cycle, no grades and no findings.',
    );
  if (!force) problems.push('The force the inspection is about is not clear; no force written.');

  const source: SourceRange = {
    start: ctx.model.blocks[0]?.start ?? 0,
    end: ctx.model.blocks[ctx.model.blocks.length - 1]?.end ?? 0,
  };
  const inspection: ExtractedInspection = legacyFits
    ? { ...legacy!, published: legacy!.published ?? publishedOf(ctx), judgements, findings }
    : {
        force: force?.slug ?? null,
        forceName: force?.name ?? '',
        programme: programmeSlug,
        title: title.text,
        published: publishedOf(ctx),
        type,
        judgements,
        findings,
        source,
      };
  const out: Extracted = { ...emptyExtracted(), inspections: [inspection] };
  if (problems.length > 0) out.problems = problems;
  return out;
}
