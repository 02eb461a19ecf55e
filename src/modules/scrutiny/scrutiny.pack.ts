import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { PUBLIC_VIEWER } from '../accounts/index.js';
import { format, latest, parseIso, tryParseIso } from '../../shared/partial-date.js';
import type { FindingHistory, FindingRecord } from '../workflow/index.js';
import { presentFindingPage } from '../workflow/index.js';

/**
 * The meeting pack: the state of a meeting's focus findings as at the meeting date, rebuilt from
 * their history with the workflow's as-at rules (not today's state). Computed live until the
 * meeting is published, then stored as it is so that later changes do not rewrite it. Pure: the
 * service loads the findings and their history; this decides what the pack says.
 */
export type PackAction = {
  title: string;
  owner: string;
  status: string;
  statusLabel: string;
  dueOn: string;
  /** The first agreed date, and how many times it had moved by the meeting. */
  firstDueOn: string;
  timesMoved: number;
  agreedDates: Array<{ dueOn: string; reason: string | null }>;
  overdue: boolean;
};
export type PackFinding = {
  id: string;
  kind: string;
  kindLabel: string;
  number: string | null;
  text: string;
  areaLabel: string | null;
  inspectionTitle: string | null;
  inspectionSlug: string | null;
  raisedOn: string | null;
  /** False when the finding had not been raised by the pack's day. */
  raised: boolean;
  status: { value: string | null; label: string; on: string | null };
  forceStatus: { value: string; label: string; note: string | null };
  assurance: { value: string; label: string; note: string | null };
  actions: PackAction[];
  overdueActions: number;
};
export type MeetingPack = {
  /** The day the pack describes (at its end, Europe/London). */
  asAt: string;
  /** Set when asAt is not simply the meeting's date. */
  asAtNote: string | null;
  computedAt: string;
  findings: PackFinding[];
};

/** "17 March 2025" (or "March 2025" for a partial date). */
export const dayLabel = (iso: string | null, fallback = 'Not known'): string => {
  const parsed = iso ? tryParseIso(iso) : null;
  return parsed ? format(parsed) : fallback;
};

/**
 * The day a meeting's pack describes: the meeting's date; the end of the period when only a month
 * or year is known; today while the meeting is still to come or has no date.
 */
export function packDay(heldOn: string | null, today: string): { day: string; note: string | null } {
  if (!heldOn)
    return { day: today, note: 'The meeting has no date, so the pack shows the findings as they stand.' };
  const parsed = parseIso(heldOn);
  const end = latest(parsed);
  if (end > today)
    return {
      day: today,
      note: `The meeting is on ${format(parsed)}; until then the pack shows the findings as they stand.`,
    };
  if (parsed.precision !== 'day')
    return {
      day: end,
      note: `The meeting’s date is known only as ${format(parsed)}, so the pack shows the findings at the end of it.`,
    };
  return { day: end, note: null };
}

/** The pack as at a day, from each focus finding and its whole history. */
export function buildPack(
  day: { day: string; note: string | null },
  focus: Array<{ finding: FindingRecord; history: FindingHistory }>,
  now: Date,
): MeetingPack {
  return {
    asAt: day.day,
    asAtNote: day.note,
    computedAt: now.toISOString(),
    findings: focus.map(({ finding, history }) => {
      // The finding page's as-at view, with the work included: the pack is for those who hold the force to account.
      const page = presentFindingPage(
        { finding, lineage: [], history, seesWork: true },
        PUBLIC_VIEWER,
        day.day,
      );
      const actions = page.actions.map((a): PackAction => ({
        title: a.title,
        owner: a.owner,
        status: a.status,
        statusLabel: a.statusLabel,
        dueOn: a.dueOn,
        firstDueOn: a.agreedDates[0]?.dueOn ?? a.dueOn,
        timesMoved: a.dateCount - 1,
        agreedDates: a.agreedDates.map((d) => ({ dueOn: d.dueOn, reason: d.reason })),
        overdue: a.overdue,
      }));
      return {
        id: finding.id,
        kind: finding.kind,
        kindLabel: page.finding.kindLabel,
        number: finding.number,
        text: finding.text,
        areaLabel: finding.areaLabel,
        inspectionTitle: finding.inspectionTitle,
        inspectionSlug: finding.inspectionSlug,
        raisedOn: finding.raisedOn,
        raised: !page.notYetRaised,
        status: { value: page.status.value, label: page.status.label, on: page.status.on },
        forceStatus: {
          value: page.forceStatus.value,
          label: page.forceStatus.label,
          note: page.forceStatus.note,
        },
        assurance: { value: page.assurance.value, label: page.assurance.label, note: page.assurance.note },
        actions,
        overdueActions: actions.filter((a) => a.overdue).length,
      };
    }),
  };
}

