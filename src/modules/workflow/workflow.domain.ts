/**
 * The findings workflow's vocabulary. Each finding has three views of its status, side by side:
 * the inspectorate's (FINDING_STATUSES in findings.domain), the force's own RAG rating, and the
 * local policing body's assurance.
 */
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

export const ACTION_STATUSES = ['not-started', 'in-progress', 'complete', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
  cancelled: 'Cancelled',
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
