import {
  ExtractionError,
  emptyExtracted,
  type Extracted,
  type ExtractedCauseOfConcern,
  type ExtractedEngagePeriod,
  type ExtractedMention,
  type ExtractedReason,
  type Grade,
  type NewsEvent,
  type SourceRange,
} from '../extraction.types.js';
import { parseNews } from '../parsers/news.parser.js';
import {
  findDates,
  listAfter,
  NUMBER_WORD_PATTERN,
  numberOf,
  relativeDates,
  sentencesOf,
  type Block,
  type ForceMention,
  type DocModel,
  type ListNode,
} from '../reading/index.js';
import type { ReadContext } from './context.js';

/**
 * Press releases, news articles, inspectorate letters and parliamentary statements on a force
 * moving into or out of Engage (enhanced monitoring, "special measures"), remaining in it, or on
 * its PEEL grades.
 *
 * The legacy parser runs first and what it finds is kept (its layout, a dated news page with grade
 * counts and quoted recommendations, comes out as it always did); the reading below adds what it
 * does not find: the event of every force a sentence reports one about (several forces in one
 * article, "the forces are A, B and C" after "six forces are in special measures"), dates at the
 * precision written, grade counts written in words or digits, and the Engage period of the force
 * whose move the document describes, with its reasons (bulleted or inline) and causes of concern.
 */
export function extractNews(ctx: ReadContext): Extracted {
  let legacy: ExtractedMention[] = [];
  try {
    legacy = parseNews(ctx.text, { forces: ctx.forces }).mentions;
  } catch (error) {
    if (!(error instanceof ExtractionError)) throw error;
  }
  const read = readNews(ctx);
  const mentions = merge(ctx, legacy, read);
  if (mentions.length === 0 && read.periods.length === 0) {
    const first = ctx.finder.mentions(ctx.text)[0];
    throw new ExtractionError(
      first
        ? `The article names ${first.name} but no inspection or Engage event.`
        : 'The article names no police force of England and Wales.',
    );
  }
  const out: Extracted = { ...emptyExtracted(), mentions, engagePeriods: read.periods };
  if (read.problems.length > 0) out.problems = read.problems;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Merging with the legacy parser

/** The legacy parser read its date from a label ("broadcast 17/03/23", "Published 3 May 2023"). */
const LEGACY_DATE_LABEL =
  /\b(?:broadcast|published|updated|posted)\s*:?\s*(?:\d{1,2}\/\d{1,2}\/\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})/i;

function merge(
  ctx: ReadContext,
  legacy: ExtractedMention[],
  { mentions: mine, unsureCounts, told }: Reading,
): ExtractedMention[] {
  const key = (m: ExtractedMention) => `${m.force} ${m.event}`;
  const mineByKey = new Map(mine.map((m) => [key(m), m]));
  const myForces = new Set(mine.map((m) => m.force));
  const labelled = LEGACY_DATE_LABEL.test(ctx.text);
  const out: ExtractedMention[] = [];
  for (const l of legacy) {
    // A force the reading finds no event about while it finds others: merely named.
    if (myForces.size > 0 && !myForces.has(l.force)) continue;
    const m = mineByKey.get(key(l));
    // An Engage event the reading finds for none of the force's sentences (the legacy parser
    // gives every force it names the first event of the whole text).
    if (!m && l.event !== 'report-published' && l.force !== null) {
      const at = l.source.start;
      const sentence = told.find((t) => t.start <= at && at < t.end);
      if (sentence && !sentence.forces.has(l.force)) continue;
    }
    // A report the legacy parser took from words about one still to come.
    if (!m && l.event === 'report-published' && FUTURE.test(ctx.text.slice(l.source.start, l.source.end)))
      continue;
    // Beyond a labelled date, the legacy date is the first date in the text: a guess.
    const dateKept = l.date !== null && labelled;
    const merged: ExtractedMention = { ...l, date: dateKept ? l.date : (m?.date ?? null) };
    if (l.event === 'report-published' && l.force !== null && unsureCounts.has(l.force))
      merged.gradeCounts = null;
    if (m && l.event === 'report-published') {
      // The reading's counts when they hold every count the legacy parser found (and more).
      if (merged.gradeCounts && m.gradeCounts && extends_(m.gradeCounts, merged.gradeCounts))
        merged.gradeCounts = m.gradeCounts;
      merged.gradeCounts ??= m.gradeCounts;
      merged.areasAssessed ??= m.areasAssessed;
      if (merged.quotedRecommendations.length === 0) merged.quotedRecommendations = m.quotedRecommendations;
    }
    out.push(merged);
  }
  const taken = new Set(out.map(key));
  for (const m of mine) if (!taken.has(key(m))) out.push(m);
  return out;
}

function extends_(more: Partial<Record<Grade, number>>, less: Partial<Record<Grade, number>>): boolean {
  return Object.entries(less).every(([g, n]) => more[g as Grade] === n);
}

// ---------------------------------------------------------------------------------------------
// The reading

type Sentence = SourceRange & {
  text: string;
  block: Block;
  /** Inside a quotation: a relative date there is the speaker's, not the page's. */
  quoted: boolean;
  forces: ForceMention[];
};

type Found = {
  force: string;
  forceName: string;
  event: NewsEvent;
  sentence: Sentence;
  date: string | null;
  /** Where the event's words end in the sentence (to find a date written after them). */
  at: number;
  /** Where the event's words start, when known (to find a date written before them). */
  from?: number;
};

/**
 * Engage as a noun ("Engage", "the ‘engage’ phase", "enhanced monitoring", "special measures")
 * and the level a force returns to ("Scan", "routine monitoring"), found case-sensitively where
 * the case tells the noun from the verb ("we will engage with"), then masked with a marker of
 * the same length so the event patterns read plain words around them.
 */