/** What the pack's pages and document show about the meeting itself (its current record). */
export type PackMeeting = {
  forceName: string;
  lpbName: string;
  heldOn: string | null;
  body: string;
  focus: string | null;
  published: boolean;
  packFrozenAt: Date | null;
  questions: Array<{ number: string | null; question: string; answer: string | null }>;
  actionsArising: string[];
};

export const findingTitle = (f: Pick<PackFinding, 'kindLabel' | 'number'>): string =>
  `${f.kindLabel}${f.number ? ` ${f.number}` : ''}`;

export const timesMovedLabel = (n: number): string =>
  n === 0 ? 'Not moved' : n === 1 ? 'Moved once' : n === 2 ? 'Moved twice' : `Moved ${n} times`;

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level });
const para = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
const labelled = (label: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
const cell = (text: string, bold = false) => new TableCell({ children: [para(text, bold)] });
const table = (head: string[], rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });

/** The pack as a Word document, for papers sent round before the meeting and for the record. */
export async function packDocx(meeting: PackMeeting, pack: MeetingPack): Promise<Buffer> {
  const when = dayLabel(meeting.heldOn, 'Date not recorded');
  const children: Array<Paragraph | Table> = [
    heading(`Meeting pack: ${meeting.body}`, HeadingLevel.TITLE),
    labelled('Force', meeting.forceName),
    labelled('Local policing body', meeting.lpbName),
    labelled('Date of the meeting', when),
    ...(meeting.focus ? [labelled('Focus', meeting.focus)] : []),
    para(
      meeting.packFrozenAt
        ? `This pack was fixed when the meeting was published and shows the findings as they stood at the end of ${dayLabel(pack.asAt)}.`
        : `Draft: this pack shows the findings as they stood at the end of ${dayLabel(pack.asAt)}, and changes until the meeting is published.`,
    ),
    ...(pack.asAtNote ? [para(pack.asAtNote)] : []),
    heading('The findings in focus', HeadingLevel.HEADING_1),
  ];
  if (pack.findings.length === 0) children.push(para('The meeting has no focus findings.'));
  for (const f of pack.findings) {
    children.push(
      heading(findingTitle(f), HeadingLevel.HEADING_2),
      para(f.text),
      ...(f.inspectionTitle ? [labelled('Inspection', f.inspectionTitle)] : []),
      ...(f.areaLabel ? [labelled('Area', f.areaLabel)] : []),
      labelled('Raised', dayLabel(f.raisedOn)),
      table(
        ['View', 'Status', 'Note'],
        [
          ['The inspectorate', `${f.status.label}${f.status.on ? ` (${dayLabel(f.status.on)})` : ''}`, ''],
          ['The force’s rating', f.forceStatus.label, f.forceStatus.note ?? ''],
          ['The local policing body’s assurance', f.assurance.label, f.assurance.note ?? ''],
        ],
      ),
      heading('Actions', HeadingLevel.HEADING_3),
    );
    if (f.actions.length === 0) children.push(para('No actions had been recorded.'));
    else {
      if (f.overdueActions)
        children.push(
          para(`${f.overdueActions} of ${f.actions.length} actions overdue at the meeting.`, true),
        );
      children.push(
        table(
          ['Action', 'Owner', 'Agreed date', 'Date moved', 'Status', 'Overdue'],
          f.actions.map((a) => [
            a.title,
            a.owner,
            dayLabel(a.dueOn),
            a.timesMoved
              ? `${timesMovedLabel(a.timesMoved)} (first agreed ${dayLabel(a.firstDueOn)})`
              : timesMovedLabel(0),
            a.statusLabel,
            a.overdue ? 'Overdue' : 'No',
          ]),
        ),
      );
    }
  }
  children.push(heading('Questions and answers', HeadingLevel.HEADING_1));
  if (meeting.questions.length === 0) children.push(para('No questions were recorded.'));
  meeting.questions.forEach((q, i) => {
    children.push(
      heading(`Question ${q.number ?? String(i + 1)}`, HeadingLevel.HEADING_3),
      para(q.question),
      labelled('Answer', q.answer ?? 'Not yet recorded'),
    );
  });
  children.push(heading('Actions arising', HeadingLevel.HEADING_1));
  if (meeting.actionsArising.length === 0) children.push(para('None recorded.'));
  for (const line of meeting.actionsArising)
    children.push(new Paragraph({ text: line, bullet: { level: 0 } }));
  const document = new Document({
    title: `Meeting pack: ${meeting.body}, ${when}`,
    creator: 'Oversight',
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
