import type { Viewer } from '../accounts/accounts.domain.js';
import { allowed } from '../accounts/permissions.js';
import {
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  type FindingKind,
  type FindingStatus,
} from '../findings/findings.domain.js';
import type { FindingHistory, FindingRecord, Lineage } from './workflow.repository.js';
import {
  actionAsAt,
  agreedDates,
  assessmentAsAt,
  isOverdue,
  ordinal,
  statusAsAt,
  today,
} from './workflow.history.js';
import {
  ACTION_STATUS_LABELS,
  ASSURANCE_LABELS,
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
      const dates = agreedDates(a);
      return {
        ...a,
        statusLabel: ACTION_STATUS_LABELS[a.status as ActionStatus] ?? a.status,
        overdue: isOverdue(a, day),
        agreedDates: dates.map((d, i) => ({ ...d, label: `${ordinal(i)} agreed date` })),
        dateCount: dates.length,
        ownerChanges: a.changes.filter((c) => c.field === 'owner'),
      };
    });
  const cutoff = asAt ? (at: Date) => at.toISOString().slice(0, 10) <= day : () => true;
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
    evidence: history.updates.flatMap((u) => u.evidence),
    timeline: [
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
    ].sort((a, b) => b.at.getTime() - a.at.getTime()),
    can: allowed(viewer, { forceIds: [finding.forceId], status: finding.status }),
  };
}
