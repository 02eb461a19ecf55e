/**
 * The first step of document import: uploaded bytes become normalised plain text.
 *
 * The format is decided by the content (magic bytes, the parts inside a ZIP, HTML sniffing); the
 * file name only breaks ties. Every failure is a `DocumentReadError` with a `code` and a one-line
 * message a person can act on. Every format's text goes through `normaliseText`, so character
 * ranges recorded as provenance refer to one stable text.
 *
 * DOCX files are checked for zip bombs (declared and actual sizes, compression ratio) before
 * mammoth sees them, and their Word checkboxes (legacy FORMCHECKBOX fields and content-control
 * checkboxes) are rewritten to "☒ " / "☐ " text runs in the main document part, or to nothing
 * where the file does not say whether the box is ticked.
 */
import { contains, load, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler'; // cheerio's node types
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';

export type DocumentFormat = 'text' | 'html' | 'pdf' | 'docx';

export type DocumentReadErrorCode =
  | 'empty'
  | 'too-large'
  | 'unsupported'
  | 'binary'
  | 'encoding'
  | 'corrupt'
  | 'encrypted'
  | 'zip-bomb'
  | 'no-text';

export class DocumentReadError extends Error {
  override readonly name = 'DocumentReadError';
  readonly code: DocumentReadErrorCode;

  constructor(code: DocumentReadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type ReadOptions = {
  /** Largest file accepted, in bytes. Default 50 MiB. */
  maxBytes?: number;
  /** The uploaded file's name: a hint when the content is ambiguous, never an override. */
  fileName?: string;
  /** DOCX: largest total size of the unpacked parts, in bytes. Default 200 MiB. */
  maxUncompressedBytes?: number;
  /** DOCX: largest compression ratio of a part of 1 MiB or more. Default 100. */
  maxCompressionRatio?: number;
};

export type ReadResult = { format: DocumentFormat; text: string; title: string | null; warnings: string[] };

const MIB = 1024 * 1024;
export const DEFAULT_MAX_BYTES = 50 * MIB;
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * MIB;
export const DEFAULT_MAX_COMPRESSION_RATIO = 100;
/** Parts smaller than this are not held to the compression ratio: tiny parts cannot do harm. */
const RATIO_CHECK_FLOOR = MIB;

const SUPPORTED = 'Oversight can read PDF, Word (.docx), HTML and plain text files.';
const TICKED = '☒';
const UNTICKED = '☐';

// ---------------------------------------------------------------------------------------------
// Reading

export async function readDocument(bytes: Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length === 0) throw new DocumentReadError('empty', 'The file is empty.');
  if (bytes.length > maxBytes)
    throw new DocumentReadError('too-large', tooLargeMessage(bytes.length, maxBytes));

  const format = detectFormat(bytes, opts.fileName);
  const warnings: string[] = [];
  const hinted = formatFromFileName(opts.fileName);
  if (hinted && hinted.format !== format) {
    warnings.push(
      `The file name ends in "${hinted.extension}" but the content is ${FORMAT_NAMES[format]}, so it was read as ${FORMAT_NAMES[format]}.`,
    );
  }

  let raw: { text: string; title: string | null };
  switch (format) {
    case 'text':
      raw = { text: decodeText(bytes, warnings), title: null };
      break;
    case 'html':
      raw = htmlToText(decodeHtml(bytes, warnings), { checkboxSymbols: true });
      break;
    case 'pdf':
      raw = await readPdf(bytes, warnings);
      break;
    case 'docx':
      raw = await readDocx(bytes, opts, warnings);
      break;
  }

  const text = normaliseText(raw.text);
  if (text === '') throw new DocumentReadError('no-text', NO_TEXT_MESSAGES[format]);
  return { format, text, title: cleanTitle(raw.title), warnings };
}

const FORMAT_NAMES: Record<DocumentFormat, string> = {
  text: 'plain text',
  html: 'HTML',
  pdf: 'a PDF',
  docx: 'a Word document',
};

const NO_TEXT_MESSAGES: Record<DocumentFormat, string> = {
  text: 'The file has no text in it, only blank space.',
  html: 'The HTML page has no readable text.',
  pdf: 'The PDF has no text layer (it may be a scanned image).',
  docx: 'The DOCX file has no text in it.',
};

function tooLargeMessage(size: number, limit: number): string {
  const actual = formatSize(size);
  const allowed = formatSize(limit);
  return actual === allowed
    ? `The file is larger than the ${allowed} limit.`
    : `The file is ${actual}; the limit is ${allowed}.`;
}

function formatSize(bytes: number): string {
  const [value, unit]: [number, string] =
    bytes >= MIB ? [bytes / MIB, 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'bytes'];
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${unit}`;
}

function cleanTitle(title: string | null): string | null {
  if (title === null) return null;
  const cleaned = normaliseText(title).replace(/\s+/g, ' ');
  return cleaned === '' ? null : cleaned;
}

// ---------------------------------------------------------------------------------------------
// Format detection

const FILE_NAME_FORMATS: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.docm': 'docx',
  '.dotx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
  '.csv': 'text',
};

function formatFromFileName(
  fileName: string | undefined,
): { extension: string; format: DocumentFormat } | null {
  const match = fileName === undefined ? null : /\.[a-z0-9]+$/i.exec(fileName.trim());
  if (!match) return null;
  const extension = match[0].toLowerCase();
  const format = FILE_NAME_FORMATS[extension];
  return format ? { extension, format } : null;
}

/**
 * The format of a file, decided by its content. The file name only decides between "html" and
 * "text" for a fragment of markup, and accepts a PDF header a little way into the file.
 * Throws a DocumentReadError for content that is recognisably not a readable document (a ZIP that
 * is not a DOCX, an old binary Office file, an image…).
 */
export function detectFormat(bytes: Uint8Array, fileName?: string): DocumentFormat {
  if (bytes.length === 0) throw new DocumentReadError('empty', 'The file is empty.');
  const hinted = formatFromFileName(fileName)?.format;

  const pdfAt = indexOfAscii(bytes, '%PDF-', 1024);
  if (pdfAt >= 0 && (isBlank(bytes.subarray(0, pdfAt)) || hinted === 'pdf')) return 'pdf';

  if (isZip(bytes)) return classifyZip(bytes, hinted);
  if (startsWith(bytes, OLE_MAGIC)) throw classifyOle(bytes);
  for (const [magic, what] of BINARY_MAGICS) {
    if (startsWith(bytes, magic)) {
      throw new DocumentReadError('unsupported', `This is ${what}, not a document. ${SUPPORTED}`);
    }
  }

  const prefix = decodePrefix(bytes);
  if (/^\{\\rtf/.test(prefix)) {
    throw new DocumentReadError(
      'unsupported',
      'This is a Rich Text Format (.rtf) file; save it as .docx or PDF and upload it again.',
    );
  }
  if (looksLikeHtml(prefix)) return 'html';
  if (hinted === 'html' && /<[a-z!/]/i.test(prefix)) return 'html';
  return 'text';
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const BINARY_MAGICS: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x49, 0x49, 0x2a, 0x00], 'a TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'a TIFF image'],
  [[0x1f, 0x8b], 'a compressed (gzip) file'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function indexOfAscii(bytes: Uint8Array, needle: string, within: number): number {
  const haystack = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.length, within + needle.length),
  );
  return haystack.indexOf(needle, 0, 'latin1');
}

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c);
}

/** The first kilobyte as text, for sniffing: BOM-aware, otherwise Latin-1 (never throws). */
function decodePrefix(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 1024);
  if (startsWith(head, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(head.subarray(2));
  if (startsWith(head, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(head.subarray(2));
  const utf16 = guessBomlessUtf16(head);
  if (utf16) return new TextDecoder(utf16).decode(head);
  return new TextDecoder('latin1').decode(startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head);
}

/** The WHATWG MIME-sniffing tags, and a few more, at the very start (after any XML declaration). */
const HTML_START =
  /^<(?:!doctype\s+html|!--|(?:html|head|body|script|style|title|meta|link|iframe|h[1-6]|div|font|table|a|b|br|p|span|section|article|main|header|nav|ul|ol)(?=[\s>/]|$))/i;

function looksLikeHtml(prefix: string): boolean {
  let start = prefix.replace(/^[\uFEFF\s]+/, '');
  const xmlDeclaration = /^<\?xml[^>]*\?>\s*/i.exec(start);
  if (xmlDeclaration) start = start.slice(xmlDeclaration[0].length);
  return HTML_START.test(start);
}

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) ||
      (bytes[2] === 5 && bytes[3] === 6) ||
      (bytes[2] === 7 && bytes[3] === 8))
  );
}

function classifyZip(bytes: Uint8Array, hinted: DocumentFormat | undefined): 'docx' {
  const names = zipEntryNames(bytes);
  if (names === null) {
    if (hinted === 'docx') return 'docx'; // readDocx reports the damage in DOCX terms
    throw new DocumentReadError('corrupt', 'The file looks like a ZIP archive, but it is damaged.');
  }
  const isWordPart = (name: string) => /^word\/document\d*\.xml$/.test(name);
  if (
    names.includes('word/document.xml') ||
    (names.includes('[Content_Types].xml') && names.some(isWordPart))
  ) {
    return 'docx';
  }
  const what = names.some((n) => n.startsWith('xl/'))
    ? 'an Excel spreadsheet (.xlsx)'
    : names.some((n) => n.startsWith('ppt/'))
      ? 'a PowerPoint presentation (.pptx)'
      : names.includes('mimetype') && names.includes('content.xml')
        ? 'an OpenDocument file'
        : names.length === 0
          ? 'an empty ZIP archive'
          : 'a ZIP archive';
  throw new DocumentReadError('unsupported', `This is ${what}, not a Word (.docx) document. ${SUPPORTED}`);
}

/**
 * Names of the entries of a ZIP archive, read synchronously from its central directory (or, when
 * that is missing or damaged, from its local headers). null: no entries could be read at all.
 */
function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder();
  const fromDirectory = (): string[] | null => {
    const lowest = Math.max(0, bytes.length - 22 - 0xffff);
    for (let eocd = bytes.length - 22; eocd >= lowest; eocd--) {
      if (view.getUint32(eocd, true) !== 0x06054b50) continue;
      const count = view.getUint16(eocd + 10, true);
      let at = view.getUint32(eocd + 16, true);
      if (count === 0xffff || at === 0xffffffff) return null; // ZIP64: fall back to the local headers
      const names: string[] = [];
      for (let i = 0; i < count; i++) {
        if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
        const nameLength = view.getUint16(at + 28, true);
        const extraLength = view.getUint16(at + 30, true);
        const commentLength = view.getUint16(at + 32, true);
        if (at + 46 + nameLength > bytes.length) return null;
        names.push(utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
        at += 46 + nameLength + extraLength + commentLength;
      }
      return names;
    }
    return null;
  };
  const fromLocalHeaders = (): string[] | null => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const signature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    const names: string[] = [];
    for (let at = buffer.indexOf(signature); at >= 0 && names.length < 100_000;) {
      if (at + 30 > bytes.length) break;
      const nameLength = view.getUint16(at + 26, true);
      if (at + 30 + nameLength > bytes.length) break;
      names.push(utf8.decode(bytes.subarray(at + 30, at + 30 + nameLength)));
      at = buffer.indexOf(signature, at + 30 + nameLength);
    }
    return names.length > 0 ? names : null;
  };
  return fromDirectory() ?? fromLocalHeaders();
}

/** An OLE2 compound file: an encrypted OOXML package, or a legacy binary Office file. */
function classifyOle(bytes: Uint8Array): DocumentReadError {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
    return new DocumentReadError(
      'encrypted',
      'The document is password-protected, so its text cannot be read. Remove the password and upload it again.',
    );
  }
  const what = buffer.includes(Buffer.from('WordDocument', 'utf16le'))
    ? 'an older Word document (.doc)'
    : 'an older Microsoft Office file';
  return new DocumentReadError(
    'unsupported',
    `This is ${what}; save it as .docx or PDF and upload it again.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Plain text and character encodings

function decodeText(bytes: Uint8Array, warnings: string[]): string {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
    throw new DocumentReadError(
      'encoding',
      'The file is in UTF-32, which is not supported; save it as UTF-8 and upload it again.',
    );
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    text = decodeUtf16('utf-16le', bytes.subarray(2));
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    text = decodeUtf16('utf-16be', bytes.subarray(2));
  } else {
    const utf16 = guessBomlessUtf16(bytes);
    if (utf16) {
      text = decodeUtf16(utf16, bytes);
      warnings.push(`The file has no byte-order mark; it was read as ${utf16.toUpperCase()}.`);
    } else {
      if (bytes.includes(0)) throw binaryError();
      text = decodeUtf8OrWindows1252(bytes, warnings);
    }
  }
  if (looksBinary(text)) throw binaryError();
  return text;
}

function binaryError(): DocumentReadError {
  return new DocumentReadError('binary', 'This looks like binary data, not a document.');
}

function decodeUtf16(encoding: 'utf-16le' | 'utf-16be', bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    throw new DocumentReadError('encoding', 'The file is marked as UTF-16, but its text is damaged.', {
      cause: error,
    });
  }
}

function decodeUtf8OrWindows1252(bytes: Uint8Array, warnings: string[]): string {
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    warnings.push('The file is not valid UTF-8, so it was read as Windows-1252 (Western European).');
    return decodeWindows1252(body);
  }
}

