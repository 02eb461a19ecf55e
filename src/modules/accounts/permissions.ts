import { AppError } from '../../shared/errors.js';
import { FINDING_STATUSES, type FindingStatus } from '../../shared/finding-status.js';
import type { Role, Viewer } from './accounts.domain.js';

/**
 * Who may do what, as data: one row per role and action, with the inspectorate statuses of the
 * finding in which it is allowed and whether it is limited to the viewer's own force. This one
 * table drives the 403s, the buttons pages show, and the route × role tests.
 */
export const ACTIONS = [
  'embargoed.view',
  'finding.view-work',
  'finding.set-force-status',
  'finding.set-assurance',
  'finding.decide',
  'finding.create',
  'finding.edit',
  'action.create',
  'action.edit',
  'update.post',
  'closure.request',
  'closure.decide',
  'inspection.create',
  'inspection.edit',
  'engage.edit',
  'document.import',
  'audit.view',
  'users.view',
  'work.view',
  'response.view-draft',
  'response.edit',
  'response.edit-chief',
  'response.publish',
  'meeting.view-draft',
  'meeting.edit',
  'meeting.publish',
  'theme.override',
  'webhook.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

type Scope = 'own-force' | 'any';
export type Permission = {
  role: Exclude<Role, 'public'>;
  action: Action;
  /** Inspectorate statuses of the finding in which the action is allowed; '*' for any. */
  statuses: '*' | readonly FindingStatus[];
  scope: Scope;
};

const OPEN: readonly FindingStatus[] = ['open'];
const LIVE: readonly FindingStatus[] = ['open', 'closure-requested'];

export const PERMISSIONS: readonly Permission[] = [
  // Force staff: their own force's work on its findings.
  { role: 'force', action: 'embargoed.view', statuses: '*', scope: 'own-force' },
  { role: 'force', action: 'finding.view-work', statuses: '*', scope: 'own-force' },
  { role: 'force', action: 'finding.set-force-status', statuses: LIVE, scope: 'own-force' },
  { role: 'force', action: 'action.create', statuses: LIVE, scope: 'own-force' },
  { role: 'force', action: 'action.edit', statuses: LIVE, scope: 'own-force' },
  { role: 'force', action: 'update.post', statuses: LIVE, scope: 'own-force' },
  { role: 'force', action: 'closure.request', statuses: OPEN, scope: 'own-force' },
  { role: 'force', action: 'work.view', statuses: '*', scope: 'any' },
  { role: 'force', action: 'response.view-draft', statuses: '*', scope: 'own-force' },
  { role: 'force', action: 'response.edit-chief', statuses: '*', scope: 'own-force' },
  { role: 'force', action: 'meeting.view-draft', statuses: '*', scope: 'own-force' },
  // The local policing body's office: sees its force's work and gives its assurance.
  { role: 'lpb', action: 'embargoed.view', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'finding.view-work', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'finding.set-assurance', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'work.view', statuses: '*', scope: 'any' },
  // …and answers for it in public: the s55 response and scrutiny meetings are the LPB's.
  { role: 'lpb', action: 'response.view-draft', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'response.edit', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'response.publish', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'meeting.view-draft', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'meeting.edit', statuses: '*', scope: 'own-force' },
  { role: 'lpb', action: 'meeting.publish', statuses: '*', scope: 'own-force' },
  // The inspectorate: records inspections and findings, and alone decides a finding's status.
  { role: 'inspectorate', action: 'embargoed.view', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'finding.view-work', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'finding.decide', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'finding.create', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'finding.edit', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'closure.decide', statuses: ['closure-requested'], scope: 'any' },
  { role: 'inspectorate', action: 'inspection.create', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'inspection.edit', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'engage.edit', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'document.import', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'audit.view', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'work.view', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'response.view-draft', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'meeting.view-draft', statuses: '*', scope: 'any' },
  { role: 'inspectorate', action: 'theme.override', statuses: '*', scope: 'any' },
  // Administrators: accounts, imports and the audit log; they do not decide findings.
  { role: 'admin', action: 'embargoed.view', statuses: '*', scope: 'any' },
  { role: 'admin', action: 'finding.view-work', statuses: '*', scope: 'any' },
  { role: 'admin', action: 'document.import', statuses: '*', scope: 'any' },
  { role: 'admin', action: 'audit.view', statuses: '*', scope: 'any' },
  { role: 'admin', action: 'users.view', statuses: '*', scope: 'any' },
  { role: 'admin', action: 'work.view', statuses: '*', scope: 'any' },
  { role: 'admin', action: 'webhook.manage', statuses: '*', scope: 'any' },
];

export type PermissionContext = {
  /** The force the record belongs to (or the forces an inspection covers). */
  forceIds?: readonly string[];
  status?: string;
};

/** Whether the viewer may take the action on a record in this context. */
export function can(viewer: Viewer, action: Action, context: PermissionContext = {}): boolean {
  return PERMISSIONS.some(
    (p) =>
      p.role === viewer.role &&
      p.action === action &&
      (p.statuses === '*' ||
        (context.status !== undefined && (p.statuses as readonly string[]).includes(context.status))) &&
      (p.scope === 'any' || (viewer.forceId !== null && (context.forceIds ?? []).includes(viewer.forceId))),
  );
}

/** Throws 401 for someone not signed in, 403 for someone signed in without the permission. */
export function assertCan(viewer: Viewer, action: Action, context: PermissionContext = {}): void {
  if (can(viewer, action, context)) return;
  if (viewer.role === 'public') throw new AppError('unauthorised', 'Sign in to do this');
  throw new AppError('forbidden', 'You do not have permission to do this');
}

/** Every action the viewer may take on a record, for templates deciding which buttons to show. */
export function allowed(viewer: Viewer, context: PermissionContext = {}): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(viewer, a, context)])) as Record<Action, boolean>;
}

export const ALL_FINDING_STATUSES = FINDING_STATUSES;
