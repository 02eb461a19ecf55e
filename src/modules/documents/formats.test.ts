import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import {
  DocumentReadError,
  detectFormat,
  normaliseText,
  readDocument,
  rewriteCheckboxes,
  type DocumentReadErrorCode,
} from './formats.js';

// ---------------------------------------------------------------------------------------------
// Fixtures, all made here

const MIB = 1024 * 1024;
const utf8 = (text: string) => new TextEncoder().encode(text);

async function readError(bytes: Uint8Array, opts: Parameters<typeof readDocument>[1] = {}) {
  try {
    await readDocument(bytes, opts);
  } catch (error) {
    if (error instanceof DocumentReadError) return error;
    throw error;
  }
  throw new Error('readDocument did not throw');
}

function detectError(bytes: Uint8Array, fileName?: string) {
  try {
    detectFormat(bytes, fileName);
  } catch (error) {
    if (error instanceof DocumentReadError) return error;
    throw error;
  }
  throw new Error('detectFormat did not throw');
}

function expectOneLine(error: DocumentReadError, code: DocumentReadErrorCode) {
  expect(error.code).toBe(code);
  expect(error.message).not.toMatch(/\n/);
  expect(error.message).toMatch(/^[A-Z].*\.$/);
}

/** A deterministic pseudo-random generator (mulberry32), so failures can be reproduced. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pdf(pages: Array<(doc: PDFKit.PDFDocument) => void>, options: PDFKit.PDFDocumentOptions = {}) {
  return new Promise<Uint8Array>((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false, ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    for (const page of pages) {
      doc.addPage();
      page(doc);
    }
    doc.end();
  });
}

const W_NAMESPACES =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';
const PACKAGE_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';

function documentXml(body: string) {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W_NAMESPACES}><w:body>${body}</w:body></w:document>`;
}

/** A minimal DOCX package around a hand-written body, zipped by jszip. */
async function docxFromBody(body: string, level = 6) {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', PACKAGE_RELS);
  zip.file('word/document.xml', documentXml(body));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level } });
}

const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const para = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
const cell = (...paragraphs: string[]) => `<w:tc>${paragraphs.join('')}</w:tc>`;
const row = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;

/** A legacy form checkbox (fldChar begin/end around FORMCHECKBOX); null: no w:ffData at all. */
function legacyCheckbox(checkBox: string | null, instructions = [' FORMCHECKBOX ']) {
  const begin =
    checkBox === null
      ? '<w:fldChar w:fldCharType="begin"/>'
      : `<w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>${checkBox}</w:checkBox></w:ffData></w:fldChar>`;
  return (
    `<w:r><w:rPr><w:sz w:val="20"/></w:rPr>${begin}</w:r>` +
    instructions.map((i) => `<w:r><w:instrText xml:space="preserve">${i}</w:instrText></w:r>`).join('') +
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
  );
}

/** A content-control checkbox (w:sdt with w14:checkbox) showing the given glyph run content. */
function contentControlCheckbox(checked: string | null, glyph: string) {
  return (
    `<w:sdt><w:sdtPr><w:id w:val="-1"/><w14:checkbox>${checked ?? ''}` +
    '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>' +
    '</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr>' +
    `${glyph}</w:r></w:sdtContent></w:sdt>`
  );
}

/** A ZIP written byte by byte, for archives jszip will not make: lying sizes, pre-deflated data. */
type ZipEntry = {
  name: string;
  content?: string | Buffer;
  raw?: { deflated: Buffer; size: number; crc: number };
  declaredSize?: number;
};

function handMadeZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const content =
      typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
    const { deflated, size, crc } = entry.raw ?? {
      deflated: deflateRawSync(content),
      size: content.length,
      crc: crc32(content),
    };
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

