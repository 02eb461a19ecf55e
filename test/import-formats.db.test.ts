import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagePeriods, forces, responses } from '../src/db/schema.js';
import { createImportService } from '../src/modules/documents/import.service.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.js';

/** Documents in other layouts, written for these tests (invented wording about real forces). */
const ENGAGE_HTML = `<!doctype html><html lang="en"><head><title>Police forces in Engage</title><script>track()</script></head>
<body><header><nav><a href="/">Home</a></nav></header><div class="cookie-banner">We use cookies</div>
<main><h1>Police forces in Engage</h1>
<h2>Kent Police</h2><h3>Entered Engage</h3><p>March 2026</p><h3>Reasons</h3>
<ul><li>The force answers too few emergency calls on time.</li><li>Its investigations lack supervision.</li></ul>
</main><footer>Footer links</footer></body></html>`;

const PCC_LINES = [
  'RESPONSE BY THE PCC TO HMICFRS INSPECTIONS OF KENT POLICE',
  'INSPECTION DETAILS',
  'Title of Inspection',
  'PEEL 2023–25: An inspection of Kent Police',
  'Date Inspection Published',
  '2 February 2026',
  'Type of Inspection:',
  '☒ Kent Specific',
  '☐ National',
  'Is Kent Police quoted in the Report?',
  '☒ Yes',
  '☐ No',
  'EXECUTIVE SUMMARY OF REPORT',
  'The inspectors found that the force:',
  '· answers emergency calls quickly',
  '· needs to improve its investigations',
  'Investigating Crime (Requires Improvement)',
  '· The force should make sure that every investigation has a plan.',
  'PCC RESPONSE TO INSPECTION',
  'Comment by the PCC:',
  'I will examine the plans for investigations at my next scrutiny meeting.',
];

async function docx(lines: string[]): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: lines.map(
          (text, i) => new Paragraph(i === 0 ? { text, heading: HeadingLevel.TITLE } : { text }),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

async function pdf(lines: string[]): Promise<Uint8Array> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const line of lines) doc.text(line);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

const PEEL_LINES = [
  'PEEL 2023–25: Police effectiveness, efficiency and legitimacy – Kent Police',
  'Investigating crime',
  'Kent Police is inadequate at investigating crime.',
  'Cause of concern',
  'The force is not investigating crime to an acceptable standard.',
  'Recommendations',
  '- Within six months, the force should make sure investigations are supervised.',
  '- The force should make sure victims are updated.',
  'Areas for improvement',
  '- The force should improve how it records outcomes.',
];

describe.each(testDatabaseKinds)('importing HTML, DOCX and PDF documents on %s', (kind) => {
  let database: TestDatabase;
  let service: ReturnType<typeof createImportService>;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    service = createImportService(database.db);
  });
  afterAll(() => database.dispose());

  it('an HTML Engage page, navigation and cookie banner ignored, opens a period for Kent Police', async () => {
    const report = await service.importDocument(new TextEncoder().encode(ENGAGE_HTML), 'engage.html');
    expect(report).toMatchObject({ format: 'html', kind: 'engage-current', status: 'imported' });
    const [kent] = await database.db.select().from(forces).where(eq(forces.slug, 'kent-police'));
    const [period] = await database.db
      .select()
      .from(engagePeriods)
      .where(eq(engagePeriods.forceId, kent!.id));
    expect(period).toMatchObject({ enteredOn: '2026-03', exitedOn: null });
    expect(report.extracted!.engagePeriods[0]!.entryReasons).toHaveLength(2);
  });

  it('a DOCX response form with readable ticks records them', async () => {
    const report = await service.importDocument(await docx(PCC_LINES), 'response.docx');
    expect(report).toMatchObject({ format: 'docx', kind: 'pcc-response', status: 'imported' });
    const response = report.extracted!.responses[0]!;
    expect(response.forceQuoted).toBe(true);
    expect(response.deadline).toBe('2026-03-29');
    const [row] = await database.db.select().from(responses);
    expect(row!.forceQuoted).toBe('yes');
  });

  it('a PDF report in the 2023–25 style gives its cause of concern with recommendations', async () => {
    const report = await service.importDocument(await pdf(PEEL_LINES), 'report.pdf');
    expect(report).toMatchObject({ format: 'pdf', kind: 'peel-report', status: 'imported' });
    const [inspection] = report.extracted!.inspections;
    expect(inspection!.judgements).toEqual([expect.objectContaining({ grade: 'inadequate' })]);
    const cause = inspection!.findings.find((f) => f.kind === 'cause-of-concern')!;
    expect(cause.children.map((c) => c.kind)).toEqual(['recommendation', 'recommendation']);
  });

  it('a password-protected PDF is rejected with one clear line and nothing written', async () => {
    const doc = new PDFDocument({ userPassword: 'secret' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
    doc.text('Police forces in Engage');
    doc.end();
    await done;
    const report = await service.importDocument(new Uint8Array(Buffer.concat(chunks)), 'locked.pdf');
    expect(report.status).toBe('rejected');
    expect(report.error).toMatch(/password/i);
  });
});
