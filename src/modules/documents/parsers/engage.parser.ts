/**
 * Parsers for the two HMICFRS Engage pages: "Police forces in Engage" (engage-current) and
 * "Police forces previously in Engage" (engage-previous). Pure: normalised text in, Engage
 * periods out, every item with the character range it came from.
 *
 * Page shape. A period is a block that starts at a force line: a non-empty line followed (after
 * blank lines, if any) by "Entered Engage" on the current page, or "Moved out of Engage" on the
 * previous page. The block runs to the next force line, or to a page title ("Police forces
 * currently in Engage"…), whichever comes first. Inside it, "Entered Engage" / "Moved out of
 * Engage" are followed by a date line, "Reasons" / "Reason" by the reasons for the date heading
 * above it, "Related report(s)" / "Related news and publications" by report names (usually none
 * in plain text). "Note: …" paragraphs are skipped.
 *
 * Reasons. Bullets ("•", "- ", "* ", "–") and numbered items ("1.", "1)", "(a)") are reasons;
 * deeper-indented items become `items` of the item above them; an indented line straight under
 * an item continues it. A paragraph (no bullet) followed by bullets, or ending in ":", is an
 * introduction: among entry reasons it is itself a reason whose `items` are the bullets after it
 * (so the Met's "… Examples include:" on the current page is ONE reason with four items); among
 * exit reasons it is dropped (a "<force> left Engage because it improved, including:" line is
 * not a reason, but is kept as `exitIntro`). A paragraph after the exit list is its closing
 * note (`exitNote`: the Met's Milestone Plan); any other paragraph is a reason of its own. A
 * closure statement ("Both causes of concern were closed in March 2023.") is never a reason: it
 * stays in its place in the list as a note (`note: true`), so the page's numbering survives.
 *
 * Causes of concern (entry reasons only, and only when the list carries closure information or
 * a heading names causes of concern): a numbered item with sub-items is a heading and each
 * sub-item is one cause of concern; an item without sub-items is one when it states its own
 * status ("This cause of concern is still open"). Status comes from the item's own sentences
 * ("was closed on 2 May 2023", "is still open", "two out of the four recommendations") or
 * from a closure statement that follows, which applies to the preceding group (the sub-items
 * of the heading just above, or the run of plain items just above). The cause's `text` is the
 * item without its trailing status sentences; the entry reason keeps the whole wording.
 * Causes are listed flat, in page order; `items` holds any sub-sub-items.
 *
 * Never throws on odd input except ExtractionError when no force block is found. All regular
 * expressions are anchored or bounded, and sentence-level ones only run on short sentences, so
 * the cost stays linear in the input.
 */
import { nameKey } from '../../forces/index.js';
import { parseHuman, toIso } from '../../../shared/partial-date.js';
import {
  ExtractionError,
  emptyExtracted,
  type Extracted,
  type ExtractedCauseOfConcern,
  type ExtractedEngagePeriod,
  type ExtractedReason,
  type ParseContext,
  type Parser,
  type SourceRange,
} from '../extraction.types.js';

// ---------------------------------------------------------------------------
// Lines

type Line = {
  /** Content range, leading and trailing whitespace excluded (start === end: blank). */
  start: number;
  end: number;
  text: string;
  /** Columns of leading whitespace (a tab counts 4). */
  indent: number;
  heading: Heading;
};

const isSpace = (c: number): boolean =>
  c === 0x20 ||
  (c >= 0x09 && c <= 0x0d) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    let s = pos;
    let indent = 0;
    while (s < lineEnd && isSpace(text.charCodeAt(s))) {
      indent += text.charCodeAt(s) === 0x09 ? 4 : 1;
      s++;
    }
    let e = lineEnd;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    const line: Line = { start: s, end: e, text: text.slice(s, e), indent, heading: null };
    line.heading = classify(line);
    lines.push(line);
    if (nl === -1) break;
    pos = nl + 1;
  }
  return lines;
}

const isBlank = (line: Line): boolean => line.start === line.end;