async function generatedDocx() {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Annual review of the force', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('The force was '),
              new TextRun({ text: 'adequate', bold: true }),
              new TextRun('\u00A0at\u00A0preventing crime.'),
            ],
          }),
          new Paragraph({ text: 'Response times improved', bullet: { level: 0 } }),
          new Paragraph({ text: 'In the north of the area', bullet: { level: 1 } }),
          new Paragraph({ text: 'Victims were kept informed', bullet: { level: 0 } }),
          new Paragraph({ text: 'Grades', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: [
              ['Question', 'Grade'],
              ['Effectiveness', 'Good'],
              ['Legitimacy', 'Requires improvement'],
            ].map(
              (cells) =>
                new TableRow({
                  children: cells.map((text) => new TableCell({ children: [new Paragraph(text)] })),
                }),
            ),
          }),
          new Paragraph('Published in March.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

// ---------------------------------------------------------------------------------------------

describe('normaliseText', () => {
  it('turns CRLF and CR into LF, and Unicode spaces into spaces', () => {
    expect(normaliseText('one\r\ntwo\rthree\u2028four')).toBe('one\ntwo\nthree\nfour');
    expect(normaliseText('a\u00A0b\u2003c\u202Fd\u3000e')).toBe('a b c d e');
  });

  it('removes zero-width characters, soft hyphens and stray byte-order marks', () => {
    expect(normaliseText('\uFEFFin\u00ADspec\u200Btion\u200C \u2060done')).toBe('inspection done');
  });

  it('removes Word field-code debris and collapses the spaces around it', () => {
    expect(normaliseText(' FORMCHECKBOX \n  Force-led review')).toBe('Force-led review');
    expect(normaliseText('Yes FORMCHECKBOX No FORMTEXT  FORMDROPDOWN maybe')).toBe('Yes No maybe');
    expect(normaliseText('FORMTEXT Name FORMTEXT')).toBe('Name');
    expect(normaliseText('PLATFORMTEXTS stay')).toBe('PLATFORMTEXTS stay');
  });

  it('trims trailing spaces, keeps indentation and allows at most one blank line in a row', () => {
    expect(normaliseText('a  \n  - b\t\n\n\n\n c \n\nd')).toBe('a\n  - b\n\n c\n\nd');
    expect(normaliseText('page one\fpage two')).toBe('page one\n\npage two');
  });

  it('keeps bullets and checkbox symbols as they are', () => {
    const text = '• one\n· two\n☒ ticked\n☐ unticked\n☑ also ticked';
    expect(normaliseText(text)).toBe(text);
  });

  it('trims the whole text', () => {
    expect(normaliseText('\n\n   Title\nBody   \n\n')).toBe('Title\nBody');
  });

  it('is idempotent on random mixtures of the characters it changes', () => {
    const pieces = [
      'a',
      'B',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      '\f',
      '\v',
      '\u2028',
      '\u00A0',
      '\u2009',
      '\u200B',
      '\u00AD',
      '\uFEFF',
      '\u0001',
      'FORMCHECKBOX',
      'FORMTEXT',
      'FORM',
      'TEXT',
      '•',
      '☒',
      '☐',
      '- ',
      '|',
    ];
    const next = random(42);
    for (let i = 0; i < 1500; i++) {
      let raw = '';
      const length = Math.floor(next() * 40);
      for (let j = 0; j < length; j++) raw += pieces[Math.floor(next() * pieces.length)];
      const once = normaliseText(raw);
      expect(normaliseText(once), JSON.stringify(raw)).toBe(once);
    }
  });
});

describe('detectFormat', () => {
  it('recognises a PDF by its header, whatever the file is called', () => {
    expect(detectFormat(utf8('%PDF-1.7\n...'), 'notes.txt')).toBe('pdf');
    expect(detectFormat(utf8('\n %PDF-1.4\n'))).toBe('pdf');
  });

  it('accepts a PDF header after other bytes only when the name says PDF', () => {
    const bytes = utf8('junk before %PDF-1.4\n');
    expect(detectFormat(bytes)).toBe('text');
    expect(detectFormat(bytes, 'report.pdf')).toBe('pdf');
  });

  it('recognises a DOCX by the Word document inside the ZIP, whatever the file is called', async () => {
    expect(detectFormat(await docxFromBody(para(run('x'))), 'report.pdf')).toBe('docx');
  });

  it('refuses a ZIP that is not a DOCX, naming what it is', async () => {
    const plain = new JSZip();
    plain.file('notes.txt', 'hello');
    const zipError = detectError(await plain.generateAsync({ type: 'uint8array' }), 'notes.docx');
    expectOneLine(zipError, 'unsupported');
    expect(zipError.message).toMatch(/^This is a ZIP archive, not a Word \(\.docx\) document\./);

    const sheet = new JSZip();
    sheet.file('[Content_Types].xml', CONTENT_TYPES);
    sheet.file('xl/workbook.xml', '<workbook/>');
    expect(detectError(await sheet.generateAsync({ type: 'uint8array' })).message).toMatch(
      /Excel spreadsheet/,
    );
  });

  it('calls a ZIP whose entries cannot be read damaged', () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);
    expectOneLine(detectError(bytes), 'corrupt');
    expect(detectFormat(bytes, 'report.docx')).toBe('docx');
  });

  it('refuses old binary Office files, and reports an encrypted Office document as password-protected', () => {
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const doc = new Uint8Array([...ole, ...Buffer.from('\0\0WordDocument', 'utf16le')]);
    const docError = detectError(doc);
    expectOneLine(docError, 'unsupported');
    expect(docError.message).toMatch(/older Word document \(\.doc\)/);
    const encrypted = new Uint8Array([...ole, ...Buffer.from('EncryptedPackage', 'utf16le')]);
    expectOneLine(detectError(encrypted, 'report.docx'), 'encrypted');
  });

  it('refuses images and RTF as unsupported', () => {
    expectOneLine(
      detectError(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      'unsupported',
    );
    expect(detectError(utf8('{\\rtf1\\ansi hello}')).message).toMatch(/Rich Text Format/);
  });

  it('sniffs HTML from the first markup, after a byte-order mark, white space or XML declaration', () => {
    expect(detectFormat(utf8('<!DOCTYPE html><title>x</title>'))).toBe('html');
    expect(detectFormat(utf8('\uFEFF\n  <html lang="en">'))).toBe('html');
    expect(detectFormat(utf8('<p>Hello</p>'))).toBe('html');
    expect(detectFormat(utf8('<div class="x">Hello</div>'))).toBe('html');
    expect(detectFormat(utf8('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'))).toBe(
      'html',
    );
    expect(detectFormat(new Uint8Array(Buffer.from('\uFEFF<body>Hi</body>', 'utf16le')))).toBe('html');
  });

  it('reads text that only mentions markup as text, unless the name says HTML', () => {
    expect(detectFormat(utf8('<3 cases were reviewed'))).toBe('text');
    expect(detectFormat(utf8('<paragraph> is not a tag we sniff'))).toBe('text');
    expect(detectFormat(utf8('Hello <b>world</b>'))).toBe('text');
    expect(detectFormat(utf8('Hello <b>world</b>'), 'page.html')).toBe('html');
    expect(detectFormat(utf8('Plain words only'), 'page.html')).toBe('text');
  });

  it('calls an empty file empty', () => {
    expectOneLine(detectError(new Uint8Array()), 'empty');
  });
});

