import type { SourceRange } from '../extraction.types.js';

/**
 * The document model every reader (text, HTML, DOCX, PDF) ends in: the normalised text and its
 * blocks, in order. The readers write structure into the normalised text as light markup (list
 * items as "- " or "1. " with two spaces of indentation a level, table rows as cells joined by
 * " | ", a blank line before a heading), so one pass over its lines recovers the blocks whatever
 * the format was; a plain-text document is read the same way, its bullets ("•", "-", "*"),
 * numbering ("1.", "(a)", "i)") and headings (short lines without closing punctuation) inferred.
 *
 * Every block keeps the character range of its content in the normalised text, so whatever is
 * extracted from it can point back at the passage (provenance).
 */
export type BlockType = 'heading' | 'paragraph' | 'item' | 'row';

export type Block = {
  type: BlockType;
  /** The content without its list marker, trimmed. */
  text: string;
  /** Range of `text` in the normalised text. */
  start: number;
  end: number;
  /** Nesting of a list item (0 = top level), from its indentation; 0 for other blocks. */
  depth: number;
  /** The list marker as written ("•", "-", "1.", "(a)", "ii)"), or null. */
  marker: string | null;
  /** The item's number or letter without punctuation ("1", "a", "ii"), or null when bulleted. */
  number: string | null;
  /** A heading's level: 1 for the document's title (its first line), 2 for the others. */
  level: number;
  /** A table row's cells, trimmed; null for other blocks. */
  cells: string[] | null;
  /** Position of the block in `blocks`. */
  index: number;
  /** A blank line (or the start of the document) comes before this block. */
  afterBlank: boolean;
};

export type DocModel = { text: string; blocks: Block[] };

const BULLET = /^([•·▪◦●‣○➢►✓✔■□–—*-])(?=\s)\s*/;
const NUMBERED = /^(\(?(\d{1,3}|[a-z]|[ivx]{1,5})[.)](?=\s)|\d{1,3}\.\d{1,2}(?=\s))\s*/;
const isSpaceCode = (c: number) => c === 32 || c === 9 || c === 13 || c === 0xa0 || c === 0x0b || c === 0x0c;