/** Windows-1252 at 0x80–0x9F (the five bytes it leaves undefined stay C1 controls). */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * Windows-1252. Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x80–0x9F become C1
 * control characters instead of € ‘ ’ “ ” – —…), so those 32 bytes are mapped here.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
}

/** UTF-16 without a byte-order mark: text in Latin scripts has a zero in every other byte. */
function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros / pairs > 0.3 && evenZeros / pairs < 0.02) return 'utf-16le';
  if (evenZeros / pairs > 0.3 && oddZeros / pairs < 0.02) return 'utf-16be';
  return null;
}

/** NUL characters, or more than 1% control characters other than tab, line breaks and form feed. */
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) ||
      (c >= 0x7f && c <= 0x9f)
    ) {
      controls++;
    }
  }
  return controls > 0 && controls / text.length > 0.01;
}

// ---------------------------------------------------------------------------------------------
// HTML

function decodeHtml(bytes: Uint8Array, warnings: string[]): string {
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16('utf-16le', bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16('utf-16be', bytes.subarray(2));
  if (!startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
    const label = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase();
    if (label && !/^(?:utf-?8|utf-?16\w*|unicode)$/.test(label)) {
      try {
        const decoder = new TextDecoder(label);
        return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
      } catch {
        warnings.push(`The page declares the character set "${label}", which is not recognised.`);
      }
    }
  }
  return decodeUtf8OrWindows1252(bytes, warnings);
}

/** Structural view of the DOM nodes cheerio gives (domhandler), enough to walk them. */
type DomNode = {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
};

const REMOVED_NAMES = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'nav',
  'footer',
  'aside',
  'button',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'select',
  'textarea',
  'dialog',
]);
const REMOVED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'dialog', 'alertdialog']);

