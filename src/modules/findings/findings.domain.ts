import type { Lifecycle, Transition } from '../../shared/lifecycle.js';
import { FINDING_STATUSES, type FindingStatus } from '../../shared/finding-status.js';

export const FINDING_KINDS = [
  'cause-of-concern',
  'recommendation',
  'area-for-improvement',
  'innovative-practice',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  'cause-of-concern': 'Cause of concern',
  recommendation: 'Recommendation',
  'area-for-improvement': 'Area for improvement',
  'innovative-practice': 'Innovative practice',
};

/** The inspectorate's view of a finding's status (shared: the permissions table is keyed on it). */
export { FINDING_STATUSES, type FindingStatus } from '../../shared/finding-status.js';

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open',
  'closure-requested': 'Closure requested',
  closed: 'Closed',
  superseded: 'Superseded',
  'no-longer-relevant': 'No longer relevant',
};

/** The inspectorate decides (via its decision form); the reason and the day are optional. */
const decision = (label: string, more: Partial<Transition> = {}): Transition => ({
  roles: ['inspectorate'],
  via: 'finding.decide',
  label,
  takes: ['reason', 'date'],
  ...more,
});
const REPLACEMENT = { replacement: 'Enter the id of the finding that replaces this one' };
/** Deciding anything but closure sends the force's closure request back, so it needs the reasons. */
const RETURNS_REQUEST = { reason: 'Give the reasons for returning the request' };

/**
 * The inspectorate's status of a finding as data: from each status, where it may go, who may move
 * it there, through which command, and what the move needs. The force asks for closure (with a
 * summary and any evidence); the inspectorate alone decides, and may record its decision again
 * (to correct the day or the note). The workflow service checks every move against this table,
 * the finding page builds its forms from it, and `findings.lifecycle.test.ts` is generated from it.
 */
export const FINDING_LIFECYCLE: Lifecycle<FindingStatus> = {
  noun: 'a finding',
  statuses: FINDING_STATUSES,
  labels: FINDING_STATUS_LABELS,
  transitions: {
    open: {
      open: decision('Record the decision again'),
      'closure-requested': {
        roles: ['force'],
        via: 'closure.request',
        label: 'Request closure',
        needs: { reason: 'Enter why the finding can be closed' },
        takes: ['evidence'],
        refusal: 'Closure is requested by the force, with evidence',
      },
      closed: decision('Close the finding'),
      superseded: decision('Mark as superseded', { needs: REPLACEMENT }),
      'no-longer-relevant': decision('Mark as no longer relevant'),
    },
    'closure-requested': {
      open: decision('Reopen the finding', { needs: RETURNS_REQUEST }),
      closed: decision('Close the finding'),
      superseded: decision('Mark as superseded', { needs: { ...REPLACEMENT, ...RETURNS_REQUEST } }),
      'no-longer-relevant': decision('Mark as no longer relevant', { needs: RETURNS_REQUEST }),
    },
    closed: {
      open: decision('Reopen the finding'),
      closed: decision('Record the decision again'),
      superseded: decision('Mark as superseded', { needs: REPLACEMENT }),
      'no-longer-relevant': decision('Mark as no longer relevant'),
    },
    superseded: {
      open: decision('Reopen the finding'),
      closed: decision('Close the finding'),
      superseded: decision('Record the decision again', { needs: REPLACEMENT }),
      'no-longer-relevant': decision('Mark as no longer relevant'),
    },
    'no-longer-relevant': {
      open: decision('Reopen the finding'),
      closed: decision('Close the finding'),
      superseded: decision('Mark as superseded', { needs: REPLACEMENT }),
      'no-longer-relevant': decision('Record the decision again'),
    },
  },
};

/** How one finding relates to another across inspections. */
export const FINDING_LINK_KINDS = ['carried-over', 'superseded-by', 'replaced-by'] as const;
export type FindingLinkKind = (typeof FINDING_LINK_KINDS)[number];

/** The force's own RAG rating of its progress on a finding, and the local policing body's assurance. */
export const FORCE_STATUSES = ['not-started', 'on-track', 'at-risk', 'off-track', 'complete'] as const;
export type ForceStatus = (typeof FORCE_STATUSES)[number];
export const FORCE_STATUS_LABELS: Record<ForceStatus, string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  complete: 'Complete',
};

export const ASSURANCE_LEVELS = ['not-assessed', 'assured', 'partly-assured', 'not-assured'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];
export const ASSURANCE_LABELS: Record<AssuranceLevel, string> = {
  'not-assessed': 'Not assessed',
  assured: 'Assured',
  'partly-assured': 'Partly assured',
  'not-assured': 'Not assured',
};