/** A list marker at the start of a (left-trimmed) line: its length including the spaces after it. */
function bulletLength(text: string): number {
  const first = text.charCodeAt(0);
  let i: number;
  if (text.length > 0 && '•◦▪▫●○■□‣⁃∙·–—*-'.includes(text.charAt(0))) {
    i = 1;
  } else if (first >= 0x30 && first <= 0x39) {
    // 1. 12) 3.
    i = 1;
    while (i < 3 && i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    const c = text.charAt(i);
    if (c !== '.' && c !== ')') return 0;
    i++;
  } else if (first === 0x28 || (first >= 0x61 && first <= 0x7a)) {
    // (a) (iv) a) a.  (one letter, or a short roman numeral)
    const m = /^(?:\((?:[a-z]|[ivx]{1,4})\)|(?:[a-z]|[ivx]{1,4})[.)])/.exec(text.slice(0, 8));
    if (m === null) return 0;
    i = m[0].length;
  } else {
    return 0;
  }
  if (i === text.length) return i; // a marker alone on its line: the text follows on the next one
  if (!isSpace(text.charCodeAt(i))) return 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

// ---------------------------------------------------------------------------
// Headings and boilerplate

type Heading =
  | { kind: 'entered' | 'exited'; date: string | null }
  | { kind: 'reasons' | 'related' | 'title' }
  | { kind: 'note' }
  | null;

const RELATED = new Set([
  'related report',
  'related reports',
  'related news and publications',
  'related publications',
  'related news',
]);

const HEADING_STARTS = ['entered', 'moved', 'reason', 'related', 'police'];
const DATE_HEADINGS = [
  ['entered', 'entered engage'],
  ['exited', 'moved out of engage'],
] as const;

function classify(line: Line): Heading {
  const { text } = line;
  // Every heading starts with e, m, r, p or n: most lines are rejected on their first letter.
  const first = text.charCodeAt(0) | 0x20;
  if (first !== 0x65 && first !== 0x6d && first !== 0x72 && first !== 0x70 && first !== 0x6e) return null;
  if (first === 0x6e && /^notes?\s*:/i.test(text.slice(0, 12))) return { kind: 'note' };
  if (text.length > 80) return null;
  const lower = text.toLowerCase();
  if (!HEADING_STARTS.some((w) => lower.startsWith(w))) return null;
  const key = lower.replace(/\s+/g, ' ');
  const bare = key.endsWith(':') ? key.slice(0, -1).trimEnd() : key;
  for (const [kind, words] of DATE_HEADINGS) {
    if (!bare.startsWith(words)) continue;
    const rest = bare.slice(words.length);
    if (rest === '') return { kind, date: null };
    if (!/^[\s:–-]/.test(rest)) return null;
    const date = dateOf(rest.replace(/^[\s:–-]+/, ''));
    return date === null ? null : { kind, date };
  }
  if (bare === 'reasons' || bare === 'reason') return { kind: 'reasons' };
  if (RELATED.has(bare)) return { kind: 'related' };
  if (bare.startsWith('police forces ') && bare.endsWith(' engage')) return { kind: 'title' };
  return null;
}

// ---------------------------------------------------------------------------
// Dates, numbers, status sentences

/** A partial date written as the whole of `s` ("2019", "September 2023", "on 23 July 2024"). */
function dateOf(s: string): string | null {
  if (s.length > 60 || !/\d/.test(s)) return null;
  const known = DATES_SEEN.get(s);
  if (known !== undefined) return known;
  const d = parseHuman(s.replace(/^\s*(?:on|as of|from)\s+/i, ''));
  const iso = d === null ? null : toIso(d);
  if (DATES_SEEN.size >= 1000) DATES_SEEN.clear();
  DATES_SEEN.set(s, iso);
  return iso;
}

/** Pages repeat the same few dates ("June 2022", "during 2024"): remember what each one parsed as. */
const DATES_SEEN = new Map<string, string | null>();

const DATE_IN = /\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]+\.?,?\s+\d{4}|[a-z]+\.?\s+\d{4}|\d{4})\b/gi;

/** The first partial date written inside `s` (short strings only). */
function findDate(s: string): string | null {
  if (s.length > 600) return null;
  DATE_IN.lastIndex = 0;
  for (let m = DATE_IN.exec(s); m !== null; m = DATE_IN.exec(s)) {
    const found = dateOf(m[0]) ?? dateOf(m[0].replace(/^\S+\s+/, ''));
    if (found !== null) return found;
  }
  return null;
}

const NUMBER_WORDS = (
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen ' +
  'seventeen eighteen nineteen twenty'
).split(' ');
const numberOf = (word: string): number | null => {
  if (/^\d{1,4}$/.test(word)) return Number(word);
  const i = NUMBER_WORDS.indexOf(word.toLowerCase());
  return i === -1 ? null : i;
};