/** Class, id or label words of page furniture, matched loosely (case-insensitive substrings). */
const FURNITURE_WORDS = ['cookie', 'breadcrumb', 'skip-link', 'skiplink'];
const SKIP_LINK_TEXT = /^\s*skip (?:to|navigation)\b/i;

/**
 * HTML (a web page, or mammoth's rendering of a DOCX) as lines of text: one line per block, list
 * items with "- " or "1. " indented two spaces per level, table rows as cells joined by " | ".
 */
function htmlToText(
  html: string,
  opts: { checkboxSymbols: boolean },
): { text: string; title: string | null } {
  const $ = load(html);
  const pageTitle = $('title').first().text();
  const root = pickRoot($);
  const rootNode = root.get(0);
  const bodyTextLength = $('body').text().length || 1;

  /** Page furniture is removed, but never the content itself, nor a wrapper holding most of it. */
  const removable = (el: Element, loose: boolean): boolean => {
    if (['html', 'body', 'main', 'article'].includes(el.name)) return false;
    if (rootNode && (el === rootNode || contains(el, rootNode))) return false;
    return !loose || $(el).text().length < bodyTextLength / 2;
  };

  // One pass over every element (selector lists over big pages are quadratic in cheerio-select).
  const insideContent = (el: Element): boolean => {
    for (let p = el.parent; p && 'name' in p; p = p.parent) {
      if (p.name === 'main' || p.name === 'article' || p.attribs['role'] === 'main') return true;
    }
    return false;
  };
  const elements: Element[] = [];
  const collect = (node: { children?: unknown[] }) => {
    for (const child of (node.children ?? []) as Array<Element | { type: string }>) {
      if (child.type === 'tag' || child.type === 'script' || child.type === 'style') {
        elements.push(child as Element);
        collect(child as Element);
      }
    }
  };
  collect($.root().get(0) as unknown as { children?: unknown[] });
  for (const el of elements) {
    const attribs = el.attribs;
    const role = attribs['role'] ?? '';
    if (
      REMOVED_NAMES.has(el.name) ||
      'hidden' in attribs ||
      attribs['aria-hidden'] === 'true' ||
      REMOVED_ROLES.has(role)
    ) {
      if (removable(el, false)) $(el).remove();
      continue;
    }
    if (el.name === 'form') {
      if (removable(el, true)) $(el).remove();
      continue;
    }
    if (el.name === 'header' && !insideContent(el)) {
      if (removable(el, false)) $(el).remove();
      continue;
    }
    const words =
      `${attribs['class'] ?? ''} ${attribs['id'] ?? ''} ${attribs['aria-label'] ?? ''}`.toLowerCase();
    if (words.trim() !== '' && FURNITURE_WORDS.some((w) => words.includes(w)) && removable(el, true)) {
      $(el).remove();
      continue;
    }
    if (el.name === 'a' && SKIP_LINK_TEXT.test($(el).text())) $(el).remove();
  }

  const out = new TextOut();
  const walker = new HtmlWalker(opts.checkboxSymbols);
  const start: DomNode | undefined = root.get(0);
  if (start) walker.children(start, { listDepth: 0 }, out);
  const heading = $('h1').first().text();
  const title = pageTitle.trim() !== '' ? pageTitle : heading.trim() !== '' ? heading : null;
  return { text: out.finish().join('\n'), title };
}