describe('readDocument: limits and bad input', () => {
  it('refuses an empty file', async () => {
    const error = await readError(new Uint8Array());
    expectOneLine(error, 'empty');
    expect(error.message).toBe('The file is empty.');
  });

  it('refuses a file over the default 50 MB limit, saying how big it is', async () => {
    const error = await readError(new Uint8Array(Math.round(61.2 * MIB)));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('The file is 61.2 MB; the limit is 50 MB.');
  });

  it('refuses a file over a lower maxBytes', async () => {
    const error = await readError(utf8('x'.repeat(2048)), { maxBytes: 1024 });
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('The file is 2 KB; the limit is 1 KB.');
  });

  it('refuses random binary bytes', async () => {
    const next = random(7);
    const bytes = new Uint8Array(4096).map(() => Math.floor(next() * 256));
    bytes[100] = 0; // make sure, whatever the generator does
    const error = await readError(bytes);
    expectOneLine(error, 'binary');
    expect(error.message).toBe('This looks like binary data, not a document.');
  });

  it('refuses text full of control characters even without NUL bytes', async () => {
    const bytes = utf8(Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? '\u0001' : 'a')).join(''));
    expectOneLine(await readError(bytes), 'binary');
  });

  it('refuses a file that is only blank space', async () => {
    expectOneLine(await readError(utf8(' \n\t\r\n ')), 'no-text');
  });
});