/** At most this many characters of a line are taken as a heading. */
const HEADING_MAX = 120;
const HEADING_END = /[.,;:!…"”’)]$/;
const STARTS_UPPER = /^[\p{Lu}\d‘'"“(]/u;

/** The blocks of a normalised text. Linear in its length. */
export function buildModel(text: string): DocModel {
  const blocks: Block[] = [];
  let pos = 0;
  let blank = true;
  while (pos <= text.length) {
    let next = text.indexOf('\n', pos);
    if (next === -1) next = text.length;
    let start = pos;
    let end = next;
    let indent = 0;
    while (start < end && isSpaceCode(text.charCodeAt(start))) {
      indent += text.charCodeAt(start) === 9 ? 2 : 1;
      start++;
    }
    while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
    pos = next + 1;
    if (end <= start) {
      blank = true;
      continue;
    }
    const line = text.slice(start, end);
    const block = lineBlock(line, start, end, indent, blank, blocks.length);
    blocks.push(block);
    blank = false;
  }
  return { text, blocks };
}

function lineBlock(
  line: string,
  start: number,
  end: number,
  indent: number,
  afterBlank: boolean,
  index: number,
): Block {
  const block: Block = {
    type: 'paragraph',
    start,
    end,
    text: line,
    depth: 0,
    marker: null,
    number: null,
    level: 0,
    cells: null,
    index,
    afterBlank,
  };
  const first = line.charCodeAt(0);
  // Only a line starting with a bullet symbol, a digit, "(" or a short letter can be an item.
  const mayBeItem =
    first > 0x7f ||
    first === 40 ||
    first === 42 ||
    first === 45 ||
    (first >= 48 && first <= 57) ||
    line.charCodeAt(1) === 46 ||
    line.charCodeAt(1) === 41 ||
    line.charCodeAt(2) === 41 ||
    line.charCodeAt(2) === 46;
  if (mayBeItem) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const marker = bullet ?? numbered;
    if (marker && marker[0].length < line.length) {
      const offset = marker[0].length;
      block.type = 'item';
      block.text = line.slice(offset);
      block.start = start + offset;
      block.depth = indent >> 1;
      block.marker = marker[1]!.trim();
      block.number = numbered ? numbered[1]!.replace(/^\(|[().]$/g, '') : null;
      return block;
    }
  }
  if (line.includes(' | ') || line.startsWith('| ')) {
    block.type = 'row';
    // A row may start or end with an empty cell ("| Investigating crime | Good"): keep it, so the
    // columns of a matrix stay in place.
    block.cells = line.split(/(?:^|\s)\|(?:\s|$)/).map((c) => c.trim());
    return block;
  }
  if (line.includes('\t')) {
    const cells = line
      .split('\t')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    if (cells.length >= 2) {
      block.type = 'row';
      block.cells = cells;
      return block;
    }
  }
  if (looksLikeHeading(line, index)) {
    block.type = 'heading';
    block.level = index === 0 ? 1 : 2;
  }
  return block;
}

function looksLikeHeading(line: string, index: number): boolean {
  if (line.length > HEADING_MAX) return false;
  if (index === 0) return true;
  if (HEADING_END.test(line) || !STARTS_UPPER.test(line)) return false;
  let words = 1;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 32) words++;
  return words <= 16;
}

/** The text of a range of the document. */
export function textOf(model: DocModel, range: SourceRange): string {
  return model.text.slice(range.start, range.end);
}

/** The sentences of a block (or any range), each with its range, trimmed. */
export function sentencesOf(text: string, range: SourceRange): Array<SourceRange & { text: string }> {
  const out: Array<SourceRange & { text: string }> = [];
  const slice = text.slice(range.start, range.end);
  // A full stop ends a sentence unless it follows a common abbreviation or an initial.
  const boundary =
    /(?<!\b(?:Mr|Mrs|Ms|Dr|St|No|Rt|Hon|Supt|Insp|Sgt|Ch|Co|Ltd|e\.g|i\.e|etc|vs|[A-Z]))([.!?]+['’"”)]*)\s+(?=[\p{Lu}\d‘'"“(])/gu;
  let from = 0;
  for (const m of slice.matchAll(boundary)) {
    push(from, m.index + m[1]!.length);
    from = m.index + m[0].length;
  }
  push(from, slice.length);
  return out;

  function push(a: number, b: number) {
    while (a < b && /\s/.test(slice[a]!)) a++;
    while (b > a && /\s/.test(slice[b - 1]!)) b--;
    if (b > a) out.push({ start: range.start + a, end: range.start + b, text: slice.slice(a, b) });
  }
}

/** The blocks that follow `index` up to (not including) the next heading, or `limit` blocks. */
export function sectionAfter(model: DocModel, index: number, limit = 200): Block[] {
  const out: Block[] = [];
  for (let i = index + 1; i < model.blocks.length && out.length < limit; i++) {
    const b = model.blocks[i]!;
    if (b.type === 'heading') break;
    out.push(b);
  }
  return out;
}

/**
 * The list that starts after block `index` (a lead-in such as "including:"): its consecutive
 * items, top level first, children nested under their parent by depth. Stops at the first block
 * that is not an item.
 */
export type ListNode = { block: Block; children: ListNode[] };
export function listAfter(model: DocModel, index: number): ListNode[] {
  const tops: ListNode[] = [];
  const stack: ListNode[] = [];
  for (let i = index + 1; i < model.blocks.length; i++) {
    const b = model.blocks[i]!;
    if (b.type !== 'item') break;
    const node: ListNode = { block: b, children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.block.depth >= b.depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else tops.push(node);
    stack.push(node);
  }
  return tops;
}

/** The range covering a run of blocks. */
export function rangeOfBlocks(blocks: Block[]): SourceRange {
  return { start: blocks[0]?.start ?? 0, end: blocks[blocks.length - 1]?.end ?? 0 };
}