function pickRoot($: CheerioAPI) {
  const main = $('main').first();
  if (main.length > 0) return main;
  const roleMain = $('[role="main"]').first();
  if (roleMain.length > 0) return roleMain;
  const articles = $('article');
  if (articles.length === 1) return articles.first();
  return $('body').first();
}

const CHECKBOX_ONLY = /^[☒☐☑]$/;
const HTML_WHITESPACE = /[ \t\n\r\f]+/g;

/** Collects lines: inline text is buffered, blocks end lines, list items carry their markers. */
class TextOut {
  private readonly lines: string[] = [];
  private buffer = '';
  /** The list marker (with its indentation) for the next line, if a list item has just started. */
  private marker: string | null = null;
  /** Indentation of lines that are not the first line of a list item. */
  private indent = '';
  /** A checkbox standing alone on its line, waiting to prefix its label on the next line. */
  private carry = '';

  write(text: string): void {
    this.buffer += text;
  }

  endLine(): void {
    let text = this.buffer.replace(HTML_WHITESPACE, ' ').trim();
    this.buffer = '';
    if (text === '') return;
    if (this.carry !== '') {
      text = `${this.carry} ${text}`;
      this.carry = '';
    }
    if (CHECKBOX_ONLY.test(text)) {
      this.carry = text;
      return;
    }
    this.push(text);
  }

  /** A preformatted line: kept as it is, with the current indentation. */
  preformatted(line: string): void {
    this.endLine();
    this.push(line);
  }

  blankLine(): void {
    this.endLine();
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  startItem(marker: string, indent: string): { marker: string | null; indent: string } {
    this.endLine();
    const saved = { marker: this.marker, indent: this.indent };
    this.marker = marker;
    this.indent = indent;
    return saved;
  }

  endItem(saved: { marker: string | null; indent: string }): void {
    this.endLine();
    this.marker = saved.marker;
    this.indent = saved.indent;
  }

  finish(): string[] {
    this.endLine();
    if (this.carry !== '') this.push(this.carry);
    this.carry = '';
    return this.lines;
  }

  private push(text: string): void {
    this.lines.push((this.marker ?? this.indent) + text);
    this.marker = null;
  }
}

type WalkContext = { listDepth: number };

const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'html',
  'legend',
  'main',
  'nav',
  'p',
  'section',
  'summary',
]);
const SKIPPED_ELEMENTS = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'img',
  'colgroup',
]);

class HtmlWalker {
  constructor(private readonly checkboxSymbols: boolean) {}

  children(node: DomNode, ctx: WalkContext, out: TextOut): void {
    for (const child of node.children ?? []) this.node(child, ctx, out);
  }

  private node(node: DomNode, ctx: WalkContext, out: TextOut): void {
    if (node.type === 'text') {
      out.write(node.data ?? '');
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const name = node.name ?? '';
    if (SKIPPED_ELEMENTS.has(name)) return;
    if (name === 'br') return out.endLine();
    if (name === 'hr') return out.endLine();
    if (name === 'ul' || name === 'ol') return this.list(node, ctx, out);
    if (name === 'li') return this.item(node, '- ', ctx, out); // an item outside a list
    if (name === 'table') return this.table(node, ctx, out);
    if (name === 'tr') return this.row(node, out);
    if (name === 'pre') {
      for (const line of textOf(node).split(/\r\n?|\n/)) out.preformatted(line);
      return;
    }
    if (name === 'input') {
      const attribs = node.attribs ?? {};
      if (this.checkboxSymbols && attribs['type']?.toLowerCase() === 'checkbox') {
        out.write(` ${'checked' in attribs ? TICKED : UNTICKED} `);
      }
      return;
    }
    if (/^h[1-6]$/.test(name)) {
      out.blankLine();
      this.children(node, ctx, out);
      return out.endLine();
    }
    if (BLOCK_ELEMENTS.has(name)) {
      out.endLine();
      this.children(node, ctx, out);
      return out.endLine();
    }
    this.children(node, ctx, out);
  }

  private list(list: DomNode, ctx: WalkContext, out: TextOut): void {
    out.endLine();
    const ordered = list.name === 'ol';
    let number = parseInt(list.attribs?.['start'] ?? '1', 10);
    if (Number.isNaN(number)) number = 1;
    const inner = { listDepth: ctx.listDepth + 1 };
    for (const child of list.children ?? []) {
      if (child.type !== 'tag') continue;
      if (child.name === 'li') {
        const value = parseInt(child.attribs?.['value'] ?? '', 10);
        if (ordered && !Number.isNaN(value)) number = value;
        this.item(child, ordered ? `${number}. ` : '- ', ctx, out);
        number++;
      } else {
        this.node(child, inner, out); // a list directly inside a list: one level deeper
      }
    }
    out.endLine();
  }

  private item(item: DomNode, marker: string, ctx: WalkContext, out: TextOut): void {
    const indent = '  '.repeat(ctx.listDepth);
    const saved = out.startItem(indent + marker, `${indent}  `);
    this.children(item, { listDepth: ctx.listDepth + 1 }, out);
    out.endItem(saved);
  }

  private table(table: DomNode, ctx: WalkContext, out: TextOut): void {
    out.endLine();
    for (const child of table.children ?? []) {
      if (child.type !== 'tag') continue;
      if (child.name === 'tr') this.row(child, out);
      else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
        for (const row of child.children ?? [])
          if (row.type === 'tag' && row.name === 'tr') this.row(row, out);
      } else this.node(child, ctx, out);
    }
    out.endLine();
  }

