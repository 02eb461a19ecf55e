import type { Viewer } from '../accounts/index.js';
import { allowed, type Action } from '../accounts/index.js';
import { movesFrom, needOf, type Lifecycle, type Move } from '../../shared/lifecycle.js';
import { dateTimeLabel, partialDate } from '../../web/filters.js';
import {
  FINDING_KIND_LABELS,
  FINDING_LIFECYCLE,
  FINDING_STATUS_LABELS,
  type FindingKind,
  type FindingStatus,
} from '../findings/index.js';
import { escapeHtml } from '../../shared/html.js';
import type { ClosureItem, FindingHistory, FindingRecord, Lineage, WorkItem } from './workflow.repository.js';
import { statusAsAt } from '../../shared/as-at.js';
import { today } from '../../shared/london-time.js';
import { ordinal } from '../../shared/ordinals.js';
import { actionAsAt, agreedDates, assessmentAsAt, isOverdue } from './workflow.history.js';
import {
  ACTION_LIFECYCLE,
  ACTION_STATUS_LABELS,
  ASSURANCE_LABELS,
  CLOSURE_DECISIONS,
  CLOSURE_REQUEST_LIFECYCLE,
  CLOSURE_REQUEST_LABELS,
  FORCE_STATUS_LABELS,
  type ActionStatus,
  type AssuranceLevel,
  type ClosureRequestStatus,
  type ForceStatus,
} from './workflow.domain.js';

export const STATUS_TAGS: Record<string, string> = {
  open: 'govuk-tag--orange',
  'closure-requested': 'govuk-tag--yellow',
  closed: 'govuk-tag--green',
  superseded: 'govuk-tag--grey',
  'no-longer-relevant': 'govuk-tag--grey',
  'not-started': 'govuk-tag--grey',
  'on-track': 'govuk-tag--green',
  'at-risk': 'govuk-tag--yellow',
  'off-track': 'govuk-tag--red',
  complete: 'govuk-tag--blue',
  'not-assessed': 'govuk-tag--grey',
  assured: 'govuk-tag--green',
  'partly-assured': 'govuk-tag--yellow',
  'not-assured': 'govuk-tag--red',
};

/**
 * Everything the finding page shows, as at today or as at an earlier day rebuilt from the history.
 * Public viewers get the record and its three statuses; the work (actions, updates, evidence,
 * closure requests) only for those the permission table lets see it.
 */
