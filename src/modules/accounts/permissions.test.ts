import { describe, expect, it } from 'vitest';
import { FINDING_STATUSES } from '../../shared/finding-status.js';
import { PUBLIC_VIEWER, ROLES, type Role, type Viewer } from './accounts.domain.js';
import { ACTIONS, PERMISSIONS, allowed, assertCan, can } from './permissions.js';

const own = 'f-own';
const other = 'f-other';
const viewer = (role: Role): Viewer =>
  role === 'public'
    ? PUBLIC_VIEWER
    : {
        role,
        userId: `u-${role}`,
        actor: `${role}@example.org`,
        name: null,
        forceId: role === 'force' || role === 'lpb' ? own : null,
        forceSlug: null,
      };

describe('permissions', () => {
  it('has no duplicate rows and names only known actions', () => {
    const keys = PERMISSIONS.map((p) => `${p.role}:${p.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of PERMISSIONS) expect(ACTIONS).toContain(p.action);
  });

  it('lets the public do nothing', () => {
    for (const action of ACTIONS)
      for (const status of FINDING_STATUSES)
        expect(can(PUBLIC_VIEWER, action, { forceIds: [own], status })).toBe(false);
  });

  it('limits force and lpb accounts to their own force', () => {
    for (const role of ['force', 'lpb'] as const)
      for (const p of PERMISSIONS.filter((x) => x.role === role && x.scope === 'own-force')) {
        expect(can(viewer(role), p.action, { forceIds: [own], status: 'open' })).toBe(true);
        expect(can(viewer(role), p.action, { forceIds: [other], status: 'open' })).toBe(false);
        expect(can(viewer(role), p.action, {})).toBe(false);
      }
  });

  it('lets only the inspectorate decide a finding’s status or a closure request', () => {
    for (const role of ROLES) {
      expect(can(viewer(role), 'finding.decide', { forceIds: [own], status: 'open' })).toBe(
        role === 'inspectorate',
      );
      expect(can(viewer(role), 'closure.decide', { forceIds: [own], status: 'closure-requested' })).toBe(
        role === 'inspectorate',
      );
    }
  });

  it('follows the finding’s status', () => {
    const force = viewer('force');
    expect(can(force, 'closure.request', { forceIds: [own], status: 'open' })).toBe(true);
    expect(can(force, 'closure.request', { forceIds: [own], status: 'closure-requested' })).toBe(false);
    expect(can(force, 'action.create', { forceIds: [own], status: 'closed' })).toBe(false);
    expect(can(viewer('inspectorate'), 'closure.decide', { status: 'open' })).toBe(false);
  });

  it('answers 401 to the public and 403 to the signed in', () => {
    expect(() => assertCan(PUBLIC_VIEWER, 'work.view')).toThrow(
      expect.objectContaining({ code: 'unauthorised' }),
    );
    expect(() => assertCan(viewer('force'), 'audit.view')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => assertCan(viewer('admin'), 'audit.view')).not.toThrow();
  });

  it('lists every action for templates', () => {
    const a = allowed(viewer('lpb'), { forceIds: [own], status: 'open' });
    expect(Object.keys(a).sort()).toEqual([...ACTIONS].sort());
    expect(a['finding.set-assurance']).toBe(true);
    expect(a['finding.set-force-status']).toBe(false);
  });
});