  private row(row: DomNode, out: TextOut): void {
    out.endLine();
    const cells: string[] = [];
    for (const cell of row.children ?? []) {
      if (cell.type !== 'tag' || (cell.name !== 'td' && cell.name !== 'th')) continue;
      const cellOut = new TextOut();
      this.children(cell, { listDepth: 0 }, cellOut);
      cells.push(
        cellOut
          .finish()
          .map((line) => line.trim())
          .filter((line) => line !== '')
          .join(' '),
      );
    }
    // A cell holding only a checkbox belongs to the label in the next cell.
    for (let i = 0; i + 1 < cells.length; i++) {
      const cell = cells[i] ?? '';
      if (CHECKBOX_ONLY.test(cell) && cells[i + 1]) {
        cells[i + 1] = `${cell} ${cells[i + 1]}`;
        cells[i] = '';
      }
    }
    out.write(cells.filter((cell) => cell !== '').join(' | '));
    out.endLine();
  }
}

function textOf(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(textOf).join('');
}

// ---------------------------------------------------------------------------------------------
// PDF

async function readPdf(
  bytes: Uint8Array,
  warnings: string[],
): Promise<{ text: string; title: string | null }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js may take ownership of (detach) the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (error) {
    throw pdfError(error);
  }
  try {
    const { text: pages } = await extractText(pdf, { mergePages: false });
    const texts = pages.map((page) => normaliseText(page));
    const blank = texts.flatMap((text, i) => (text === '' ? [i + 1] : []));
    if (blank.length === texts.length) throw new DocumentReadError('no-text', NO_TEXT_MESSAGES.pdf);
    if (blank.length > 0) {
      const listed = blank.slice(0, 10).join(', ') + (blank.length > 10 ? '…' : '');
      warnings.push(
        `${blank.length === 1 ? 'Page' : 'Pages'} ${listed} of ${texts.length} ${blank.length === 1 ? 'has no text layer (it may be a scanned image)' : 'have no text layer (they may be scanned images)'}.`,
      );
    }
    return { text: texts.filter((text) => text !== '').join('\n\n'), title: await pdfTitle(pdf) };
  } catch (error) {
    throw error instanceof DocumentReadError ? error : pdfError(error);
  } finally {
    await pdf.destroy();
  }
}

async function pdfTitle(pdf: Awaited<ReturnType<typeof getDocumentProxy>>): Promise<string | null> {
  try {
    const { info, metadata } = await pdf.getMetadata();
    const xmpTitle: unknown = metadata?.get('dc:title');
    const infoTitle: unknown = (info as Record<string, unknown> | undefined)?.['Title'];
    const title = [xmpTitle, infoTitle].find((t): t is string => typeof t === 'string' && t.trim() !== '');
    // Word's PDF printer names the document after the file: "Microsoft Word - report.docx".
    return title?.replace(/^Microsoft Word - (.*?)(?:\.docx?)?$/, '$1') ?? null;
  } catch {
    return null; // the title is a nicety; a damaged metadata stream does not stop the import
  }
}

function pdfError(error: unknown): DocumentReadError {
  if (error instanceof DocumentReadError) return error;
  const { name, message } = describeError(error);
  if (name === 'PasswordException' || /password/i.test(message)) {
    return new DocumentReadError('encrypted', 'The PDF is password-protected, so its text cannot be read.', {
      cause: error,
    });
  }
  return new DocumentReadError('corrupt', `The PDF file is damaged: ${oneLine(message)}.`, { cause: error });
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return {
      name: typeof name === 'string' ? name : '',
      message: typeof message === 'string' ? message : '',
    };
  }
  return { name: '', message: String(error) };
}

function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return line === '' ? 'it could not be read' : line;
}

// ---------------------------------------------------------------------------------------------
// DOCX