export function presentFindingPage(
  detail: { finding: FindingRecord; lineage: Lineage; history: FindingHistory; seesWork: boolean },
  viewer: Viewer,
  asAt?: string,
) {
  const { finding, history } = detail;
  const day = asAt ?? today();
  const status = asAt ? (statusAsAt(history.events, day)?.status ?? null) : finding.status;
  const statusEvent = asAt ? statusAsAt(history.events, day) : null;
  const force = asAt
    ? assessmentAsAt(history.assessments, 'force', day, 'not-started')
    : { value: finding.forceStatus, note: null };
  const lpb = asAt
    ? assessmentAsAt(history.assessments, 'lpb', day, 'not-assessed')
    : { value: finding.assurance, note: finding.assuranceNote };
  const actions = history.actions
    .map((a) => (asAt ? actionAsAt(a, day) : a))
    .filter((a): a is NonNullable<typeof a> => a !== null)
    .map((a) => {
      const dates = agreedDates(a).map((d, i) => ({ ...d, label: `${ordinal(i)} agreed date` }));
      const ownerChanges = a.changes.filter((c) => c.field === 'owner');
      return {
        ...a,
        statusLabel: ACTION_STATUS_LABELS[a.status as ActionStatus] ?? a.status,
        overdue: isOverdue(a, day),
        agreedDates: dates,
        dateCount: dates.length,
        ownerChanges,
        /** The table of agreed dates and owners, once either has changed: change, value, reason, when. */
        changeRows:
          dates.length > 1 || ownerChanges.length
            ? [
                ...dates.map((d) =>
                  cells(
                    d.label,
                    partialDate(d.dueOn),
                    d.reason ?? '–',
                    d.at ? dateTimeLabel(d.at) : 'When the action was agreed',
                  ),
                ),
                ...ownerChanges.map((o) =>
                  cells('Owner changed', `${o.before} → ${o.after}`, o.reason ?? '–', dateTimeLabel(o.at)),
                ),
              ]
            : [],
      };
    });
  const cutoff = asAt ? (at: Date) => at.toISOString().slice(0, 10) <= day : () => true;
  const evidence = history.updates.flatMap((u) => u.evidence);
  const timeline = [
    ...history.events
      .filter((e) => (asAt ? statusAsAt([e], day) !== null : true))
      .map((e) => ({
        at: e.recordedAt,
        on: e.occurredOn,
        who: 'Inspectorate',
        text: `Status: ${FINDING_STATUS_LABELS[e.status as FindingStatus] ?? e.status}`,
        note: e.note,
      })),
    ...history.assessments
      .filter((a) => cutoff(a.at))
      .map((a) => ({
        at: a.at,
        on: null,
        who: a.view === 'force' ? 'Force' : 'Local policing body',
        text:
          a.view === 'force'
            ? `Force’s rating: ${FORCE_STATUS_LABELS[a.value as ForceStatus]}`
            : `Assurance: ${ASSURANCE_LABELS[a.value as AssuranceLevel]}`,
        note: a.note,
      })),
    ...(detail.seesWork
      ? history.actions.flatMap((a) =>
          a.changes
            .filter((c) => cutoff(c.at))
            .map((c) => ({
              at: c.at,
              on: null,
              who: c.actor,
              text: `Action “${a.title}”: ${c.field === 'due-on' ? 'agreed date' : c.field} changed from ${c.before ?? '–'} to ${c.after}`,
              note: c.reason,
            })),
        )
      : []),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  const embargoed = finding.publishedAt !== null && finding.publishedAt.getTime() > Date.now();
  return {
    finding: {
      ...finding,
      kindLabel: FINDING_KIND_LABELS[finding.kind as FindingKind] ?? finding.kind,
    },
    embargoed,
    asAt,
    notYetRaised: asAt !== undefined && status === null,
    status: {
      value: status,
      label: status ? FINDING_STATUS_LABELS[status as FindingStatus] : 'Not yet raised',
      tag: status ? STATUS_TAGS[status] : 'govuk-tag--grey',
      on: asAt ? (statusEvent?.occurredOn ?? null) : finding.statusOn,
    },
    forceStatus: {
      ...force,
      label: FORCE_STATUS_LABELS[force.value as ForceStatus],
      tag: STATUS_TAGS[force.value],
    },
    assurance: { ...lpb, label: ASSURANCE_LABELS[lpb.value as AssuranceLevel], tag: STATUS_TAGS[lpb.value] },
    lineage: detail.lineage.map((l) => ({
      ...l,
      statusLabel: FINDING_STATUS_LABELS[l.status as FindingStatus],
    })),
    seesWork: detail.seesWork,
    actions,
    updates: history.updates.filter((u) => cutoff(u.at)),
    closureRequests: history.closureRequests
      .filter((r) => cutoff(r.requestedAt))
      .map((r) => ({ ...r, statusLabel: CLOSURE_REQUEST_LABELS[r.status as ClosureRequestStatus] })),
    evidence,
    /** The progress update form's "About" choices: the finding, or one of its actions. */
    updateAboutItems: [
      { value: '', text: 'The finding as a whole' },
      ...actions.map((a) => ({ value: a.id, text: truncate(a.title, 80) })),
    ],
    /** The closure request form's evidence boxes: every file uploaded to the finding, ticked. */
    evidenceItems: evidence.map((e) => ({ value: e.id, text: e.filename, checked: true })),
    timeline,
    /** The history table: when, who, what, note. */
    historyRows: timeline.map((h) => [
      { text: h.on ? partialDate(h.on) : dateTimeLabel(h.at), classes: 'app-nowrap' },
      { text: h.who },
      { text: h.text },
      { text: h.note ?? '' },
    ]),
    can: allowed(viewer, { forceIds: [finding.forceId], status: finding.status }),
  };
}

/** A row of a GOV.UK table whose cells are all text. */
const cells = (...texts: string[]) => texts.map((text) => ({ text }));

/** Nunjucks' `truncate`: at the last space before `length`, then "...". */
export function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  const space = text.lastIndexOf(' ', length);
  return `${text.substring(0, space === -1 ? length : space)}...`;
}

type Option = { value: string; text: string; selected?: boolean };

/** "a, b or c". */
const orList = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** What a form asks about the reason for its moves: optional, or needed for some of them (named). */
function reasonField(moves: Array<Move<string>>, label: string) {
  const needing = moves.filter((m) => needOf(m, 'reason') === 'required');
  return needing.length
    ? { label, hint: `Needed to ${orList([...new Set(needing.map((m) => lowerFirst(m.label)))])}` }
    : { label: `${label} (optional)`, hint: undefined };
}