const ENGAGE_TERM = new RegExp(
  [
    `[‘'"“]\\s*[Ee]ngage\\s*[’'"”](?:\\s+(?:phase|stage|process|status|level))?`,
    `\\bEngage\\b(?!\\s+with\\b)(?:\\s+(?:phase|stage|process|status|level))?`,
    `\\bengage\\s+(?:phase|stage|process|status|level)\\b`,
    `\\b[Ee]nhanced\\s+(?:level\\s+of\\s+)?(?:monitoring|scrutiny)\\b`,
    `\\b[Ss]pecial\\s+[Mm]easures\\b`,
    `\\badvanced\\s+phase\\b`,
  ].join('|'),
  'g',
);
const SCAN_TERM =
  /[‘'"“]\s*[Ss]can\s*[’'"”](?:\s+(?:phase|stage|level))?|\bScan\b(?:\s+(?:phase|stage|level))?|\b(?:default|routine)\s+(?:\w+\s+)?(?:level\s+of\s+)?monitoring\b/g;
const E = '§';
const S = '¤';

const mask = (s: string) =>
  s.replace(ENGAGE_TERM, (m) => E.repeat(m.length)).replace(SCAN_TERM, (m) => S.repeat(m.length));

const TO_TERM = (marker: string) => `\\s+(?:[\\w’'-]+\\s+){0,3}?[‘'"“]?${marker}`;
const LEFT: RegExp[] = [
  new RegExp(
    `\\b(?:remov\\w*|taken\\s+out|tak\\w+\\s+\\S+\\s+out|mov\\w*\\s+out|c[oa]me\\s+out|exit\\w*|releas\\w*|de-?escalat\\w*)\\b[^${E}${S}.]{0,80}?\\b(?:from|of|out\\s+of|in|under)${TO_TERM(E)}`,
    'i',
  ),
  new RegExp(
    `\\b(?:return\\w*|mov\\w*(?:\\s+back)?|step\\w*\\s+down)\\b[^${E}${S}.]{0,80}?\\bto${TO_TERM(S)}`,
    'i',
  ),
  new RegExp(`\\bexit\\w*\\s+(?:[\\w’'-]+\\s+){0,2}?${E}`, 'i'),
  new RegExp(`\\bno\\s+longer\\s+(?:be\\s+)?(?:in|under|subject\\s+to|needs?|requires?)${TO_TERM(E)}`, 'i'),
];
const REMAINS = new RegExp(
  `\\b(?:remains?|remained|still|continues?\\s+to\\s+be|stays?|stayed)\\s+(?:[\\w’'-]+\\s+){0,3}?(?:in|under|within)${TO_TERM(E)}`,
  'i',
);
const ENTERED: RegExp[] = [
  new RegExp(
    `\\b(?:plac\\w*|put|puts|putting|mov(?:e|ed|es|ing)|escalat\\w*|plunged|plunging|brought|bring\\w*|go(?:ne|ing)?|went)\\b[^${E}${S}.]{0,80}?\\b(?:into|in|under|to|onto)${TO_TERM(E)}`,
    'i',
  ),
  new RegExp(`\\benter(?:s|ed|ing)?\\s+(?:[\\w’'-]+\\s+){0,2}?${E}`, 'i'),
  // "The force has been in Engage since March 2022": the entry, dated after "since".
  new RegExp(`\\bbeen\\s+(?:[\\w’'-]+\\s+){0,2}?(?:in|under)${TO_TERM(E)}${E}*(?=\\s+since\\b)`, 'i'),
  new RegExp(`\\bmonitor\\w*\\s+[^${E}${S}.]{0,40}?\\bunder${TO_TERM(E)}`, 'i'),
];
/** A statement about forces in general, not about one ("forces may be escalated to Engage"). */
const GENERIC =
  /\b(?:may|might|could|would|can|if|whether|when\s+a)\b|\ba\s+force\b|\bforces\s+(?:will|are\s+required)/i;
/** Words that stand for the force the article is about. */
const ANAPHOR =
  /\b(?:the\s+(?:force|constabulary|service)|it|they|we|our\s+(?:force|constabulary|service))\b/i;
/** An event in a sentence told as news now, so it carries the document's own date. */
const ANNOUNCED =
  /\b(?:has|have)\s+(?:now\s+)?(?:been\s+)?(?:decided|removed|placed|moved|returned|taken|announced|escalated|put|released|published|exited|entered)\b|\bdecided\s+to\b|\btoday\b/i;

const GRADE_WORD = `(outstanding|good|adequate|requir(?:es|ed|ing|e)\\s+improvement|inadequate)`;
const Q = `[‘'"“]?`;
const QE = `[’'"”]?`;
/**
 * "‘good’ in two areas", "adequate in the other five areas", "inadequate in two of the nine
 * areas", "… and requiring improvement in three" (the noun left out after the first count).
 * Groups: the grade, the count, the areas assessed when written ("of the nine").
 */
const GRADE_COUNT = new RegExp(
  `${Q}${GRADE_WORD}${QE}\\s+(?:overall\\s+and\\s+)?(?:in|for|across)\\s+(?:the\\s+(?=other|remaining))?(?:other\\s+|remaining\\s+)?(${NUMBER_WORD_PATTERN})` +
    `(?:\\s+of\\s+(?:them|these|those|(?:the|its)\\s+(${NUMBER_WORD_PATTERN})))?` +
    `(?:\\s+(?:key\\s+|other\\s+|further\\s+|remaining\\s+)?(?:policing\\s+)?areas?\\b|(?=\\s*(?:[,.;:)]|and\\b|but\\b|$)))`,
  'gi',
);
/** A list of grades that says it is not the whole ("including good in two areas"). */
const PARTIAL = /\b(?:including|includ(?:es|ed)|such\s+as|among\s+(?:them|others))\b/i;
const AREAS_ASSESSED = new RegExp(
  `\\b(?:across|assessed|assessing|in|on|covering)\\s+(${NUMBER_WORD_PATTERN})\\s+(?:key\\s+)?areas\\s+of\\s+policing\\b|\\b(?:across|assessed|assessing)\\s+(${NUMBER_WORD_PATTERN})\\s+(?:key\\s+)?areas\\b`,
  'i',
);
const RATED = new RegExp(
  `\\b(?:rated|graded|judged|branded|assessed\\s+as|found\\s+to\\s+be)\\s+(?:as\\s+)?${Q}${GRADE_WORD}`,
  'i',
);
const INSPECTION_WORDS = /\b(?:inspect\w*|HMICFRS|HMIC|watchdog|PEEL|report)\b/i;
const PUBLISHED =
  /\b(?:has|have)\s+(?:today\s+)?(?:published|released)\b[^.]{0,80}\b(?:report|inspection|assessment)\b|\b(?:report|inspection|assessment)\b[^.]{0,60}\b(?:published|released)\s+(?:today|on|in)\b/i;

/** A report still to come ("due to be published in 2024", "its next report"). */
const FUTURE = /\b(?:due\s+to\s+be|to\s+be|will\s+be|would\s+be|next|later|forthcoming|upcoming)\b/i;

const gradeOf = (word: string): Grade | null => {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (/^requir\w* improvement$/.test(w)) return 'requires-improvement';
  return (['outstanding', 'good', 'adequate', 'inadequate'] as const).find((g) => g === w) ?? null;
};

type Reading = {
  mentions: ExtractedMention[];
  periods: ExtractedEngagePeriod[];
  problems: string[];
  /** Forces whose grade counts the reading would not write (they disagree with the text). */
  unsureCounts: Set<string>;
  /** The sentences read as telling an event, with the forces it was given to. */
  told: Array<SourceRange & { forces: Set<string> }>;
};

function readNews(ctx: ReadContext): Reading {
  const problems: string[] = [];
  const sentences = sentencesWithForces(ctx);

  const found: Found[] = [];
  const subject = subjectMention(ctx, sentences);
  let lastForce: ForceMention | null = null;
  let lastBlock = -1;
  for (const s of sentences) {
    if (s.block.index !== lastBlock) lastForce = null;
    lastBlock = s.block.index;
    const masked = mask(s.text);
    const named = s.forces.length > 0 ? uniqueForces(s.forces) : [];
    // Several forces, each with its own move ("A has been moved into Engage, while B was returned to Scan").
    const byClause = named.length > 1 ? clauseEvents(s, masked) : null;
    if (byClause) {
      for (const c of byClause)
        found.push({
          force: c.force.slug,
          forceName: c.force.name,
          event: c.event,
          sentence: s,
          at: c.at,
          date: null,
        });
      lastForce = s.forces[s.forces.length - 1]!;
      continue;
    }
    const event = engageEvent(masked);
    const report = event ? null : reportEvent(s.text);
    const hit = event ?? report;
    if (
      hit &&
      !(hit.event !== 'report-published' && GENERIC.test(s.text.slice(0, hit.at)) && named.length === 0)
    ) {
      let forces = named;
      if (forces.length === 0 && ANAPHOR.test(s.text)) {
        const anaphor = lastForce ?? subject;
        if (anaphor) forces = [anaphor];
      }
      for (const f of forces) {
        found.push({
          force: f.slug,
          forceName: f.name,
          event: hit.event,
          sentence: s,
          at: s.start + hit.at,
          ...(event ? { from: s.start + event.from } : {}),
          date: null,
        });
      }
    }
    if (s.forces.length > 0) lastForce = s.forces[s.forces.length - 1]!;
  }

  // Several forces named together after "six forces are in special measures": those with no
  // move of their own in the document remain in Engage.
  // "Inspectors found that the force:" and one grade an item ("is ‘good’ at …").
  const listed = gradeLists(ctx, subject, problems);
  for (const g of listed.values()) found.push(g.found);

  const groupRemains = groupStatements(sentences, problems);
  const moved = new Set(found.map((f) => f.force));
  for (const g of groupRemains) {
    if (moved.has(g.force.slug)) continue;
    moved.add(g.force.slug);
    found.push({
      force: g.force.slug,
      forceName: g.force.name,
      event: g.event,
      sentence: g.sentence,
      at: g.sentence.start,
      date: null,
    });
  }

  // One mention per force and event: the first sentence that tells it, dated by the first that dates it.
  const byKey = new Map<string, Found>();
  const dates = new Map<string, Set<string>>();
  for (const f of found) {
    const key = `${f.force} ${f.event}`;
    if (!byKey.has(key)) byKey.set(key, f);
    const date = eventDate(ctx, f, problems);
    if (date) {
      const set = dates.get(key) ?? new Set<string>();
      set.add(date);
      dates.set(key, set);
    }
  }
  const mentions: ExtractedMention[] = [];
  const unsureCounts = new Set<string>();
  for (const [key, f] of byKey) {
    const set = [...(dates.get(key) ?? [])];
    // "2019" and "2019-06" agree; two different days do not.
    const finest = set.sort((a, b) => b.length - a.length)[0] ?? null;
    const agree = finest === null || set.every((d) => finest.startsWith(d));
    if (!agree)
      problems.push(
        `${f.forceName}: ${f.event} dated ${set.join(' and ')} in different places; no date written.`,
      );
    const mention: ExtractedMention = {
      force: f.force,
      forceName: f.forceName,
      event: f.event,
      date: agree ? finest : null,
      gradeCounts: null,
      areasAssessed: null,
      quotedRecommendations: [],
      conflicts: [],
      source: { start: f.sentence.start, end: f.sentence.end },
    };
    if (f.event === 'report-published') {
      const grades = gradesFor(f.force, found, problems, f.forceName, listed);
      if (grades.unsure) unsureCounts.add(f.force);
      mention.gradeCounts = grades.counts;
      mention.areasAssessed = grades.areas;
      if (grades.source) mention.source = grades.source;
      mention.quotedRecommendations = recommendationsList(ctx);
    }
    mentions.push(mention);
  }

  const periods = engagePeriods(ctx, mentions, sentences, problems);
  const toldAt = new Map<number, SourceRange & { forces: Set<string> }>();
  const tell = (range: SourceRange, force: string) => {
    const t = toldAt.get(range.start) ?? { start: range.start, end: range.end, forces: new Set<string>() };
    t.forces.add(force);
    toldAt.set(range.start, t);
  };
  for (const f of found) tell(f.sentence, f.force);
  for (const g of groupRemains) tell(g.count, g.force.slug);
  return { mentions, periods, problems, unsureCounts, told: [...toldAt.values()] };
}

/** Where a sentence's clauses part: "; ", ", while", " whereas ", ", but", ", and". */
const CLAUSE = /;\s+|,\s+(?:while|whereas|but|and|meanwhile)\s+|\s+(?:while|whereas)\s+/gi;

/**
 * The event of each force a sentence names, clause by clause, when its clauses tell different
 * events; null when they tell one (the whole sentence is read as one). A force in a clause that
 * tells no event gets none.
 */
function clauseEvents(
  s: Sentence,
  masked: string,
): Array<{ force: ForceMention; event: NewsEvent; at: number }> | null {
  const cuts = [0];
  for (const m of masked.matchAll(CLAUSE)) cuts.push(m.index, m.index + m[0].length);
  if (cuts.length === 1) return null;
  cuts.push(masked.length);
  const clauses: Array<{ from: number; to: number; hit: { event: NewsEvent; at: number } | null }> = [];
  for (let i = 0; i < cuts.length; i += 2) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const hit = engageEvent(masked.slice(from, to));
    clauses.push({ from, to, hit: hit ? { event: hit.event, at: from + hit.at } : null });
  }
  const events = new Set(clauses.flatMap((c) => (c.hit ? [c.hit.event] : [])));
  if (events.size < 2) return null;
  const out: Array<{ force: ForceMention; event: NewsEvent; at: number }> = [];
  const seen = new Set<string>();
  for (const f of s.forces) {
    const offset = f.start - s.start;
    const c = clauses.find((x) => offset >= x.from && offset < x.to);
    if (!c?.hit || seen.has(`${f.slug} ${c.hit.event}`)) continue;
    seen.add(`${f.slug} ${c.hit.event}`);
    out.push({ force: f, event: c.hit.event, at: s.start + c.hit.at });
  }
  return out;
}