describe('readDocument: plain text', () => {
  it('reads UTF-8, strips the byte-order mark and normalises the text', async () => {
    const result = await readDocument(utf8('\uFEFFEngage status\r\n\r\n\r\n\r\nCleveland Police  \r\n'));
    expect(result).toEqual({
      format: 'text',
      text: 'Engage status\n\nCleveland Police',
      title: null,
      warnings: [],
    });
  });

  it('reads UTF-16 LE and BE with a byte-order mark', async () => {
    const text = 'Gwent Police — “accelerated cause of concern”';
    const le = new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));
    const be = new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le').swap16());
    expect((await readDocument(le)).text).toBe(text);
    expect((await readDocument(be)).text).toBe(text);
  });

  it('reads UTF-16 LE without a byte-order mark, with a warning', async () => {
    const result = await readDocument(new Uint8Array(Buffer.from('Plain words in UTF-16', 'utf16le')));
    expect(result.text).toBe('Plain words in UTF-16');
    expect(result.warnings).toEqual(['The file has no byte-order mark; it was read as UTF-16LE.']);
  });

  it('falls back to Windows-1252 for text that is not UTF-8, with a warning', async () => {
    // "Café – “quoted” £5" in Windows-1252
    const bytes = new Uint8Array([
      0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94, 0x20, 0xa3,
      0x35,
    ]);
    const result = await readDocument(bytes);
    expect(result.text).toBe('Café – “quoted” £5');
    expect(result.warnings).toEqual([
      'The file is not valid UTF-8, so it was read as Windows-1252 (Western European).',
    ]);
  });

  it('refuses damaged UTF-16 and UTF-32 as encoding errors', async () => {
    const loneSurrogate = new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]);
    expectOneLine(await readError(loneSurrogate), 'encoding');
    const utf32 = new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]);
    expectOneLine(await readError(utf32), 'encoding');
  });

  it('warns when the file name promises another format than the content', async () => {
    const result = await readDocument(utf8('Just text'), { fileName: 'report.pdf' });
    expect(result.format).toBe('text');
    expect(result.warnings).toEqual([
      'The file name ends in ".pdf" but the content is plain text, so it was read as plain text.',
    ]);
  });
});

describe('readDocument: HTML', () => {
  const page = `<!DOCTYPE html>
<html lang="en"><head><title>PEEL 2023–25: Cleveland Police</title>
<style>body { color: red }</style><script>var tracking = "SCRIPT-NOISE";</script></head>
<body>
<a href="#main" class="govuk-skip-link">Skip to main content</a>
<div class="cookie-banner" id="global-cookie-message"><p>We use cookies to collect information.</p><button>Accept</button></div>
<header role="banner"><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<div class="govuk-breadcrumbs"><ol><li>Home</li><li>Reports</li></ol></div>
<aside>Related content: ASIDE-NOISE</aside>
<main id="main">
  <h1>Cleveland Police: PEEL inspection</h1>
  <p>The force is <strong>adequate</strong> at
     investigating crime.</p>
  <div>A div with text</div>
  <ul>
    <li>Responding to the public
      <ul><li>Calls answered quickly</li><li>Second level
        <ul><li>Third level</li></ul></li></ul>
    </li>
    <li>Protecting vulnerable people</li>
  </ul>
  <ol start="3"><li>Third cause</li><li>Fourth cause</li></ol>
  <table>
    <thead><tr><th>Area</th><th>Grade</th></tr></thead>
    <tbody><tr><td>Preventing crime</td><td>Good</td></tr><tr><td></td><td></td></tr></tbody>
  </table>
  <dl><dt>Published</dt><dd>17 March 2023</dd></dl>
  <blockquote>A quoted finding.</blockquote>
  <pre>Line  one
  Line two</pre>
  <p>First line<br>Second line</p>
  <template><p>TEMPLATE-NOISE</p></template>
  <noscript>NOSCRIPT-NOISE</noscript>
  <form><label>Search</label><input type="text"><button>GO-BUTTON</button></form>
</main>
<footer role="contentinfo"><p>© Crown copyright FOOTER-NOISE</p></footer>
</body></html>`;

  it('keeps the main content as lines, with lists, tables and definitions, and drops page furniture', async () => {
    const result = await readDocument(utf8(page));
    expect(result.format).toBe('html');
    expect(result.title).toBe('PEEL 2023–25: Cleveland Police');
    expect(result.text).toBe(
      [
        'Cleveland Police: PEEL inspection',
        'The force is adequate at investigating crime.',
        'A div with text',
        '- Responding to the public',
        '  - Calls answered quickly',
        '  - Second level',
        '    - Third level',
        '- Protecting vulnerable people',
        '3. Third cause',
        '4. Fourth cause',
        'Area | Grade',
        'Preventing crime | Good',
        'Published',
        '17 March 2023',
        'A quoted finding.',
        'Line  one',
        '  Line two',
        'First line',
        'Second line',
      ].join('\n'),
    );
    for (const noise of [
      'cookies',
      'Accept',
      'Home',
      'About us',
      'Reports',
      'Skip to',
      'ASIDE-NOISE',
      'SCRIPT-NOISE',
      'color: red',
      'TEMPLATE-NOISE',
      'NOSCRIPT-NOISE',
      'Search',
      'GO-BUTTON',
      'FOOTER-NOISE',
    ]) {
      expect(result.text).not.toContain(noise);
    }
  });

  it('reads the whole body when there is no main, keeping a form that wraps the page (ASP.NET)', async () => {
    const html = `<html><body><form id="aspnetForm"><nav>Menu</nav>
      <h1>Engage: current forces</h1><p>Forces in enhanced monitoring.</p>
      <div id="cookie-notice">Cookie settings</div></form></body></html>`;
    const result = await readDocument(utf8(html));
    expect(result.title).toBe('Engage: current forces');
    expect(result.text).toBe('Engage: current forces\nForces in enhanced monitoring.');
  });

  it('prefers a single article over the rest of the body', async () => {
    const html =
      '<body><div class="promo">Sign up</div><article><h2>News</h2><p>Body text.</p></article></body>';
    expect((await readDocument(utf8(html))).text).toBe('News\nBody text.');
  });

  it('honours a declared character set, and checkboxes in the page', async () => {
    const head = utf8('<html><head><meta charset="windows-1252"></head><body><p>Caf');
    const tail = utf8(
      '</p><p><input type="checkbox" checked> Yes <input type="checkbox"> No</p></body></html>',
    );
    const result = await readDocument(new Uint8Array([...head, 0xe9, ...tail]));
    expect(result.text).toBe('Café\n☒ Yes ☐ No');
    expect(result.warnings).toEqual([]);
  });

  it('refuses a page with nothing but furniture', async () => {
    const error = await readError(utf8('<html><body><nav>Home</nav><script>x()</script></body></html>'));
    expectOneLine(error, 'no-text');
  });
});

