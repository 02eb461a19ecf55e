import { parseHuman, toIso } from '../../../shared/partial-date.js';
import {
  ExtractionError,
  emptyExtracted,
  type ExtractedMention,
  type Grade,
  type NewsEvent,
  type Parser,
  type SourceRange,
} from '../extraction.types.js';
import { findForceMentions } from './force-names.js';

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
};
const numberOf = (word: string): number | null =>
  /^\d+$/.test(word) ? Number(word) : (NUMBER_WORDS[word.toLowerCase()] ?? null);

const GRADE_WORDS: Array<[RegExp, Grade]> = [
  [/^outstanding$/i, 'outstanding'],
  [/^good$/i, 'good'],
  [/^adequate$/i, 'adequate'],
  [/^requires\s+improvement$/i, 'requires-improvement'],
  [/^inadequate$/i, 'inadequate'],
];
const gradeOf = (words: string): Grade | null =>
  GRADE_WORDS.find(([re]) => re.test(words.trim()))?.[1] ?? null;

const QUOTE = `['‘’"“”]?`;
/** "'good' in one area", "‘requires improvement’ in three areas" */
const GRADE_COUNT = new RegExp(
  `${QUOTE}(outstanding|good|adequate|requires improvement|inadequate)${QUOTE}\\s+(?:in|for)\\s+(\\w+)\\s+areas?`,
  'gi',
);

const EVENTS: Array<{ event: NewsEvent; pattern: RegExp }> = [
  {
    event: 'left-engage',
    pattern:
      /\b(?:removed|moved out|taken out|came out|exited|released)\b[^.\n]{0,60}\b(?:engage|enhanced monitoring|special measures)\b/i,
  },
  {
    event: 'remains-in-engage',
    pattern:
      /\b(?:remains?|still)\b[^.\n]{0,40}\b(?:in|under)\b[^.\n]{0,20}\b(?:engage|enhanced monitoring|special measures)\b/i,
  },
  {
    event: 'entered-engage',
    pattern:
      /\b(?:placed|moved|put)\s+(?:into|in|under)\s+(?:the\s+)?(?:engage|enhanced monitoring|special measures)\b/i,
  },
  {
    event: 'report-published',
    pattern:
      /\b(?:inspection|inspector|inspectorate|report|review)\b[^.\n]{0,80}\b(?:found|published|rated|graded|assessed)\b/i,
  },
];

/**
 * A news article or press release: which force, what happened (report published, moved into or
 * out of Engage, still in it), when, the grade counts it quotes, and the recommendations it lists.
 */
export const parseNews: Parser = (text, context) => {
  const mentions = findForceMentions(text, context.forces);
  if (mentions.length === 0)
    throw new ExtractionError('The article names no police force of England and Wales.');
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.slug, (counts.get(m.slug) ?? 0) + 1);
  // The force the article is about: the most mentioned, the first mentioned on a tie.
  const [slug] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const first = mentions.find((m) => m.slug === slug)!;

  const date = articleDate(text);
  const gradeCounts: Partial<Record<Grade, number>> = {};
  let countsStart: number | null = null;
  let countsEnd = 0;
  for (const m of text.matchAll(GRADE_COUNT)) {
    const grade = gradeOf(m[1]!);
    const n = numberOf(m[2]!);
    if (!grade || n === null) continue;
    gradeCounts[grade] = n;
    countsStart ??= m.index;
    countsEnd = m.index + m[0].length;
  }
  const gradeRange: SourceRange | null = countsStart === null ? null : { start: countsStart, end: countsEnd };
  const assessed = /assessed\s+(\w+)\s+areas/i.exec(text);
  const base = { force: slug, forceName: first.name };
  const result: ExtractedMention[] = [];
  for (const { event, pattern } of EVENTS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const isReport = event === 'report-published';
    const source = isReport && gradeRange ? gradeRange : { start: m.index, end: m.index + m[0].length };
    result.push({
      ...base,
      event,
      date: date?.iso ?? null,
      gradeCounts: isReport && Object.keys(gradeCounts).length > 0 ? gradeCounts : null,
      areasAssessed: isReport && assessed ? numberOf(assessed[1]!) : null,
      quotedRecommendations: isReport ? quotedRecommendations(text) : [],
      conflicts: [],
      source,
    });
  }
  if (result.length === 0)
    throw new ExtractionError(`The article names ${first.name} but no inspection or Engage event.`);
  return { ...emptyExtracted(), mentions: result };
};

/** The article's date: "broadcast 17/03/23", a dateline, or the first full date in the text. */
function articleDate(text: string): { iso: string } | null {
  const candidates = [
    /\b(?:broadcast|published|updated|posted)\s*:?\s*(\d{1,2}\/\d{1,2}\/\d{2,4})/i,
    /\b(?:broadcast|published|updated|posted)\s*:?\s*(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4})/i,
    /\b(\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})\b/,
  ];
  for (const pattern of candidates) {
    const m = pattern.exec(text);
    const parsed = m ? parseHuman(m[1]!) : null;
    if (parsed && parsed.precision === 'day') return { iso: toIso(parsed) };
  }
  return null;
}

/** Lines after "Among the recommendations … are:" up to the next quotation or attribution. */
function quotedRecommendations(text: string): Array<{ text: string; source: SourceRange }> {
  const intro = /recommendations[^\n]{0,80}(?:are|include|were)\s*:\s*\n/i.exec(text);
  if (!intro) return [];
  const items: Array<{ text: string; source: SourceRange }> = [];
  let offset = intro.index + intro[0].length;
  for (const line of text.slice(offset).split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (trimmed === '') {
      if (items.length > 0) break;
      continue;
    }
    if (/\bsaid\b|[“"]/.test(trimmed) || trimmed.length > 300) break;
    const lead = line.indexOf(trimmed);
    items.push({
      text: trimmed.replace(/^[-•·*]\s*/, ''),
      source: { start: start + lead, end: start + lead + trimmed.length },
    });
  }
  return items;
}
