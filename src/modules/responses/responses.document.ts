import {
  AlignmentType,
  Document,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { partialDate } from '../../web/filters.js';
import { FINDING_KIND_LABELS, type FindingKind } from '../findings/index.js';
import { GRADE_LABELS, type Grade } from '../inspections/index.js';
import type { FindingItem, JudgementItem, RecommendationRow, ScrutinyItem } from './responses.repository.js';

/**
 * The s55 response as a document: one model, rendered as the accessible page and as a Word file
 * laid out like the forms local policing bodies publish (inspection details with tick boxes,
 * summary, findings under each graded area, the force's and chief constable's words, each
 * recommendation with its action, the body's comment, scrutiny questions). Pure: no I/O.
 */

export type Tick = boolean | 'unknown';
export type TypeOption = { label: string; ticked: Tick };
export type Numbered = { number: string | null; text: string };

export type AreaSection = {
  label: string;
  grade: string | null;
  gradeLabel: string | null;
  causes: Array<Numbered & { recommendations: Numbered[] }>;
  recommendations: Numbered[];
  improvements: Numbered[];
};

export type ResponseItem = {
  id: string;
  kind: FindingKind;
  /** "Recommendation 1.2", "Cause of concern 2", "Area for improvement 4". */
  label: string;
  /** s55(5B): recommendations (and causes of concern) must be answered; areas for improvement may be. */
  required: boolean;
  text: string;
  action: string | null;
  version: number;
};

export type ResponseDocument = {
  lpbName: string;
  forceName: string;
  forceSlug: string;
  inspectionTitle: string;
  inspectionPublishedOn: string | null;
  status: string;
  deadline: string | null;
  publishedOn: string | null;
  publicUrl: string | null;
  inspectionType: TypeOption[];
  forceQuoted: string;
  summary: string[];
  areas: AreaSection[];
  forceResponse: string | null;
  chiefInvitedOn: string | null;
  chiefCommentsDueOn: string | null;
  chiefComments: string | null;
  recommendations: ResponseItem[];
  lpbComment: string | null;
  scrutiny: ScrutinyItem[];
  sentToHmicfrsOn: string | null;
  sentToHomeSecretaryOn: string | null;
  answeredThrough: { id: string; title: string; reason: string | null } | null;
};

export const TICK_LABELS = { yes: 'Yes', no: 'No', unknown: 'Not known' } as const;
export const tickText = (t: Tick): string => (t === 'unknown' ? 'Not known' : t ? 'Yes' : 'No');
export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  ready: 'Ready to publish',
  published: 'Published',
};

