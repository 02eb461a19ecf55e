import type { Lifecycle, Transition } from '../../shared/lifecycle.js';

/**
 * The findings workflow's vocabulary. Each finding has three views of its status, side by side:
 * the inspectorate's (FINDING_STATUSES), the force's own RAG rating, and the local policing body's
 * assurance; all three are the finding's columns, so their values are in findings.domain.
 */
// The force's rating and the LPB's assurance are columns of the finding: findings owns their values.
export {
  ASSURANCE_LABELS,
  ASSURANCE_LEVELS,
  FORCE_STATUSES,
  FORCE_STATUS_LABELS,
  type AssuranceLevel,
  type ForceStatus,
} from '../findings/index.js';

export const ACTION_STATUSES = ['not-started', 'in-progress', 'complete', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
  cancelled: 'Cancelled',
};

/** The force moves its own actions between any two statuses (a reason is asked for changes of owner or date, not of status). */
const actionMove = (label: string): Transition => ({ roles: ['force'], via: 'action.edit', label });

/** An action's status as data: every move the force may make (the service and the status select follow it). */
export const ACTION_LIFECYCLE: Lifecycle<ActionStatus> = {
  noun: 'an action',
  statuses: ACTION_STATUSES,
  labels: ACTION_STATUS_LABELS,
  transitions: {
    'not-started': {
      'in-progress': actionMove('In progress'),
      complete: actionMove('Complete'),
      cancelled: actionMove('Cancelled'),
    },
    'in-progress': {
      'not-started': actionMove('Not started'),
      complete: actionMove('Complete'),
      cancelled: actionMove('Cancelled'),
    },
    complete: {
      'not-started': actionMove('Not started'),
      'in-progress': actionMove('In progress'),
      cancelled: actionMove('Cancelled'),
    },
    cancelled: {
      'not-started': actionMove('Not started'),
      'in-progress': actionMove('In progress'),
      complete: actionMove('Complete'),
    },
  },
};

/** Fields of an action whose every change is kept with its reason. */
export const ACTION_TRACKED_FIELDS = ['owner', 'due-on', 'status', 'title'] as const;
export type ActionTrackedField = (typeof ACTION_TRACKED_FIELDS)[number];

export const CLOSURE_REQUEST_STATUSES = ['pending', 'accepted', 'returned', 'withdrawn'] as const;
export type ClosureRequestStatus = (typeof CLOSURE_REQUEST_STATUSES)[number];
export const CLOSURE_REQUEST_LABELS: Record<ClosureRequestStatus, string> = {
  pending: 'Waiting for the inspectorate',
  accepted: 'Accepted: finding closed',
  returned: 'Returned to the force',
  withdrawn: 'Withdrawn',
};

/**
 * A closure request as data: waiting, then accepted (the finding is closed) or returned to the
 * force with the reasons. Nothing withdraws a request yet: `withdrawn` is allowed by the table's
 * CHECK constraint but no move leads to it.
 */
export const CLOSURE_REQUEST_LIFECYCLE: Lifecycle<ClosureRequestStatus> = {
  noun: 'a closure request',
  statuses: CLOSURE_REQUEST_STATUSES,
  labels: CLOSURE_REQUEST_LABELS,
  transitions: {
    pending: {
      accepted: {
        roles: ['inspectorate'],
        via: 'closure.decide',
        label: 'Close the finding',
        takes: ['reason'],
      },
      returned: {
        roles: ['inspectorate'],
        via: 'closure.decide',
        label: 'Return the request to the force',
        needs: { reason: 'Give the reasons for returning the request' },
      },
    },
    accepted: {},
    returned: {},
    withdrawn: {},
  },
};

/** The closure decision form's (and API's) answers, and the request status each leads to. */
export const CLOSURE_DECISIONS = { accept: 'accepted', return: 'returned' } as const;
export type ClosureDecision = keyof typeof CLOSURE_DECISIONS;

/** The views whose history finding_assessment keeps. */
export const ASSESSMENT_VIEWS = ['force', 'lpb'] as const;
export type AssessmentView = (typeof ASSESSMENT_VIEWS)[number];

/** Evidence files: at most this size, of these types (checked by content, not only by name). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_TYPES = {
  'application/pdf': ['.pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'text/plain': ['.txt'],
  'text/csv': ['.csv'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
} as const satisfies Record<string, readonly string[]>;
export type EvidenceType = keyof typeof EVIDENCE_TYPES;