type Status = { status: 'open' | 'closed'; closedOn: string | null };
type Recommendations = { total: number | null; closed: number | null };

const MENTIONS_COC = /\bcauses? of concern\b/;
const CLOSED = /\b(?:was|were|has been|have been|is now|are now|been)\s+closed\b/;
const OPEN = /\b(?:remains?|is still|are still|is|are)\s+open\b/;
const PROGRESS =
  /\b([a-z]+|\d{1,4})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|our\s+|their\s+)?([a-z]+|\d{1,4})\s+recommendations?\b/;
/** "Both causes of concern were closed …", "This cause of concern is still open." */
const CLOSURE_STATEMENT = /^(?:these|those|the|this|all|both)\b[^.:]{0,40}?\bcauses? of concern\b/i;

const MAX_SENTENCE = 600;

/** The status a (lower-case) sentence states for a cause of concern, if any. */
function statusOf(low: string): Status | null {
  if (low.length > MAX_SENTENCE || !low.includes('of concern') || !MENTIONS_COC.test(low)) return null;
  const closed = CLOSED.exec(low);
  if (closed !== null)
    return { status: 'closed', closedOn: findDate(low.slice(closed.index + closed[0].length)) };
  return OPEN.test(low) ? { status: 'open', closedOn: null } : null;
}

/** "three out of the five recommendations" in a (lower-case) sentence. */
function progressOf(low: string): Recommendations | null {
  if (low.length > MAX_SENTENCE || !low.includes('recommendation')) return null;
  const m = PROGRESS.exec(low);
  if (m === null) return null;
  const total = numberOf(m[2] ?? '');
  if (total === null) return null;
  const word = m[1] ?? '';
  const closed = word === 'all' ? total : word === 'none' || word === 'no' ? 0 : numberOf(word);
  return closed === null ? null : { total, closed };
}

/** Sentence ranges of `text`: a sentence ends at ".", "!" or "?" followed by whitespace. */
function sentences(text: string): SourceRange[] {
  const out: SourceRange[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c === 0x2e || c === 0x21 || c === 0x3f) &&
      (i + 1 === text.length || isSpace(text.charCodeAt(i + 1)))
    ) {
      out.push({ start, end: i + 1 });
      start = i + 1;
      while (start < text.length && isSpace(text.charCodeAt(start))) start++;
      i = start - 1;
    }
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

type Analysis = Status & { recommendations: Recommendations | null; stated: boolean; coreEnd: number };

/** What an item says about its own status, and where its wording stops before those sentences. */
function analyse(text: string): Analysis {
  const lower = text.toLowerCase();
  if (!lower.includes('concern') && !lower.includes('recommendation')) {
    return { status: 'open', closedOn: null, stated: false, recommendations: null, coreEnd: text.length };
  }
  const parts = sentences(text);
  let status: Status | null = null;
  let recommendations: Recommendations | null = null;
  let coreEnd = text.length;
  let trailing = true;
  for (let k = parts.length - 1; k >= 0; k--) {
    const part = parts[k]!;
    // (Lower-casing can change the length of a few characters: then lower-case sentence by sentence.)
    const sentence =
      lower.length === text.length
        ? lower.slice(part.start, part.end)
        : text.slice(part.start, part.end).toLowerCase();
    const s = statusOf(sentence);
    const p = progressOf(sentence);
    if (s !== null && status === null) status = s;
    if (p !== null && recommendations === null) recommendations = p;
    if (trailing && (s !== null || p !== null) && k > 0) coreEnd = part.start;
    else trailing = false;
  }
  while (coreEnd > 0 && isSpace(text.charCodeAt(coreEnd - 1))) coreEnd--;
  return {
    status: status?.status ?? 'open',
    closedOn: status?.closedOn ?? null,
    stated: status !== null,
    recommendations,
    coreEnd,
  };
}

// ---------------------------------------------------------------------------
// Reason lists

type Node = {
  bullet: boolean;
  /** Whether the source numbered the item ("1.", "(a)") rather than bulleting it. */
  numbered: boolean;
  indent: number;
  /** Source ranges of the lines that make up the item (text joined with single spaces). */
  segs: SourceRange[];
  children: Node[];
  closure: boolean;
  /** Caches of textOf and infoOf. */
  text: string | null;
  info: Analysis | null;
};

type ListMode = 'entry' | 'exit';

/** Deeper items are kept as siblings at this depth (bounded recursion on hostile indentation). */
const MAX_DEPTH = 6;

