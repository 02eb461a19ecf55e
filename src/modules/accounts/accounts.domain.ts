/**
 * Who may use Oversight. `public` is everyone who has not signed in; the others are accounts.
 * A `force` or `lpb` account belongs to exactly one force (for `lpb`, the force its local
 * policing body oversees) and sees and acts on that force only.
 */
export const ROLES = ['public', 'force', 'lpb', 'inspectorate', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ACCOUNT_ROLES = ['force', 'lpb', 'inspectorate', 'admin'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  public: 'Public',
  force: 'Force staff',
  lpb: 'Local policing body office',
  inspectorate: 'Inspectorate',
  admin: 'Administrator',
};

export const rolesWithForce = (role: string): boolean => role === 'force' || role === 'lpb';

/** The person (or integration) making a request, as every service sees it. */
export type Viewer = {
  role: Role;
  userId: string | null;
  /** The account's email, or "public"; what the audit log records as the actor. */
  actor: string;
  name: string | null;
  /** For force and lpb accounts: the force they belong to. */
  forceId: string | null;
  forceSlug: string | null;
};

export const PUBLIC_VIEWER: Viewer = Object.freeze({
  role: 'public',
  userId: null,
  actor: 'public',
  name: null,
  forceId: null,
  forceSlug: null,
});

/** Whether the viewer may see material under embargo for inspections covering these forces. */
export function seesEmbargoed(viewer: Viewer, coveredForceIds: readonly string[]): boolean {
  if (viewer.role === 'inspectorate' || viewer.role === 'admin') return true;
  if (rolesWithForce(viewer.role) && viewer.forceId) return coveredForceIds.includes(viewer.forceId);
  return false;
}