function uniqueForces(list: ForceMention[]): ForceMention[] {
  const seen = new Set<string>();
  return list.filter((f) => (seen.has(f.slug) ? false : (seen.add(f.slug), true)));
}

function subjectMention(ctx: ReadContext, sentences: Sentence[]): ForceMention | null {
  if (!ctx.subject) return null;
  const all = sentences.flatMap((s) => s.forces.filter((f) => f.slug === ctx.subject));
  const named = all.find((x) => x.strength === 'name') ?? all[0];
  if (named) return named;
  // Named only where nothing else is read (a title, a letter's addressee): its official name.
  const force = ctx.forces.find((f) => f.slug === ctx.subject);
  return force ? { slug: force.slug, name: force.names[0]!, start: 0, end: 0, strength: 'name' } : null;
}

/** Words without which a block holds nothing this reader takes: the others are not split. */
const CUE =
  /engage|enhanced|special\s+measures|scan|routine|default|monitor|grade|rated|judged|branded|areas|publish|releas|report|inspect|concern|improv|because|decision|forces/i;

/**
 * Every sentence of the headings, paragraphs, items and rows that hold a cue (and of the three
 * blocks after one that counts forces, where their names follow), with the forces it names.
 */
function sentencesWithForces(ctx: ReadContext): Sentence[] {
  const { text, model } = ctx;
  const all = ctx.finder.mentions(text);
  const out: Sentence[] = [];
  let k = 0;
  let window = 0;
  for (const block of model.blocks) {
    const cue = CUE.test(block.text);
    if (!cue && window <= 0) continue;
    window = cue && /\bforces\b/i.test(block.text) ? 3 : window - 1;
    const quoted = quoteState(block.text);
    for (const s of sentencesOf(text, block)) {
      while (k < all.length && all[k]!.start < s.start) k++;
      const forces: ForceMention[] = [];
      for (let j = k; j < all.length && all[j]!.start < s.end; j++)
        if (all[j]!.end <= s.end) forces.push(all[j]!);
      out.push({ ...s, block, forces, quoted: quoted(s.start - block.start) });
    }
  }
  return out;
}