function textOf(input: string, node: Node): string {
  node.text ??= node.segs.map((s) => input.slice(s.start, s.end)).join(' ');
  return node.text;
}

function infoOf(input: string, node: Node): Analysis {
  node.info ??= analyse(textOf(input, node));
  return node.info;
}

function rangeOf(node: Node): SourceRange {
  return { start: node.segs[0]!.start, end: node.segs[node.segs.length - 1]!.end };
}

/** The input offset of offset `o` of the node's joined text. */
function sourceOffset(node: Node, o: number): number {
  let at = 0;
  for (const seg of node.segs) {
    const len = seg.end - seg.start;
    if (o <= at + len) return seg.start + (o - at);
    at += len + 1;
  }
  return rangeOf(node).end;
}

const newNode = (bullet: boolean, indent: number, segs: SourceRange[], numbered = false): Node => ({
  bullet,
  numbered,
  indent,
  segs,
  children: [],
  closure: false,
  text: null,
  info: null,
});

/**
 * The items of a list of reasons. For exit reasons, the paragraphs that are not reasons are
 * handed back in `prose`: the introduction ("… removed from Engage because …, including:") and a
 * closing paragraph after the items (the Met's Milestone Plan).
 */
function buildList(
  input: string,
  lines: Line[],
  mode: ListMode,
  prose: { intro: SourceRange | null; note: SourceRange | null } = { intro: null, note: null },
): Node[] {
  type Entry = { line: Line; marker: number; blankBefore: boolean };
  const entries: Entry[] = [];
  let blank = false;
  for (const line of lines) {
    if (isBlank(line)) {
      blank = true;
      continue;
    }
    entries.push({ line, marker: bulletLength(line.text), blankBefore: blank });
    blank = false;
  }

  const tops: Node[] = [];
  let stack: Node[] = [];
  let owner: Node | null = null;
  let last: Node | null = null;
  for (let i = 0; i < entries.length; i++) {
    const { line, marker, blankBefore } = entries[i]!;
    const content: SourceRange = { start: line.start + marker, end: line.end };
    if (marker === 0) {
      if (
        last !== null &&
        last.bullet &&
        !blankBefore &&
        (line.indent > last.indent || last.segs.length === 0)
      ) {
        last.segs.push(content);
        continue;
      }
      const node: Node = newNode(false, line.indent, [content]);
      stack = [];
      owner = null;
      last = null;
      if (isClosureStatement(input, node)) {
        node.closure = true;
        tops.push(node);
        continue;
      }
      const next = entries[i + 1];
      const introduces = line.text.endsWith(':') || (next !== undefined && next.marker > 0);
      if (mode === 'exit' && introduces) {
        prose.intro ??= content; // "… removed from Engage because …, including:"
        continue;
      }
      if (mode === 'exit' && tops.some((t) => t.bullet) && prose.note === null) {
        prose.note = content; // a closing paragraph after the items
        last = node;
        continue;
      }
      tops.push(node);
      last = node;
      if (introduces) owner = node;
      continue;
    }
    const numbered = /^[0-9(a-z]/.test(line.text);
    const node = newNode(true, line.indent, content.end > content.start ? [content] : [], numbered);
    while (
      stack.length > 0 &&
      (stack[stack.length - 1]!.indent >= node.indent || stack.length >= MAX_DEPTH)
    ) {
      stack.pop();
    }
    const parent = stack[stack.length - 1] ?? owner;
    (parent === null ? tops : parent.children).push(node);
    stack.push(node);
    last = node;
  }
  markClosures(input, tops);
  return tops;
}

/** A whole item that only states the status of causes of concern ("These causes … were closed …"). */
function isClosureStatement(input: string, node: Node): boolean {
  const text = textOf(input, node);
  if (text.length > MAX_SENTENCE || !CLOSURE_STATEMENT.test(text.slice(0, 80))) return false;
  return infoOf(input, node).stated;
}

function markClosures(input: string, nodes: Node[]): void {
  for (const node of nodes) {
    if (node.bullet && node.segs.length > 0) node.closure = isClosureStatement(input, node);
    markClosures(input, node.children);
  }
}

/**
 * The list as the page lays it out. A closure statement stays in its place, as a note rather than
 * a reason, so that the page's numbering (the Met's 1 to 6) survives and nothing is themed by it.
 */
function toReasons(input: string, nodes: Node[], out: ExtractedReason[] = []): ExtractedReason[] {
  for (const n of nodes) {
    if (n.segs.length === 0) toReasons(input, n.children, out);
    else
      out.push({
        text: textOf(input, n),
        items: n.closure ? [] : toReasons(input, n.children),
        source: rangeOf(n),
        ...(n.numbered ? { numbered: true } : {}),
        ...(n.closure ? { note: true } : {}),
      });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Causes of concern

function anyNode(nodes: Node[], test: (n: Node) => boolean): boolean {
  return nodes.some((n) => test(n) || anyNode(n.children, test));
}

function toCause(input: string, node: Node): ExtractedCauseOfConcern {
  const full = textOf(input, node);
  const a = infoOf(input, node);
  const start = rangeOf(node).start;
  return {
    text: full.slice(0, a.coreEnd),
    status: a.stated ? a.status : 'unknown',
    closedOn: a.stated ? a.closedOn : null,
    recommendations: a.recommendations,
    items: node.children
      .filter((c) => !c.closure && c.segs.length > 0)
      .map((c) => {
        const text = textOf(input, c);
        const ca = infoOf(input, c);
        return {
          text: text.slice(0, ca.coreEnd),
          status: ca.stated ? ca.status : 'unknown',
          closedOn: ca.stated ? ca.closedOn : null,
          source: { start: rangeOf(c).start, end: sourceOffset(c, ca.coreEnd) },
        };
      }),
    source: { start, end: sourceOffset(node, a.coreEnd) },
  };
}

/** Applies a closure statement to the causes it follows ("This cause …": the last one only). */
function close(input: string, statement: Node, targets: ExtractedCauseOfConcern[]): void {
  const status = infoOf(input, statement);
  if (!status.stated) return;
  // "This cause of concern was closed …" on a line of its own closes only the item above it.
  const singular = /^(?:this|the)\s+cause\b/i.test(textOf(input, statement));
  for (const cause of singular ? targets.slice(-1) : targets) {
    if (cause.status !== 'unknown') continue;
    cause.status = status.status;
    cause.closedOn = status.closedOn;
  }
}

function causesOfConcern(input: string, tops: Node[]): ExtractedCauseOfConcern[] {
  const statusLike = (n: Node): boolean => n.segs.length > 0 && (n.closure || infoOf(input, n).stated);
  const namesCauses = (n: Node): boolean =>
    n.children.length > 0 && n.segs.length > 0 && MENTIONS_COC.test(textOf(input, n).slice(0, MAX_SENTENCE));
  if (!anyNode(tops, statusLike) && !tops.some(namesCauses)) return [];

  const out: ExtractedCauseOfConcern[] = [];
  let pending: ExtractedCauseOfConcern[] = []; // the group a following closure statement applies to
  let plainRun: Node[] = []; // items above with no status and no sub-items
  for (const top of tops) {
    if (top.closure) {
      if (pending.length === 0 && plainRun.length > 0) {
        pending = plainRun.map((n) => toCause(input, n));
        out.push(...pending);
      }
      close(input, top, pending);
      pending = [];
      plainRun = [];
      continue;
    }
    if (top.children.some((c) => !c.closure)) {
      plainRun = [];
      pending = [];
      for (const child of top.children) {
        if (child.closure) {
          close(input, child, pending);
          pending = [];
          continue;
        }
        if (child.segs.length === 0) continue;
        const cause = toCause(input, child);
        out.push(cause);
        if (cause.status === 'unknown') pending.push(cause);
      }
      continue;
    }
    pending = [];
    if (top.segs.length > 0 && infoOf(input, top).stated) {
      out.push(toCause(input, top));
      plainRun = [];
    } else if (top.segs.length > 0) {
      plainRun.push(top);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Blocks

type Page = 'current' | 'previous';

function forceIndex(context: ParseContext): Map<string, string> {
  const index = new Map<string, string>();
  for (const force of context.forces) {
    for (const name of force.names) {
      const key = nameKey(name);
      if (key !== '' && !index.has(key)) index.set(key, force.slug);
    }
  }
  return index;
}

function canBeForceLine(line: Line): boolean {
  return (
    !isBlank(line) &&
    line.text.length <= 200 &&
    line.heading === null &&
    bulletLength(line.text) === 0 &&
    dateOf(line.text) === null
  );
}

function findBlockStarts(lines: Line[], marker: 'entered' | 'exited'): number[] {
  const starts: number[] = [];
  let previous = -1; // the last line a block already starts at or uses as its marker
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line) || line.text.length > 80) continue;
    if (line.heading?.kind !== marker) continue;
    let j = i - 1;
    while (j > previous && isBlank(lines[j]!)) j--;
    if (j > previous && canBeForceLine(lines[j]!)) {
      starts.push(j);
      previous = i;
    }
  }
  return starts;
}

function parseBlock(
  input: string,
  lines: Line[],
  from: number,
  to: number,
  page: Page,
  forces: Map<string, string>,
): ExtractedEngagePeriod {
  const forceLine = lines[from]!;
  const dates: { entered: string | null; exited: string | null } = { entered: null, exited: null };
  const lists: Record<ListMode, Line[]> = { entry: [], exit: [] };
  const related: Line[] = [];
  let section: ListMode | 'related' | null = null;
  let lastDate: 'entered' | 'exited' | null = null;
  let pendingDate: 'entered' | 'exited' | null = null;
  let inNote = false;
  let end = forceLine.end;

  for (let k = from + 1; k < to; k++) {
    const line = lines[k]!;
    if (isBlank(line)) {
      inNote = false;
      if (section === 'entry' || section === 'exit') lists[section].push(line);
      continue;
    }
    const { heading } = line;
    if (heading?.kind === 'title') break;
    if (heading?.kind === 'note') {
      inNote = true;
      continue;
    }
    if (inNote && heading === null) continue;
    inNote = false;
    end = line.end;

    if (pendingDate !== null) {
      const which = pendingDate;
      pendingDate = null;
      const dateLike = heading === null && line.text.length <= 60 && bulletLength(line.text) === 0;
      const date = dateLike ? (dateOf(line.text) ?? findDate(line.text)) : null;
      if (date !== null) {
        dates[which] ??= date;
        continue;
      }
    }
    if (heading?.kind === 'entered' || heading?.kind === 'exited') {
      lastDate = heading.kind;
      section = null;
      if (heading.date === null) pendingDate = heading.kind;
      else dates[heading.kind] ??= heading.date;
      continue;
    }
    if (heading?.kind === 'reasons') {
      section =
        lastDate === 'exited'
          ? 'exit'
          : lastDate === 'entered'
            ? 'entry'
            : page === 'previous'
              ? 'exit'
              : 'entry';
      continue;
    }
    if (heading?.kind === 'related') {
      section = 'related';
      continue;
    }
    if (section === 'related') related.push(line);
    else if (section !== null) lists[section].push(line);
  }

  const entry = buildList(input, lists.entry, 'entry');
  const prose: { intro: SourceRange | null; note: SourceRange | null } = { intro: null, note: null };
  const exit = buildList(input, lists.exit, 'exit', prose);
  const paragraph = (range: SourceRange | null) =>
    range ? { text: input.slice(range.start, range.end).replace(/\s+/g, ' ').trim(), source: range } : null;
  const forceName = forceLine.text;
  return {
    force: forceName.length <= 200 ? (forces.get(nameKey(forceName)) ?? null) : null,
    forceName,
    entered: dates.entered,
    exited: dates.exited,
    entryReasons: toReasons(input, entry),
    exitReasons: toReasons(input, exit),
    exitIntro: paragraph(prose.intro),
    exitNote: paragraph(prose.note),
    causesOfConcern: causesOfConcern(input, entry),
    relatedReports: related.map((l) => l.text.slice(bulletLength(l.text)).trim()).filter((t) => t !== ''),
    source: { start: forceLine.start, end },
  };
}

function parseEngage(text: string, context: ParseContext, page: Page): Extracted {
  const marker = page === 'current' ? 'entered' : 'exited';
  const lines = splitLines(text);
  const starts = findBlockStarts(lines, marker);
  if (starts.length === 0) {
    const words = marker === 'entered' ? 'Entered Engage' : 'Moved out of Engage';
    throw new ExtractionError(`No force blocks found: expected a force name followed by '${words}'`);
  }
  const forces = forceIndex(context);
  const engagePeriods = starts.map((from, b) =>
    parseBlock(text, lines, from, starts[b + 1] ?? lines.length, page, forces),
  );
  return { ...emptyExtracted(), engagePeriods };
}

/** "Police forces in Engage": the forces in Engage now, with the date and reasons they entered. */
export const parseEngageCurrent: Parser = (text, context) => parseEngage(text, context, 'current');

/** "Police forces previously in Engage": when and why each force left, and when and why it entered. */
export const parseEngagePrevious: Parser = (text, context) => parseEngage(text, context, 'previous');
