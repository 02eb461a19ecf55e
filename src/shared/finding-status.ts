/**
 * The inspectorate's view of a finding's status (the force's and LPB's views are in findings.domain).
 * Here rather than in findings because the permissions table (accounts, below findings) is keyed
 * on it; findings.domain re-exports it.
 */
export const FINDING_STATUSES = [
  'open',
  'closure-requested',
  'closed',
  'superseded',
  'no-longer-relevant',
] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