const norm = (s: string | null | undefined): string =>
  (s ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** What a row of the response answers, as people refer to it. */
export function itemLabel(kind: string, number: string | null): string {
  const name = FINDING_KIND_LABELS[kind as FindingKind] ?? 'Recommendation';
  return number ? `${name} ${number}` : `${name} (not numbered)`;
}

export function responseItems(rows: RecommendationRow[]): ResponseItem[] {
  return rows.map((r) => {
    const kind = (r.findingKind ?? 'recommendation') as FindingKind;
    return {
      id: r.id,
      kind,
      label: itemLabel(kind, r.number),
      required: kind === 'recommendation' || kind === 'cause-of-concern',
      text: r.text,
      action: r.action,
      version: r.version,
    };
  });
}

/**
 * The findings under the graded areas they belong to, in the programme's order: causes of concern
 * with their recommendations, other recommendations, and areas for improvement. Areas without
 * findings are left out; findings in an area that was not graded get a section of their own.
 */
export function findingsByArea(judged: JudgementItem[], items: FindingItem[]): AreaSection[] {
  const sections = new Map<string, AreaSection>();
  const byAreaId = new Map<string, string>();
  const byLabel = new Map<string, string>();
  const section = (key: string, label: string, grade: string | null) => {
    if (!sections.has(key))
      sections.set(key, {
        label,
        grade,
        gradeLabel: grade ? (GRADE_LABELS[grade as Grade] ?? grade) : null,
        causes: [],
        recommendations: [],
        improvements: [],
      });
    return sections.get(key)!;
  };
  for (const j of judged) {
    const key = `j:${norm(j.areaLabel)}`;
    section(key, j.areaLabel, j.grade);
    if (j.areaId) byAreaId.set(j.areaId, key);
    byLabel.set(norm(j.areaLabel), key);
  }
  const sectionOf = (f: FindingItem) => {
    const key = (f.areaId && byAreaId.get(f.areaId)) ?? byLabel.get(norm(f.areaLabel));
    if (key) return sections.get(key)!;
    return section(`f:${norm(f.areaLabel)}`, f.areaLabel ?? 'Other findings', null);
  };
  const causeIds = new Set(items.filter((f) => f.kind === 'cause-of-concern').map((f) => f.id));
  const numbered = (f: FindingItem): Numbered => ({ number: f.number, text: f.text });
  for (const f of items) {
    if (f.kind === 'cause-of-concern' && f.parentId === null)
      sectionOf(f).causes.push({
        ...numbered(f),
        // Numbered within their cause, as in the list of what the response answers: "1.2".
        recommendations: items
          .filter((c) => c.parentId === f.id && c.kind === 'recommendation')
          .map((c) => ({
            number: f.number && c.number ? `${f.number}.${c.number}` : c.number,
            text: c.text,
          })),
      });
    else if (f.kind === 'recommendation' && !(f.parentId && causeIds.has(f.parentId)))
      sectionOf(f).recommendations.push(numbered(f));
    else if (f.kind === 'area-for-improvement') sectionOf(f).improvements.push(numbered(f));
  }
  return [...sections.values()].filter(
    (s) => s.causes.length + s.recommendations.length + s.improvements.length > 0,
  );
}

// ---- Word -----------------------------------------------------------------------------------------

export type DocumentOptions = {
  /** A PNG logo for the page header (the local policing body's). */
  logo?: Uint8Array | null;
};

const text = (value: string | null | undefined, fallback: string): Paragraph[] =>
  (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => new Paragraph({ text: line }))
    .concat(
      value?.trim() ? [] : [new Paragraph({ children: [new TextRun({ text: fallback, italics: true })] })],
    );

const heading = (
  value: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) => new Paragraph({ text: value, heading: level });

const cell = (value: string | Paragraph[], opts: { bold?: boolean; width?: number } = {}) =>
  new TableCell({
    children:
      typeof value === 'string'
        ? [new Paragraph({ children: [new TextRun({ text: value, bold: opts.bold ?? false })] })]
        : value,
    ...(opts.width ? { width: { size: opts.width, type: WidthType.PERCENTAGE } } : {}),
  });

const table = (header: string[] | null, rows: Array<Array<string | Paragraph[]>>, widths: number[]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      ...(header
        ? [
            new TableRow({
              tableHeader: true,
              children: header.map((h, i) => cell(h, { bold: true, width: widths[i] })),
            }),
          ]
        : []),
      ...rows.map(
        (r) =>
          new TableRow({
            children: r.map((v, i) => cell(v, { width: widths[i], bold: !header && i === 0 })),
          }),
      ),
    ],
  });

const BOX: Record<string, string> = { true: '☒', false: '☐', unknown: '☐' };

