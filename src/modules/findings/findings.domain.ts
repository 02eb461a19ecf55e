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

/** The inspectorate's view of a finding's status (the force's and LPB's views are added by the workflow). */
export const FINDING_STATUSES = [
  'open',
  'closure-requested',
  'closed',
  'superseded',
  'no-longer-relevant',
] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open',
  'closure-requested': 'Closure requested',
  closed: 'Closed',
  superseded: 'Superseded',
  'no-longer-relevant': 'No longer relevant',
};

/** How one finding relates to another across inspections. */
export const FINDING_LINK_KINDS = ['carried-over', 'superseded-by', 'replaced-by'] as const;
export type FindingLinkKind = (typeof FINDING_LINK_KINDS)[number];