/** The moves a viewer may make through one command, if the permission table lets them use it here. */
function offered<S extends string>(
  lifecycle: Lifecycle<S>,
  status: string,
  viewer: Viewer,
  can: Record<Action, boolean>,
  via: Action,
): Array<Move<S>> {
  return can[via] ? movesFrom(lifecycle, status, viewer.role, via) : [];
}

/**
 * The finding page's forms, built from the lifecycle tables: which ones the viewer sees for the
 * record's current status, the choices each offers and what each asks for. None as at a past day.
 */
export function presentFindingForms(
  page: {
    status: { value: string | null };
    can: Record<Action, boolean>;
    asAt?: string;
    closureRequests: ReadonlyArray<{ id: string; status: string }>;
    evidence: readonly unknown[];
  },
  viewer: Viewer,
  selected: { status?: string } = {},
) {
  const status = page.asAt ? null : page.status.value;
  if (status === null)
    return { decision: null, closureRequest: null, closureDecisions: {}, actionStatusOptions: () => [] };
  const decisions = offered(FINDING_LIFECYCLE, status, viewer, page.can, 'finding.decide');
  const [request] = offered(FINDING_LIFECYCLE, status, viewer, page.can, 'closure.request');
  const closureDecisions: Record<string, { items: Option[]; note: { label: string; hint?: string } }> = {};
  for (const r of page.closureRequests) {
    const moves = offered(CLOSURE_REQUEST_LIFECYCLE, r.status, viewer, page.can, 'closure.decide');
    if (!moves.length) continue;
    const answer = (to: string) =>
      (Object.keys(CLOSURE_DECISIONS) as Array<keyof typeof CLOSURE_DECISIONS>).find(
        (k) => CLOSURE_DECISIONS[k] === to,
      )!;
    const note = reasonField(moves, 'Reasons');
    closureDecisions[r.id] = {
      items: moves.map((m) => ({ value: answer(m.to), text: m.label })),
      note: { label: 'Reasons', hint: note.hint },
    };
  }
  return {
    /** The inspectorate's decision: the statuses it may give the finding from this one. */
    decision: decisions.length
      ? {
          options: decisions.map((m) => ({
            value: m.to,
            text: FINDING_STATUS_LABELS[m.to],
            selected: m.to === (selected.status ?? status),
          })),
          takesDate: decisions.some((m) => needOf(m, 'date') !== null),
          takesReplacement: decisions.some((m) => needOf(m, 'replacement') !== null),
          reason: reasonField(decisions, 'Reason'),
        }
      : null,
    /** The force's request for closure, with the evidence it may send. */
    closureRequest: request
      ? {
          button: request.label,
          offersEvidence: needOf(request, 'evidence') !== null && page.evidence.length > 0,
        }
      : null,
    /** Per pending closure request, the inspectorate's answers. */
    closureDecisions,
    /** An action's status select: its status and those the viewer may move it to. */
    actionStatusOptions: (current: string): Option[] => {
      const moves = offered(ACTION_LIFECYCLE, current, viewer, page.can, 'action.edit').map((m) => m.to);
      return ACTION_LIFECYCLE.statuses
        .filter((s) => s === current || moves.includes(s))
        .map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s], selected: s === current }));
    },
  };
}

/** "My work"'s tables: actions (linked to their place on the finding's page), requests waiting and returned. */
export function presentMyWork(work: {
  overdue: readonly WorkItem[];
  dueSoon: readonly WorkItem[];
  waiting: readonly ClosureItem[];
  returned: readonly ClosureItem[];
}) {
  const actionRows = (items: readonly WorkItem[]) =>
    items.map((a) => [
      {
        html: `<a class="govuk-link" href="/findings/${a.findingId}#action-${a.actionId}">${escapeHtml(a.title)}</a>`,
      },
      { text: a.owner },
      { text: partialDate(a.dueOn), classes: 'app-nowrap' },
      { text: a.forceName },
    ]);
  const findingLink = (r: ClosureItem) => ({
    html: `<a class="govuk-link" href="/findings/${r.findingId}#closure">${escapeHtml(truncate(r.findingText, 120))}</a>`,
  });
  return {
    overdueRows: actionRows(work.overdue),
    dueSoonRows: actionRows(work.dueSoon),
    waitingRows: work.waiting.map((r) => [
      findingLink(r),
      { text: r.forceName },
      { text: dateTimeLabel(r.requestedAt) },
      { text: r.requestedBy },
    ]),
    returnedRows: work.returned.map((r) => [
      findingLink(r),
      { text: r.decisionNote ?? '' },
      { text: r.decidedAt ? dateTimeLabel(r.decidedAt) : '' },
    ]),
  };
}