describe('readDocument: PDF', () => {
  it('reads each page, joining pages with a blank line, and takes the title from the metadata', async () => {
    const bytes = await pdf(
      [
        (doc) => doc.text('Cleveland Police was moved into Engage.'),
        (doc) => doc.text('The second page follows.'),
      ],
      { info: { Title: 'Engage update' } },
    );
    expect(detectFormat(bytes)).toBe('pdf');
    expect(await readDocument(bytes)).toEqual({
      format: 'pdf',
      text: 'Cleveland Police was moved into Engage.\n\nThe second page follows.',
      title: 'Engage update',
      warnings: [],
    });
  });

  it('tidies a title that Word’s PDF printer made from the file name', async () => {
    const bytes = await pdf([(doc) => doc.text('Body')], {
      info: { Title: 'Microsoft Word - PCC response.docx' },
    });
    expect((await readDocument(bytes)).title).toBe('PCC response');
  });

  it('refuses a password-protected PDF', async () => {
    const bytes = await pdf([(doc) => doc.text('Secret')], {
      userPassword: 'secret',
      ownerPassword: 'owner',
    });
    const error = await readError(bytes);
    expectOneLine(error, 'encrypted');
    expect(error.message).toBe('The PDF is password-protected, so its text cannot be read.');
  });

  it('reads a PDF that only has an owner password (permissions, no password to open)', async () => {
    const bytes = await pdf([(doc) => doc.text('Readable text')], {
      ownerPassword: 'owner',
      permissions: {},
    });
    expect((await readDocument(bytes)).text).toBe('Readable text');
  });

  it('refuses a truncated PDF as damaged', async () => {
    const bytes = await pdf([(doc) => doc.text('One'), (doc) => doc.text('Two')]);
    const error = await readError(bytes.slice(0, Math.floor(bytes.length / 2)));
    expectOneLine(error, 'corrupt');
    expect(error.message).toMatch(/^The PDF file is damaged: /);
  });

  it('refuses a PDF without a text layer, and warns about single pages without one', async () => {
    const drawing = (doc: PDFKit.PDFDocument) => void doc.rect(50, 50, 200, 100).fill('#000');
    const error = await readError(await pdf([drawing, drawing]));
    expectOneLine(error, 'no-text');
    expect(error.message).toBe('The PDF has no text layer (it may be a scanned image).');

    const mixed = await readDocument(await pdf([(doc) => doc.text('Typed page'), drawing]));
    expect(mixed.text).toBe('Typed page');
    expect(mixed.warnings).toEqual(['Page 2 of 2 has no text layer (it may be a scanned image).']);
  });
});