/** Width and height of a PNG from its header, or null if it is not one. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function logoHeader(doc: ResponseDocument, logo: Uint8Array | null | undefined): Header | undefined {
  const size = logo ? pngSize(logo) : null;
  if (!logo || !size || size.width === 0 || size.height === 0) return undefined;
  const scale = Math.min(1, 180 / size.width, 72 / size.height);
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          new ImageRun({
            type: 'png',
            data: logo,
            transformation: {
              width: Math.round(size.width * scale),
              height: Math.round(size.height * scale),
            },
            altText: { name: 'Logo', description: `Logo of the ${doc.lpbName}`, title: doc.lpbName },
          }),
        ],
      }),
    ],
  });
}

/** The response as a Word document. */
export async function buildResponseDocx(
  doc: ResponseDocument,
  options: DocumentOptions = {},
): Promise<Buffer> {
  const body: Array<Paragraph | Table> = [];
  const add = (...items: Array<Paragraph | Table>) => body.push(...items);

  add(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      text: `Response of the ${doc.lpbName} to an HMICFRS inspection of ${doc.forceName}`,
    }),
  );
  if (doc.status !== 'published')
    add(
      new Paragraph({
        children: [
          new TextRun({ text: `${STATUS_LABELS[doc.status] ?? doc.status}: not yet published`, bold: true }),
        ],
      }),
    );

  add(heading('Inspection details'));
  add(
    table(
      null,
      [
        ['Title of the inspection', doc.inspectionTitle],
        ['Date the report was published', partialDate(doc.inspectionPublishedOn)],
        [
          `Is ${doc.forceName} quoted in the report?`,
          TICK_LABELS[doc.forceQuoted as keyof typeof TICK_LABELS] ?? doc.forceQuoted,
        ],
        ['Last day to publish this response (s55)', partialDate(doc.deadline)],
      ],
      [40, 60],
    ),
  );
  add(heading('Type of inspection', HeadingLevel.HEADING_2));
  add(
    table(
      ['Type', 'Ticked'],
      doc.inspectionType.map((o) => [`${BOX[String(o.ticked)]} ${o.label}`, tickText(o.ticked)]),
      [70, 30],
    ),
  );

  add(heading('Executive summary of the report'));
  if (doc.summary.length === 0) add(...text(null, 'No summary has been written.'));
  for (const p of doc.summary) add(new Paragraph({ text: p, bullet: { level: 0 } }));

  add(heading('Causes of concern and areas for improvement'));
  if (doc.areas.length === 0)
    add(...text(null, 'The report records no causes of concern or areas for improvement.'));
  for (const area of doc.areas) {
    add(heading(area.gradeLabel ? `${area.label} (${area.gradeLabel})` : area.label, HeadingLevel.HEADING_2));
    for (const cause of area.causes) {
      add(
        heading(itemLabel('cause-of-concern', cause.number), HeadingLevel.HEADING_3),
        new Paragraph({ text: cause.text }),
      );
      for (const r of cause.recommendations)
        add(
          new Paragraph({
            bullet: { level: 0 },
            children: [
              new TextRun({ text: `${itemLabel('recommendation', r.number)}: `, bold: true }),
              new TextRun(r.text),
            ],
          }),
        );
    }
    if (area.recommendations.length > 0) add(heading('Recommendations', HeadingLevel.HEADING_3));
    for (const r of area.recommendations)
      add(
        new Paragraph({
          bullet: { level: 0 },
          children: [new TextRun({ text: `${r.number ?? '–'}. `, bold: true }), new TextRun(r.text)],
        }),
      );
    if (area.improvements.length > 0) add(heading('Areas for improvement', HeadingLevel.HEADING_3));
    for (const r of area.improvements)
      add(
        new Paragraph({
          bullet: { level: 0 },
          children: [new TextRun({ text: `${r.number ?? '–'}. `, bold: true }), new TextRun(r.text)],
        }),
      );
  }

  add(heading('The force’s response'));
  add(...text(doc.forceResponse, 'The force’s response has not been recorded.'));

  add(heading('The chief constable’s comments'));
  add(
    table(
      null,
      [
        ['Invited to comment on', partialDate(doc.chiefInvitedOn, 'Not recorded')],
        ['Comments asked for by', partialDate(doc.chiefCommentsDueOn, 'Not recorded')],
      ],
      [40, 60],
    ),
  );
  add(...text(doc.chiefComments, 'No comments have been received from the chief constable.'));

  add(heading('Recommendations and the action taken or proposed'));
  if (doc.answeredThrough)
    add(
      new Paragraph({
        text: `This report is answered through the response to “${doc.answeredThrough.title}”${doc.answeredThrough.reason ? `: ${doc.answeredThrough.reason}` : '.'}`,
      }),
    );
  if (doc.recommendations.length === 0) add(...text(null, 'There are no recommendations to answer.'));
  else
    add(
      table(
        ['Number', 'Recommendation', 'Action taken or proposed, or why none'],
        doc.recommendations.map((r) => [
          r.label,
          r.text,
          text(r.action, r.required ? 'Not yet answered.' : 'No answer given (optional).'),
        ]),
        [18, 41, 41],
      ),
    );

  add(heading(`Comment by the ${doc.lpbName}`));
  add(...text(doc.lpbComment, 'No comment has been written.'));

  if (doc.scrutiny.length > 0) {
    add(heading('Scrutiny'));
    for (const m of doc.scrutiny) {
      add(heading(`${m.body}${m.heldOn ? `, ${partialDate(m.heldOn)}` : ''}`, HeadingLevel.HEADING_2));
      if (m.focus) add(new Paragraph({ text: m.focus }));
      for (const q of m.questions) {
        add(
          new Paragraph({
            children: [
              new TextRun({ text: `${q.number ? `Question ${q.number}: ` : 'Question: '}`, bold: true }),
              new TextRun(q.question),
            ],
          }),
        );
        if (q.answer) add(...text(q.answer, ''));
      }
    }
  }

  add(heading('Publication'));
  add(
    table(
      null,
      [
        ['Status', STATUS_LABELS[doc.status] ?? doc.status],
        ['Last day to publish (s55)', partialDate(doc.deadline)],
        ['Published on', partialDate(doc.publishedOn, 'Not yet published')],
        ['Published at', doc.publicUrl ?? 'Not recorded'],
        ['Copy sent to HMICFRS on', partialDate(doc.sentToHmicfrsOn, 'Not recorded')],
        ['Copy sent to the Home Secretary on', partialDate(doc.sentToHomeSecretaryOn, 'Not recorded')],
      ],
      [40, 60],
    ),
  );

  const header = logoHeader(doc, options.logo);
  const document = new Document({
    creator: doc.lpbName,
    title: `Response to ${doc.inspectionTitle}`,
    description: `The ${doc.lpbName}'s response under section 55 of the Police Act 1996`,
    sections: [{ ...(header ? { headers: { default: header } } : {}), children: body }],
  });
  return Packer.toBuffer(document);
}