async function readDocx(
  bytes: Uint8Array,
  opts: ReadOptions,
  warnings: string[],
): Promise<{ text: string; title: string | null }> {
  const limits = {
    maxTotal: opts.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES,
    maxRatio: opts.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
  };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw docxDamaged(error);
  }
  checkDeclaredSizes(zip, limits);
  const relationships = await verifyActualSizes(zip, limits);
  const mainPath = mainDocumentPath(relationships);
  const main = zip.file(mainPath);
  if (!main)
    throw new DocumentReadError('corrupt', 'The DOCX file is damaged: it has no main document part.');

  let checkboxSymbols = true;
  let input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const rewritten = rewriteCheckboxes(await main.async('string'));
    if (rewritten !== null) {
      zip.file(mainPath, rewritten);
      // Unchanged parts keep their compressed bytes; only the rewritten part is compressed again.
      input = await zip.generateAsync({
        type: 'nodebuffer',
        compression: 'DEFLATE',
        compressionOptions: { level: 1 },
      });
    }
  } catch {
    checkboxSymbols = false;
    warnings.push('The checkboxes in the document could not be read, so they are shown without ticks.');
  }

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: input },
      {
        styleMap: ["p[style-name='Title'] => h1:fresh"],
        externalFileAccess: false,
        // Images are not text: never unpack them.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw docxDamaged(error);
  }

  const { text, title } = htmlToText(html, { checkboxSymbols });
  return { text, title: title ?? (await coreTitle(zip)) };
}

function docxDamaged(error: unknown): DocumentReadError {
  const message = describeError(error).message;
  const reason = /end of central directory|end of data/i.test(message)
    ? 'it is incomplete (the upload may have been cut short)'
    : /xmldom|\bxml\b/i.test(message)
      ? 'its XML is malformed'
      : /corrupted zip|signature|crc32|compression|invalid (?:block|code|distance|stored)|size mismatch/i.test(
            message,
          )
        ? 'its ZIP structure cannot be read'
        : oneLine(message);
  return new DocumentReadError('corrupt', `The DOCX file is damaged: ${reason}.`, { cause: error });
}

function zipBomb(limits: { maxTotal: number }): DocumentReadError {
  return new DocumentReadError(
    'zip-bomb',
    `The DOCX file would expand to more than ${formatSize(limits.maxTotal)} (a possible zip bomb).`,
  );
}

/** jszip keeps the sizes from the central directory on the private `_data` of loaded entries. */
function declaredSizes(file: JSZip.JSZipObject): { compressed: number; uncompressed: number } | null {
  const data = (file as unknown as { _data?: { compressedSize?: unknown; uncompressedSize?: unknown } })
    ._data;
  const compressed = data?.compressedSize;
  const uncompressed = data?.uncompressedSize;
  return typeof compressed === 'number' && typeof uncompressed === 'number'
    ? { compressed, uncompressed }
    : null;
}

function checkDeclaredSizes(zip: JSZip, limits: { maxTotal: number; maxRatio: number }): void {
  let total = 0;
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    const sizes = declaredSizes(file);
    if (!sizes) continue; // verifyActualSizes still bounds what is unpacked
    if (sizes.uncompressed < 0 || sizes.compressed < 0) {
      throw new DocumentReadError(
        'corrupt',
        `The DOCX file is damaged: the size of ${file.name} is invalid.`,
      );
    }
    total += sizes.uncompressed;
    if (total > limits.maxTotal) throw zipBomb(limits);
    if (
      sizes.uncompressed >= RATIO_CHECK_FLOOR &&
      sizes.uncompressed > limits.maxRatio * Math.max(sizes.compressed, 1)
    ) {
      throw new DocumentReadError(
        'zip-bomb',
        `The DOCX file is compressed more than ${limits.maxRatio} to 1 (a possible zip bomb).`,
      );
    }
  }
}

type StreamHelper = {
  on(event: 'data', callback: (chunk: Uint8Array) => void): StreamHelper;
  on(event: 'end', callback: () => void): StreamHelper;
  on(event: 'error', callback: (error: Error) => void): StreamHelper;
  resume(): StreamHelper;
  pause(): StreamHelper;
};

/**
 * Unpacks every XML part (what mammoth reads; images are never unpacked), counting the bytes as
 * they come, so a part that is larger than its header says cannot exhaust memory. Returns the
 * package relationships part.
 */
async function verifyActualSizes(
  zip: JSZip,
  limits: { maxTotal: number; maxRatio: number },
): Promise<string> {
  let total = 0;
  let relationships = '';
  for (const file of Object.values(zip.files)) {
    if (file.dir || !/\.(?:xml|rels)$/i.test(file.name)) continue;
    const declared = declaredSizes(file)?.uncompressed ?? Infinity;
    const keep = file.name === '_rels/.rels';
    const content = await new Promise<Uint8Array>((resolve, reject) => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      let settled = false;
      const stream = (file as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream(
        'uint8array',
      );
      stream
        .on('data', (chunk) => {
          if (settled) return;
          size += chunk.length;
          if (size > declared || total + size > limits.maxTotal) {
            settled = true;
            stream.pause();
            reject(
              size > declared
                ? new DocumentReadError(
                    'zip-bomb',
                    `The DOCX file's part ${file.name} is larger than its header says (a possible zip bomb).`,
                  )
                : zipBomb(limits),
            );
          } else if (keep) chunks.push(chunk);
        })
        .on('error', (error) => {
          if (settled) return;
          settled = true;
          reject(docxDamaged(error));
        })
        .on('end', () => {
          if (settled) return;
          settled = true;
          total += size;
          resolve(Buffer.concat(chunks));
        })
        .resume();
    });
    if (keep) relationships = new TextDecoder().decode(content);
  }
  return relationships;
}