describe('readDocument: DOCX', () => {
  it('reads headings, bullets and tables from a generated document', async () => {
    const result = await readDocument(await generatedDocx(), { fileName: 'review.docx' });
    expect(result).toEqual({
      format: 'docx',
      title: 'Annual review of the force',
      warnings: [],
      text: [
        'Annual review of the force',
        '',
        'Summary',
        'The force was adequate at preventing crime.',
        '- Response times improved',
        '  - In the north of the area',
        '- Victims were kept informed',
        '',
        'Grades',
        'Question | Grade',
        'Effectiveness | Good',
        'Legitimacy | Requires improvement',
        'Published in March.',
      ].join('\n'),
    });
  });

  it('shows legacy FORMCHECKBOX fields as ☒ or ☐ where the file records the state, and no symbol where it does not', async () => {
    const body = [
      para(run('Kind of review:')),
      para(legacyCheckbox('<w:default w:val="1"/>'), run(' Force specific')),
      para(legacyCheckbox('<w:default w:val="0"/>'), run(' Regional')),
      para(legacyCheckbox('<w:default w:val="0"/><w:checked/>'), run(' Revisit')),
      para(legacyCheckbox('<w:default w:val="1"/><w:checked w:val="0"/>'), run(' Themed review')),
      para(legacyCheckbox(null), run(' Joint agency work')),
      para(legacyCheckbox(''), run(' Joint')),
      para(legacyCheckbox('<w:default/>', ['FORM', 'CHECKBOX ']), run('\tSplit instruction')),
      para(
        '<w:fldSimple w:instr=" FORMCHECKBOX "><w:r><w:t></w:t></w:r></w:fldSimple>',
        run(' Simple field'),
      ),
      para(run('Does the report name the force?')),
      `<w:tbl>${row(cell(para(legacyCheckbox('<w:default w:val="1"/>'))), cell(para(run('Yes'))))}${row(
        cell(para(legacyCheckbox('<w:default w:val="0"/>'))),
        cell(para(run('No'))),
      )}</w:tbl>`,
      para(
        run('See '),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/report" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run('the report'),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        run('.'),
      ),
    ].join('');
    const result = await readDocument(await docxFromBody(body));
    expect(result.text).toBe(
      [
        'Kind of review:',
        '☒ Force specific',
        '☐ Regional',
        '☒ Revisit',
        '☐ Themed review',
        'Joint agency work',
        'Joint',
        '☒ Split instruction',
        'Simple field',
        'Does the report name the force?',
        '☒ Yes',
        '☐ No',
        'See the report.',
      ].join('\n'),
    );
    expect(result.text).not.toMatch(/FORMCHECKBOX|FORM|CHECKBOX/);
    expect(result.warnings).toEqual([]);
  });

  it('shows content-control checkboxes (w14:checkbox) as ☒ or ☐, reading the glyph when w14:checked is missing', async () => {
    const body = [
      para(contentControlCheckbox('<w14:checked w14:val="1"/>', '<w:t>☒</w:t>'), run(' Accepted')),
      para(contentControlCheckbox('<w14:checked w14:val="0"/>', '<w:t>&#x2610;</w:t>'), run(' Rejected')),
      para(
        contentControlCheckbox('<w14:checked w14:val="1"/>', '<w:t>☐</w:t>'),
        run(' State wins over a stale glyph'),
      ),
      para(contentControlCheckbox(null, '<w:t>☒</w:t>'), run(' Glyph only')),
      para(contentControlCheckbox(null, '<w:sym w:font="Wingdings" w:char="F0A8"/>'), run(' Unknown state')),
    ].join('');
    const result = await readDocument(await docxFromBody(body));
    expect(result.text).toBe(
      ['☒ Accepted', '☐ Rejected', '☒ State wins over a stale glyph', '☒ Glyph only', 'Unknown state'].join(
        '\n',
      ),
    );
  });

  it('leaves a document without checkboxes untouched, and refuses XML it cannot follow', () => {
    expect(rewriteCheckboxes(documentXml(para(run('No boxes here'))))).toBeNull();
    expect(() => rewriteCheckboxes(documentXml(`<w:p>${legacyCheckbox('<w:default/>')}`))).toThrow();
  });

  it('refuses a zip bomb: a 300 MB document.xml that compresses to a few hundred kilobytes', () => {
    const chunk = Buffer.alloc(MIB, '<');
    const flushed = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    let crc = 0;
    for (let i = 0; i < 300; i++) crc = crc32(chunk, crc);
    const deflated = Buffer.concat([...Array<Buffer>(300).fill(flushed), deflateRawSync(Buffer.alloc(0))]);
    const bytes = handMadeZip([
      { name: '[Content_Types].xml', content: CONTENT_TYPES },
      { name: '_rels/.rels', content: PACKAGE_RELS },
      { name: 'word/document.xml', raw: { deflated, size: 300 * MIB, crc } },
    ]);
    expect(bytes.length).toBeLessThan(MIB);
    return readError(bytes).then((error) => {
      expectOneLine(error, 'zip-bomb');
      expect(error.message).toBe('The DOCX file would expand to more than 200 MB (a possible zip bomb).');
    });
  });

  it('refuses a part compressed more than 100 to 1', async () => {
    const bytes = await docxFromBody(para(run('A'.repeat(2 * MIB))), 9);
    const error = await readError(bytes);
    expectOneLine(error, 'zip-bomb');
    expect(error.message).toBe('The DOCX file is compressed more than 100 to 1 (a possible zip bomb).');
  });

  it('holds the unpacked size to a lower maxUncompressedBytes', async () => {
    const error = await readError(await generatedDocx(), { maxUncompressedBytes: 4096 });
    expect(error.code).toBe('zip-bomb');
    expect(error.message).toBe('The DOCX file would expand to more than 4 KB (a possible zip bomb).');
  });

  it('refuses a part that is larger than its header says', async () => {
    const xml = documentXml(para(run('Longer than declared. '.repeat(200))));
    const bytes = handMadeZip([
      { name: '[Content_Types].xml', content: CONTENT_TYPES },
      { name: '_rels/.rels', content: PACKAGE_RELS },
      { name: 'word/document.xml', content: xml, declaredSize: 100 },
    ]);
    const error = await readError(bytes);
    expectOneLine(error, 'zip-bomb');
    expect(error.message).toMatch(/word\/document\.xml is larger than its header says/);
  });

  it('refuses a truncated DOCX as damaged', async () => {
    const bytes = await generatedDocx();
    const error = await readError(bytes.slice(0, Math.floor(bytes.length * 0.6)), {
      fileName: 'review.docx',
    });
    expectOneLine(error, 'corrupt');
    expect(error.message).toMatch(/^The DOCX file is damaged: /);
  });

  it('refuses a DOCX with no text', async () => {
    expectOneLine(await readError(await docxFromBody(para())), 'no-text');
  });
});

describe('the seed texts', () => {
  const folder = '/work/shared/seeds';
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((name) => name.endsWith('.txt'));
  } catch {
    if (process.env['CI']) throw new Error(`The seed folder ${folder} is missing.`);
    console.warn(`Skipping the seed texts: ${folder} is absent.`);
  }

  if (files.length === 0) it.skip('are read as text (the seed folder is absent)', () => {});

  it.each(files)('%s is read as text and normalised idempotently', async (name) => {
    const bytes = new Uint8Array(readFileSync(join(folder, name)));
    expect(detectFormat(bytes, name)).toBe('text');
    const result = await readDocument(bytes, { fileName: name });
    expect(result.format).toBe('text');
    expect(normaliseText(result.text)).toBe(result.text);
    const raw = new TextDecoder().decode(bytes);
    expect(normaliseText(normaliseText(raw))).toBe(normaliseText(raw));
    if (name === 'pcc-response-cleveland-peel-2021-22.txt') expect(result.text).not.toContain('FORMCHECKBOX');
  });
});