/** Whether an offset of a block lies inside a quotation (or the block opens one); offsets asked in order. */
function quoteState(block: string): (offset: number) => boolean {
  const opens = /^[“"‘]/.test(block);
  let at = 0;
  let depth = 0;
  let straight = 0;
  return (offset) => {
    for (; at < offset && at < block.length; at++) {
      const c = block[at];
      if (c === '“') depth++;
      else if (c === '”') depth = Math.max(0, depth - 1);
      else if (c === '"') straight++;
    }
    return opens || depth > 0 || straight % 2 === 1;
  };
}

function engageEvent(masked: string): { event: NewsEvent; at: number; from: number } | null {
  for (const re of LEFT) {
    const m = re.exec(masked);
    if (m) return { event: 'left-engage', at: m.index + m[0].length, from: m.index };
  }
  const r = REMAINS.exec(masked);
  if (r) return { event: 'remains-in-engage', at: r.index + r[0].length, from: r.index };
  for (const re of ENTERED) {
    const m = re.exec(masked);
    if (m) return { event: 'entered-engage', at: m.index + m[0].length, from: m.index };
  }
  return null;
}

function reportEvent(sentence: string): { event: NewsEvent; at: number } | null {
  GRADE_COUNT.lastIndex = 0;
  const count = GRADE_COUNT.exec(sentence);
  if (count) return { event: 'report-published', at: count.index };
  const rated = RATED.exec(sentence);
  if (rated && INSPECTION_WORDS.test(sentence)) return { event: 'report-published', at: rated.index };
  const published = PUBLISHED.exec(sentence);
  if (published && !FUTURE.test(published[0])) return { event: 'report-published', at: published.index };
  const across = AREAS_ASSESSED.exec(sentence);
  if (across && /\b(?:rated|graded|judged|assessed|inspected)\b/i.test(sentence))
    return { event: 'report-published', at: across.index };
  return null;
}

/**
 * "Six forces are in special measures … The forces are A, B, C, D, E and F": the forces named in
 * a sentence that counts forces in Engage and in the two sentences after it, when they are no
 * more than the count.
 */
function groupStatements(
  sentences: Sentence[],
  problems: string[],
): Array<{ force: ForceMention; sentence: Sentence; event: NewsEvent; count: Sentence }> {
  const out: Array<{ force: ForceMention; sentence: Sentence; event: NewsEvent; count: Sentence }> = [];
  const COUNTED = new RegExp(`\\b(${NUMBER_WORD_PATTERN})\\s+(?:[\\w-]+\\s+)?forces\\b`, 'i');
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    const counted = COUNTED.exec(s.text);
    const masked = mask(s.text);
    if (!counted || !masked.includes(E)) continue;
    // "Three forces have been placed in special measures": the move the count tells, else remaining.
    const told = engageEvent(masked)?.event ?? 'remains-in-engage';
    const event = GENERIC.test(s.text) ? 'remains-in-engage' : told;
    const n = numberOf(counted[1]!);
    if (n === null || n < 2) continue;
    const named = new Map<string, { force: ForceMention; sentence: Sentence }>();
    for (let j = i; j < Math.min(sentences.length, i + 4); j++) {
      const t = sentences[j]!;
      if (j > i && named.size >= n) break;
      for (const f of t.forces) if (!named.has(f.slug)) named.set(f.slug, { force: f, sentence: t });
    }
    if (named.size < 2) continue;
    if (named.size > n) {
      problems.push(
        `"${s.text.slice(0, 80)}" counts ${n} forces but ${named.size} are named near it; none taken as remaining in Engage.`,
      );
      continue;
    }
    for (const n of named.values()) out.push({ ...n, event, count: s });
  }
  return out;
}