/** The main document part named by the package relationships (usually word/document.xml). */
function mainDocumentPath(relationships: string): string {
  for (const [tag] of relationships.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const type = attribute(tag, 'Type');
    const target = attribute(tag, 'Target');
    if (type?.endsWith('/officeDocument') && target) return decodeXmlText(target).replace(/^\//, '');
  }
  return 'word/document.xml';
}

async function coreTitle(zip: JSZip): Promise<string | null> {
  const core = await zip.file('docProps/core.xml')?.async('string');
  const title = core && /<dc:title>([\s\S]*?)<\/dc:title>/.exec(core)?.[1];
  return title ? decodeXmlText(title) : null;
}

// ---------------------------------------------------------------------------------------------
// Word checkboxes

type XmlFrame = {
  name: string;
  start: number;
  openEnd: number;
  attributes: string;
  /** The content-control checkbox whose properties (w:sdtPr) this element is inside. */
  properties: SdtCheckbox | null;
  /** The content control whose content (w:sdtContent) this element is inside. */
  content: SdtCheckbox | null;
};

type SdtCheckbox = {
  checkbox: { start: number; end: number } | null;
  checked: boolean | null;
  checkedGlyph: string | null;
  uncheckedGlyph: string | null;
  glyphs: Array<{ kind: 't' | 'sym'; start: number; end: number; text: string }>;
  /** Where to insert a symbol run when the content has no glyph: after <w:sdtContent>, if runs follow. */
  insertAt: number | null;
};

type FieldState = {
  begin: { start: number; end: number; xml: string };
  instructions: string[];
  parts: Array<{ start: number; end: number }>;
};

type Edit = { start: number; end: number; text: string };

const TAG =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!(?:[^>"']|"[^"]*"|'[^']*')*>|<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
/** Glyphs Word puts in a checkbox: ☐ ☑ ☒ ✓ ✔ ✗ ✘, and Wingdings characters (private use area). */
const BOX_GLYPH = /^[\u2610\u2611\u2612\u2713\u2714\u2717\u2718\uF000-\uF0FF]/;

/**
 * Rewrites a DOCX main document part so that every Word checkbox becomes a text run "☒ " or
 * "☐ " (or nothing, where the file does not record whether it is ticked):
 * - legacy form fields: fldChar begin (with w:ffData/w:checkBox) … instrText FORMCHECKBOX … end;
 * - w:fldSimple FORMCHECKBOX (no state: unwrapped);
 * - content controls (w:sdt with w14:checkbox and w14:checked).
 * Only whole elements are replaced, so the XML stays well formed. Returns null when there is no
 * checkbox. Throws on XML it cannot follow; the caller then reads the file without ticks.
 */
export function rewriteCheckboxes(xml: string): string | null {
  if (!/FORMCHECKBOX|:checkbox[\s>/]/.test(xml)) return null;
  const edits: Edit[] = [];
  const stack: XmlFrame[] = [];
  const fields: FieldState[] = [];
  const sdtOf = new Map<XmlFrame, SdtCheckbox>();

  const close = (frame: XmlFrame, closeStart: number, end: number): void => {
    const parent = stack[stack.length - 1];
    const { name } = frame;
    if (name === 'w:fldChar') {
      const type = attribute(frame.attributes, 'w:fldCharType');
      const part = { start: frame.start, end };
      if (type === 'begin') {
        fields.push({ begin: { ...part, xml: xml.slice(frame.start, end) }, instructions: [], parts: [] });
      } else if (type === 'separate') {
        fields[fields.length - 1]?.parts.push(part);
      } else if (type === 'end') {
        const field = fields.pop();
        if (field && /\bFORMCHECKBOX\b/.test(field.instructions.join(''))) {
          const state = legacyCheckboxState(field.begin.xml);
          edits.push({
            start: field.begin.start,
            end: field.begin.end,
            text: state === null ? '' : symbolText(state),
          });
          for (const p of [...field.parts, part]) edits.push({ ...p, text: '' });
        }
      }
    } else if (name === 'w:instrText') {
      const field = fields[fields.length - 1];
      if (field) {
        field.instructions.push(decodeXmlText(xml.slice(frame.openEnd, closeStart)));
        field.parts.push({ start: frame.start, end });
      }
    } else if (name === 'w:fldSimple') {
      if (/\bFORMCHECKBOX\b/.test(decodeXmlText(attribute(frame.attributes, 'w:instr') ?? ''))) {
        edits.push({ start: frame.start, end: frame.openEnd, text: '' });
        if (closeStart !== frame.openEnd || end !== frame.openEnd)
          edits.push({ start: closeStart, end, text: '' });
      }
    } else if (/:checkbox$/.test(name) && frame.properties && !frame.properties.checkbox) {
      frame.properties.checkbox = { start: frame.start, end };
    } else if (frame.properties && parent && /:checkbox$/.test(parent.name)) {
      const value = attribute(frame.attributes, `${name.split(':')[0]}:val`);
      if (/:checked$/.test(name)) frame.properties.checked = value === undefined ? true : readOnOff(value);
      if (/:checkedState$/.test(name) && value) frame.properties.checkedGlyph = hexChar(value);
      if (/:uncheckedState$/.test(name) && value) frame.properties.uncheckedGlyph = hexChar(value);
    } else if ((name === 'w:t' || name === 'w:sym') && frame.content?.checkbox) {
      const text =
        name === 'w:t'
          ? decodeXmlText(xml.slice(frame.openEnd, closeStart))
          : hexChar(attribute(frame.attributes, 'w:char') ?? '');
      frame.content.glyphs.push({ kind: name === 'w:t' ? 't' : 'sym', start: frame.start, end, text });
    } else if (name === 'w:sdt') {
      const sdt = sdtOf.get(frame);
      if (sdt?.checkbox) edits.push(...checkboxControlEdits(sdt));
    }
  };

  for (const match of xml.matchAll(TAG)) {
    const [whole, slash, name, rest] = match;
    if (name === undefined) continue; // comment, CDATA, processing instruction, doctype
    const start = match.index;
    const end = start + whole.length;
    if (slash === '/') {
      const frame = stack.pop();
      if (!frame || frame.name !== name) throw new Error(`Unbalanced XML at ${start}: </${name}>`);
      close(frame, start, end);
      continue;
    }
    const parent = stack[stack.length - 1];
    const frame: XmlFrame = {
      name,
      start,
      openEnd: end,
      attributes: rest ?? '',
      properties: parent?.properties ?? null,
      content: parent?.content ?? null,
    };
    if (name === 'w:sdt') {
      frame.properties = null;
      frame.content = null;
      sdtOf.set(frame, {
        checkbox: null,
        checked: null,
        checkedGlyph: null,
        uncheckedGlyph: null,
        glyphs: [],
        insertAt: null,
      });
    } else if (parent && parent.name === 'w:sdt' && (name === 'w:sdtPr' || name === 'w:sdtContent')) {
      const sdt = sdtOf.get(parent) ?? null;
      if (name === 'w:sdtPr') frame.properties = sdt;
      else {
        frame.content = sdt;
        if (sdt && /^\s*<w:r[\s>]/.test(xml.slice(end, end + 200))) sdt.insertAt = end;
      }
    }
    if (rest?.endsWith('/')) close(frame, end, end);
    else stack.push(frame);
  }
  if (stack.length > 0) throw new Error(`Unclosed XML element <${stack[stack.length - 1]?.name}>`);
  if (edits.length === 0) return null;

  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let output = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) throw new Error('Overlapping checkbox edits');
    output += xml.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return output + xml.slice(at);
}

/** State of a legacy checkbox from its fldChar begin: w:checked, else w:default; null if neither. */
function legacyCheckboxState(beginXml: string): boolean | null {
  const checkBox = /<w:checkBox\b(?:[^>]*\/>|[\s\S]*?<\/w:checkBox>)/.exec(beginXml)?.[0];
  if (!checkBox) return null;
  const checked = /<w:checked\b([^>]*)>/.exec(checkBox);
  if (checked) return readOnOff(attribute(checked[1] ?? '', 'w:val'));
  const byDefault = /<w:default\b([^>]*)>/.exec(checkBox);
  if (byDefault) return readOnOff(attribute(byDefault[1] ?? '', 'w:val'));
  return null;
}

function checkboxControlEdits(sdt: SdtCheckbox): Edit[] {
  const edits: Edit[] = [];
  if (sdt.checkbox) edits.push({ ...sdt.checkbox, text: '' }); // mammoth must not read it a second time
  const glyphs = sdt.glyphs.filter((g) => g.text !== '');
  const first = glyphs[0];
  let state = sdt.checked;
  if (state === null && first) {
    // No w14:checked: the glyph shown may still say it.
    const glyph = first.text.charAt(0);
    if (glyph === '☒' || glyph === '☑' || (sdt.checkedGlyph !== null && glyph === sdt.checkedGlyph))
      state = true;
    else if (glyph === '☐' || (sdt.uncheckedGlyph !== null && glyph === sdt.uncheckedGlyph)) state = false;
  }
  const symbol = state === null ? '' : symbolText(state);
  if (!first) {
    if (symbol !== '' && sdt.insertAt !== null)
      edits.push({ start: sdt.insertAt, end: sdt.insertAt, text: `<w:r>${symbol}</w:r>` });
    return edits;
  }
  glyphs.forEach((glyph, i) => {
    const rest = glyph.kind === 't' ? glyph.text.replace(BOX_GLYPH, '').trimStart() : '';
    const kept = rest === '' ? '' : `<w:t xml:space="preserve">${escapeXml(rest)}</w:t>`;
    edits.push({ start: glyph.start, end: glyph.end, text: (i === 0 ? symbol : '') + kept });
  });
  return edits;
}

function symbolText(ticked: boolean): string {
  return `<w:t xml:space="preserve">${ticked ? TICKED : UNTICKED} </w:t>`;
}

/** ST_OnOff: absent, "1", "true" or "on" is on. */
function readOnOff(value: string | undefined): boolean {
  return value === undefined || !/^(?:0|false|off)$/i.test(value.trim());
}

function hexChar(hex: string): string {
  const code = parseInt(hex, 16);
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

function attribute(attributes: string, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|\\s)${escaped}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? (match[1] ?? match[2]) : undefined;
}

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (entity, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith('#x')) return hexChar(lower.slice(2)) || entity;
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[lower] ?? entity;
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/** Unicode space characters other than the ASCII space and tab. */
const UNICODE_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
/** Zero-width characters, the soft hyphen and stray byte-order marks. */
const INVISIBLES = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;
/** C0 control characters other than tab and line feed, and DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F]/g;
/** The field codes Word leaves behind as text when a document is converted carelessly. */
const WORD_DEBRIS = /(?:[ \t]*\b(?:FORMCHECKBOX|FORMTEXT|FORMDROPDOWN)\b[ \t]*)+/g;

/**
 * The one normal form of every document's text: LF line ends; Unicode spaces as spaces; no
 * zero-width characters, soft hyphens or Word field-code debris; no trailing spaces; at most one
 * blank line in a row; trimmed. Bullets and checkbox symbols (•, ·, ☒, ☐, ☑) are kept. Idempotent.
 */
export function normaliseText(raw: string): string {
  return (
    raw
      // eslint-disable-next-line no-control-regex -- the vertical tab is a line break in Word's text
      .replace(/\r\n?|[\u2028\u2029\u000B]/g, '\n')
      .replace(/\f/g, '\n\n')
      .replace(CONTROLS, '')
      .replace(UNICODE_SPACES, ' ')
      .replace(INVISIBLES, '')
      // Non-breaking and figure hyphens read as the hyphen they show ("re‑inspection").
      .replace(/[\u2010\u2011\u2012]/g, '-')
      .split('\n')
      .map((line) =>
        line
          .replace(WORD_DEBRIS, (match, offset: number, whole: string) =>
            offset === 0 || offset + match.length === whole.length ? '' : ' ',
          )
          .replace(/[ \t]+$/, ''),
      )
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