/** The date of an event: written in its sentence, a relative date under a dated page, or the page's own date for news told now. */
function eventDate(ctx: ReadContext, f: Found, problems: string[]): string | null {
  const s = f.sentence;
  // Per sentence: findDates over a whole document is quadratic in its dates.
  const inside = findDates(ctx.text, s.start, s.end);
  if (inside.length === 1) return inside[0]!.iso;
  if (inside.length > 1) {
    // "moved … into Engage in June 2022, after it was rated … in 2021": the date right after the event.
    const after = inside.find(
      (d) =>
        d.start >= f.at && /^[\s,]*(?:(?:in|on|from|during|since)\s+)?$/i.test(ctx.text.slice(f.at, d.start)),
    );
    const before = inside.filter((d) => d.end <= f.at);
    const lead = before.length === 1 && /^\s*(?:on|in)\s*$/i.test(ctx.text.slice(s.start, before[0]!.start));
    if (after && !lead) return after.iso;
    if (lead && !after) return before[0]!.iso;
    // "Following our 2022 inspection, in September 2023 we escalated the force …": the date that
    // opens the clause of the event, a few words before its verb.
    const from = f.from;
    const opening =
      from === undefined
        ? undefined
        : before.filter((d) => {
            if (d.end > from) return false;
            // Within the sentence: the text since its last comma or semicolon before the date.
            const local = d.start - s.start;
            const cut = Math.max(s.text.lastIndexOf(',', local), s.text.lastIndexOf(';', local));
            const prefix = s.text.slice(cut + 1, local);
            return (
              /^\s*(?:on|in|during|by)?\s*$/i.test(prefix) &&
              /^\s*,?\s*(?:[\w’'&-]+\s+){0,6}$/.test(ctx.text.slice(d.end, from))
            );
          });
    if (!after && opening?.length === 1) return opening[0]!.iso;
    problems.push(`${f.forceName}: several dates in "${s.text.slice(0, 80)}…"; none taken for ${f.event}.`);
    return null;
  }
  if (!s.quoted) {
    const relative = relativeDates(ctx.text, ctx.date, s.start, s.end);
    if (relative.length === 1) return relative[0]!.iso;
  }
  if (ctx.date && ctx.date.precision === 'day' && !s.quoted && ANNOUNCED.test(s.text)) return ctx.date.iso;
  return null;
}

type GradeList = { found: Found; counts: Partial<Record<Grade, number>> | null };

/** An item that gives one grade: "is ‘good’ at keeping people safe", "was rated outstanding for …". */
const ITEM_GRADE = new RegExp(
  `^(?:(?:it|the\\s+(?:force|constabulary|service))\\s+)?(?:(?:is|was|are|were|has\\s+been|had\\s+been)\\s+)?(?:(?:rated|graded|judged|assessed|found)\\s+)?(?:as\\s+|to\\s+be\\s+)?${Q}${GRADE_WORD}${QE}\\s+(?:at|in|for|on|when|overall)\\b`,
  'i',
);

/**
 * Lists of grades, one an item, after a lead-in ending in ":" that names the force or stands for
 * the page's own: their counts when every item gives a grade and the list is whole (its last item
 * closes with a full stop, or a block other than a cut follows it); null counts otherwise.
 */
function gradeLists(
  ctx: ReadContext,
  subject: ForceMention | null,
  problems: string[],
): Map<string, GradeList> {
  const { model, text } = ctx;
  const out = new Map<string, GradeList>();
  for (const b of model.blocks) {
    if (b.type === 'item' || b.text.charCodeAt(b.text.length - 1) !== 58 /* : */) continue;
    const items = listAfter(model, b.index);
    if (items.length === 0 || !ITEM_GRADE.test(items[0]!.block.text)) continue;
    const last = items[items.length - 1]!;
    const lastBlock = model.blocks[lastOf(last).index + 1];
    const whole =
      /\.$/.test(last.block.text) ||
      (!/[;,]$|\band$/i.test(last.block.text) &&
        lastBlock !== undefined &&
        !/TRUNCATED/.test(lastBlock.text));
    const lead = sentencesOf(text, b).pop()!;
    const named = uniqueForces(ctx.finder.mentions(text, lead.start, lead.end));
    const force =
      named.length === 1 ? named[0]! : named.length === 0 && ANAPHOR.test(lead.text) ? subject : null;
    if (!force) continue;
    const counts: Partial<Record<Grade, number>> = {};
    let all = true;
    for (const n of items) {
      const m = ITEM_GRADE.exec(n.block.text);
      const grade = m ? gradeOf(m[1]!) : null;
      if (!grade) all = false;
      else counts[grade] = (counts[grade] ?? 0) + 1;
    }
    if (!all || !whole)
      problems.push(
        `${force.name}: a list of grades that is not whole or not all grades; no counts written.`,
      );
    const sentence: Sentence = { ...lead, block: b, quoted: false, forces: named };
    out.set(force.slug, {
      found: {
        force: force.slug,
        forceName: force.name,
        event: 'report-published',
        sentence,
        date: null,
        at: lead.start,
      },
      counts: all && whole ? counts : null,
    });
  }
  return out;
}

function lastOf(n: ListNode): Block {
  let x = n;
  while (x.children.length > 0) x = x.children[x.children.length - 1]!;
  return x.block;
}

/** The grade counts and number of areas the article states for a force's report. */
function gradesFor(
  force: string,
  found: Found[],
  problems: string[],
  forceName: string,
  listed: Map<string, GradeList>,
): {
  counts: Partial<Record<Grade, number>> | null;
  areas: number | null;
  source: SourceRange | null;
  unsure?: true;
} {
  const counts: Partial<Record<Grade, number>> = {};
  let areas: number | null = null;
  let source: SourceRange | null = null;
  const seen = new Set<Sentence>();
  for (const f of found) {
    if (f.force !== force || f.event !== 'report-published' || seen.has(f.sentence)) continue;
    seen.add(f.sentence);
    GRADE_COUNT.lastIndex = 0;
    for (const m of f.sentence.text.matchAll(GRADE_COUNT)) {
      const grade = gradeOf(m[1]!);
      const n = numberOf(m[2]!);
      if (!grade || n === null) continue;
      if (PARTIAL.test(f.sentence.text.slice(0, m.index))) {
        problems.push(`${forceName}: the grades are given only in part ("${m[0]}"); no counts written.`);
        return { counts: null, areas: null, source: null, unsure: true };
      }
      if (m[3]) areas ??= numberOf(m[3]);
      if (counts[grade] !== undefined && counts[grade] !== n) {
        problems.push(
          `${forceName}: two counts for "${grade}" (${counts[grade]} and ${n}); neither written.`,
        );
        return { counts: null, areas: null, source: null, unsure: true };
      }
      counts[grade] = n;
      source ??= { start: f.sentence.start, end: f.sentence.end };
    }
    const a = AREAS_ASSESSED.exec(f.sentence.text);
    if (a) areas ??= numberOf((a[1] ?? a[2])!);
  }
  const list = listed.get(force);
  if (list && Object.keys(counts).length === 0) {
    if (list.counts === null) return { counts: null, areas, source: null, unsure: true };
    Object.assign(counts, list.counts);
    source = { start: list.found.sentence.start, end: list.found.sentence.end };
  }
  const total = Object.values(counts).reduce((x, y) => x + y, 0);
  if (areas !== null && total > areas) {
    problems.push(`${forceName}: ${total} graded areas counted but ${areas} assessed; counts not written.`);
    return { counts: null, areas, source, unsure: true };
  }
  return { counts: Object.keys(counts).length > 0 ? counts : null, areas, source };
}

/** The recommendations an article lists after "the recommendations … are:". */
function recommendationsList(ctx: ReadContext): Array<{ text: string; source: SourceRange }> {
  const { model } = ctx;
  for (const b of model.blocks) {
    if (b.type === 'item' || !/\brecommendations?\b[^.]{0,80}:\s*$/i.test(b.text)) continue;
    const items = listAfter(model, b.index);
    if (items.length > 0)
      return items.map((n) => ({ text: n.block.text, source: { start: n.block.start, end: n.block.end } }));
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Engage periods

const CAUSES = /\bcauses?\s+of\s+concern\b/i;
const RECOMMENDATIONS = /\brecommendations?\b/i;
const CLOSED_ALL =
  /\b(?:clos\w*|discharg\w*|resolv\w*|lift\w*)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:(?:force|constabulary|service)[’']s?\s+)?(?:remaining\s+|outstanding\s+|other\s+)?(?:\w+\s+)?causes\s+of\s+concern\b|\b(?:all|remaining|the)\s+(?:\w+\s+)?causes\s+of\s+concern\s+(?:have|had|were)\s+(?:now\s+|all\s+)?(?:been\s+)?(?:closed|discharged|resolved)\b/i;
const OPEN_ALL =
  /\bcauses\s+of\s+concern\s+(?:remain|are\s+still|are)\s+open\b|\b(?:not|yet\s+to)\s+(?:been\s+)?(?:closed|discharged)\b[^.]{0,30}causes\s+of\s+concern/i;
const TIED =
  /\b(?:decision|decided|because|comes\s+after|came\s+after|follows|followed|following|due\s+to|reasons?)\b|\b(?:made|making|shown|showed|demonstrated)\s+(?:[\w-]+\s+){0,2}?(?:improvements?|progress)\b/i;
const LIST_LEAD = /(?:\b(?:including|include|includes|such\s+as|because\s+of|thanks\s+to)\b|:)\s+(.+?)\.?$/i;
/** Words a list's item starts with, to tell the list's "and" from one inside an item. */
const ITEM_START =
  /^(?:the|its|their|his|her|a|an|how|whether|what|more|better|greater|improv\w*|mak\w*|ensur\w*|identif\w*|fully|reduc\w*|tackl\w*|respond\w*|manag\w*|record\w*)\b/i;

function engagePeriods(
  ctx: ReadContext,
  mentions: ExtractedMention[],
  sentences: Sentence[],
  problems: string[],
): ExtractedEngagePeriod[] {
  // The force whose move the document tells: the page's subject (or the only force it moves),
  // moved in or out; a page saying it remains in Engage tells no move.
  const movers = new Set(
    mentions.filter((m) => m.event === 'entered-engage' || m.event === 'left-engage').map((m) => m.force),
  );
  const remains = new Set(mentions.filter((m) => m.event === 'remains-in-engage').map((m) => m.force));
  const force =
    ctx.subject && movers.has(ctx.subject) ? ctx.subject : movers.size === 1 ? [...movers][0]! : null;
  if (!force || remains.has(force)) return [];
  const entered = mentions.find((m) => m.force === force && m.event === 'entered-engage');
  const left = mentions.find((m) => m.force === force && m.event === 'left-engage');
  const first = (entered ?? left)!;
  const period: ExtractedEngagePeriod = {
    force,
    forceName: first.forceName,
    entered: entered?.date ?? null,
    exited: left?.date ?? null,
    entryReasons: [],
    exitReasons: [],
    causesOfConcern: [],
    relatedReports: [],
    source: { start: first.source.start, end: first.source.end },
  };
  const direction = left ? 'exit' : 'entry';

  // Bulleted lists after a lead-in ("…, including:", "…causes of concern, which were that the force:").
  const { model, text } = ctx;
  for (const b of model.blocks) {
    if (b.type === 'item' || !/:\s*$/.test(b.text)) continue;
    let items = listAfter(model, b.index);
    const lead = sentencesOf(text, b).pop()!.text;
    if (items.length === 0 && REASON_LEAD.test(lead)) items = linesAfter(model, b.index);
    if (items.length === 0) continue;
    // A list the lead-in does not tie to the move or its reasons ("This includes:").
    if (!CAUSES.test(lead) && !REASON_CUE.test(lead) && !TIED.test(lead) && !mask(lead).includes(E)) continue;
    if (RECOMMENDATIONS.test(lead) && !CAUSES.test(lead)) continue;
    const stated = statedCount(lead);
    if (stated !== null && stated !== items.length)
      problems.push(`"${lead.slice(0, 80)}" announces ${stated} but lists ${items.length}.`);
    if (CAUSES.test(lead)) {
      for (const n of items) period.causesOfConcern.push(cause(n));
      continue;
    }
    const kind = reasonKind(lead, direction);
    if (!kind) continue;
    const reasons = items.map(reasonOf);
    if (kind === 'exit') period.exitReasons.push(...reasons);
    else period.entryReasons.push(...reasons);
  }

  // Inline lists: "…three areas where the force must improve: a; b and c." / "…including a, b, and c."
  for (const s of sentences) {
    if (s.block.type === 'item' || s.quoted) continue;
    const lead = LIST_LEAD.exec(s.text);
    if (!lead || /:\s*$/.test(s.text)) continue;
    const intro = s.text.slice(0, lead.index + lead[0].lastIndexOf(lead[1]!));
    if (
      RECOMMENDATIONS.test(intro) ||
      !/\b(?:improv\w*|concerns?|areas?|failings?|progress|because)\b/i.test(intro)
    )
      continue;
    // Tied to the move: the decision, its cause, or a count of what follows.
    const stated = statedCount(intro);
    if (stated === null && !TIED.test(intro) && !mask(intro).includes(E)) continue;
    const kind = reasonKind(s.text, direction);
    if (!kind) continue;
    const listStart = s.start + lead.index + lead[0].indexOf(lead[1]!);
    const parts = splitInline(lead[1]!, stated);
    if (!parts) {
      if (stated !== null)
        problems.push(
          `"${s.text.slice(0, 80)}…" announces ${stated} but its list could not be split so; not written.`,
        );
      continue;
    }
    const reasons = parts.map((p) => ({
      text: p.text,
      items: [],
      source: { start: listStart + p.start, end: listStart + p.end },
    }));
    if (CAUSES.test(intro)) {
      for (const r of reasons)
        period.causesOfConcern.push({
          text: r.text,
          status: 'unknown',
          closedOn: null,
          recommendations: null,
          items: [],
          source: r.source,
        });
    } else if (kind === 'exit') {
      if (period.exitReasons.length === 0) period.exitReasons.push(...reasons);
    } else if (period.entryReasons.length === 0) period.entryReasons.push(...reasons);
  }

  // What became of the causes of concern.
  if (period.causesOfConcern.length > 0) {
    const closed = sentences.some((s) => CLOSED_ALL.test(s.text));
    const open = sentences.some((s) => OPEN_ALL.test(s.text));
    if (closed && !open) for (const c of period.causesOfConcern) c.status = 'closed';
    else if (open && !closed) for (const c of period.causesOfConcern) c.status = 'open';
  }
  const empty =
    !period.entered &&
    !period.exited &&
    period.entryReasons.length + period.exitReasons.length + period.causesOfConcern.length === 0;
  return empty ? [] : [period];
}

/** A lead-in whose list gives reasons ("because the force needs to:", "because it is not:", "including:"). */
const REASON_CUE =
  /\b(?:because|needs?\s+to|must|should|(?:is|are|was|were)\s+not|failed\s+to|including|include|reasons?|improv\w*|concerns?|areas?|progress)\b/i;
const REASON_LEAD = new RegExp(`${REASON_CUE.source}[^:]*:\\s*$`, 'i');
/** How a line of a list ends: ";", ",", "and"/"or" (more follow), "." (the last), or bare. */
const lineEnd = (s: string): 'more' | 'stop' | 'bare' =>
  /(?:[;,]|\b(?:and|or))$/i.test(s) ? 'more' : /[.!?]["”’]?$/.test(s) ? 'stop' : 'bare';

/**
 * A list written as plain lines after a lead-in ending in ":" (its bullets lost): the lines up to
 * a blank line when they follow the lead-in directly, else the lines one a paragraph while each
 * starts in lower case; punctuated lines stop after the one that ends with a full stop. Single
 * sentences of at most 40 words, two or more of them; none otherwise.
 */
function linesAfter(model: DocModel, index: number): ListNode[] {
  const out: ListNode[] = [];
  const first = model.blocks[index + 1];
  if (!first) return out;
  const contiguous = !first.afterBlank;
  let previous: 'more' | 'stop' | 'bare' | null = null;
  for (let i = index + 1; i < model.blocks.length && out.length < 30; i++) {
    const b = model.blocks[i]!;
    if (b.type === 'item' || b.type === 'row') break;
    if (contiguous && i > index + 1 && b.afterBlank) break;
    if (!contiguous && !/^\p{Ll}/u.test(b.text)) break;
    if (/^[“"‘']/.test(b.text) || b.text.split(/\s+/).length > 40) break;
    if (/[.!?]\s+\p{Lu}/u.test(b.text)) break;
    const end = lineEnd(b.text);
    if (
      previous === 'stop' ||
      (previous === 'more' && end === 'bare') ||
      (previous === 'bare' && end === 'more')
    )
      break;
    out.push({ block: b, children: [] });
    previous = end;
  }
  return out.length >= 2 ? out : [];
}

function statedCount(lead: string): number | null {
  const m = new RegExp(
    `\\b(${NUMBER_WORD_PATTERN})\\s+(?:[\\w-]+\\s+)?(?:areas?|causes?|concerns?|improvements?|reasons?|failings?|things|ways)\\b`,
    'i',
  ).exec(lead);
  if (!m) return null;
  const n = numberOf(m[1]!);
  return n !== null && n >= 1 ? n : null;
}

function reasonKind(sentence: string, direction: 'entry' | 'exit'): 'entry' | 'exit' | null {
  const masked = mask(sentence);
  if (LEFT.some((re) => re.test(masked))) return 'exit';
  if (ENTERED.some((re) => re.test(masked))) return 'entry';
  return direction;
}

function reasonOf(n: ListNode): ExtractedReason {
  return {
    text: cleanItem(n.block.text),
    items: n.children.map(reasonOf),
    source: { start: n.block.start, end: n.block.end },
    ...(n.block.number ? { numbered: true as const } : {}),
  };
}

function cause(n: ListNode): ExtractedCauseOfConcern {
  return {
    text: cleanItem(n.block.text),
    status: 'unknown',
    closedOn: null,
    recommendations: null,
    items: [],
    source: { start: n.block.start, end: n.block.end },
  };
}

const cleanItem = (s: string) =>
  s
    .replace(/[;,]?\s*(?:and|or)?\s*$/i, '')
    .replace(/[;.]\s*$/, '')
    .trim();

/**
 * "a, b and c", "a; b and c", "a, b, and c": the items with their offsets, or null when the
 * list cannot be split surely (into `expected` items when the lead-in counts them).
 */
function splitInline(
  list: string,
  expected: number | null,
): Array<{ text: string; start: number; end: number }> | null {
  type Part = { text: string; start: number; end: number };
  const pieces: Part[] = [];
  const sep = list.includes(';') ? /;\s*/g : /,\s*/g;
  let from = 0;
  for (const m of list.matchAll(sep)) {
    pieces.push({ text: list.slice(from, m.index), start: from, end: m.index });
    from = m.index + m[0].length;
  }
  pieces.push({ text: list.slice(from), start: from, end: list.length });
  const last = pieces.pop()!;
  const trailing = /^and\s+/i.exec(last.text);
  if (trailing) {
    pieces.push({
      text: last.text.slice(trailing[0].length),
      start: last.start + trailing[0].length,
      end: last.end,
    });
  } else {
    // The list's own "and": the one before a word an item starts with; unsure when none or several.
    const ands = [...last.text.matchAll(/\s+and\s+/g)].filter((a) =>
      ITEM_START.test(last.text.slice(a.index + a[0].length)),
    );
    const pick = ands.length === 1 ? ands[0]! : null;
    if (!pick) {
      const all = [...last.text.matchAll(/\s+and\s+/g)];
      if (all.length !== 1) return null;
      pieces.push(...splitAt(last, all[0]!));
    } else pieces.push(...splitAt(last, pick));
  }
  const parts = pieces
    .map((p) => {
      const lead = p.text.length - p.text.trimStart().length;
      const text = p.text.trim().replace(/[.;,]$/, '');
      return { text, start: p.start + lead, end: p.start + lead + text.length };
    })
    .filter((p) => p.text !== '');
  // Without a count, "a and b" is as often one thing as two: three or more items only.
  if (parts.length < (expected === null ? 3 : 2)) return null;
  if (expected !== null && parts.length !== expected) return null;
  if (parts.some((p) => p.text.split(/\s+/).length > 30)) return null;
  return parts;

  function splitAt(p: Part, a: RegExpMatchArray): Part[] {
    const i = a.index!;
    return [
      { text: p.text.slice(0, i), start: p.start, end: p.start + i },
      { text: p.text.slice(i + a[0].length), start: p.start + i + a[0].length, end: p.end },
    ];
  }
}
