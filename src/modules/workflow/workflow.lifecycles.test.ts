import { describe, expect, it } from 'vitest';
import { assertNeeds, assertTransition, movesOf, type Lifecycle } from '../../shared/lifecycle.js';
import { ROLES, type Role, type Viewer } from '../accounts/index.js';
import { ACTIONS, can, type Action } from '../accounts/index.js';
import { FINDING_LIFECYCLE, FINDING_STATUSES } from '../findings/index.js';
import {
  ACTION_LIFECYCLE,
  CLOSURE_DECISIONS,
  CLOSURE_REQUEST_LIFECYCLE,
  CLOSURE_REQUEST_STATUSES,
} from './workflow.domain.js';

/**
 * Generated from the tables: for every lifecycle, every pair of statuses and every role, the move
 * is accepted exactly when the table lists it for that role; and the permission table agrees.
 */
const LIFECYCLES: Array<[string, Lifecycle<string>]> = [
  ['finding', FINDING_LIFECYCLE],
  ['action', ACTION_LIFECYCLE],
  ['closure request', CLOSURE_REQUEST_LIFECYCLE],
];

const viewer = (role: Role): Viewer => ({
  role,
  userId: `u-${role}`,
  actor: `${role}@example.org`,
  name: null,
  forceId: 'own',
  forceSlug: null,
});

describe.each(LIFECYCLES)('the %s lifecycle', (_name, lifecycle) => {
  const cases = lifecycle.statuses.flatMap((from) =>
    lifecycle.statuses.flatMap((to) =>
      ROLES.map((role) => {
        const move = lifecycle.transitions[from]?.[to];
        return { from, to, role, allowed: move !== undefined && move.roles.includes(role) };
      }),
    ),
  );

  it.each(cases.filter((c) => c.allowed))('accepts $from → $to by $role', ({ from, to, role }) => {
    expect(assertTransition(lifecycle, from, to, role)).toMatchObject({ from, to });
  });

  it.each(cases.filter((c) => !c.allowed))('refuses $from → $to by $role', ({ from, to, role }) => {
    expect(() => assertTransition(lifecycle, from, to, role)).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });

  it('lists only its own statuses, names a permission for each move, and says what is missing', () => {
    for (const move of movesOf(lifecycle)) {
      expect(lifecycle.statuses).toContain(move.to);
      expect(ACTIONS).toContain(move.via);
      expect(move.roles.length).toBeGreaterThan(0);
      for (const message of Object.values(move.needs ?? {})) expect(message).toMatch(/^[A-Z]/);
    }
  });
});

/** The finding status in which the permission table is asked about a move of each lifecycle. */
const findingStatusFor: Record<string, (from: string) => string> = {
  finding: (from) => from,
  action: () => 'open',
  'closure request': () => 'closure-requested',
};

describe('the lifecycles and the permission table', () => {
  it.each(LIFECYCLES)('give each %s move’s roles the permission of its command', (name, lifecycle) => {
    for (const move of movesOf(lifecycle))
      for (const role of move.roles)
        expect(
          can(viewer(role as Role), move.via as Action, {
            forceIds: ['own'],
            status: findingStatusFor[name]!(move.from),
          }),
          `${role} ${move.via} ${move.from} → ${move.to}`,
        ).toBe(true);
  });

  it('offer a decision or a closure request wherever the permission table allows one', () => {
    for (const via of ['finding.decide', 'closure.request'] as const)
      for (const role of ROLES)
        for (const status of FINDING_STATUSES)
          if (can(viewer(role), via, { forceIds: ['own'], status }))
            expect(
              movesOf(FINDING_LIFECYCLE).some(
                (m) => m.via === via && m.from === status && m.roles.includes(role),
              ),
              `${role} ${via} in ${status}`,
            ).toBe(true);
  });
});

describe('what the findings workflow’s moves need', () => {
  it('only the force asks for closure, with its reasons; the inspectorate is told how it is done', () => {
    const move = assertTransition(FINDING_LIFECYCLE, 'open', 'closure-requested', 'force');
    expect(() => assertNeeds(move, { reason: '' }, { reason: 'summary' })).toThrow(
      expect.objectContaining({ details: { fields: { summary: 'Enter why the finding can be closed' } } }),
    );
    expect(() => assertTransition(FINDING_LIFECYCLE, 'open', 'closure-requested', 'inspectorate')).toThrow(
      'Closure is requested by the force, with evidence',
    );
    expect(() => assertTransition(FINDING_LIFECYCLE, 'closed', 'closure-requested', 'force')).toThrow(
      'A finding cannot go from closed to closure requested',
    );
  });

  it('superseding needs the replacement; anything but closing a finding waiting for closure needs reasons', () => {
    const supersede = assertTransition(FINDING_LIFECYCLE, 'open', 'superseded', 'inspectorate');
    expect(supersede.needs).toEqual({ replacement: 'Enter the id of the finding that replaces this one' });
    for (const to of ['open', 'superseded', 'no-longer-relevant'])
      expect(assertTransition(FINDING_LIFECYCLE, 'closure-requested', to, 'inspectorate').needs?.reason).toBe(
        'Give the reasons for returning the request',
      );
    expect(
      assertTransition(FINDING_LIFECYCLE, 'closure-requested', 'closed', 'inspectorate').needs,
    ).toBeUndefined();
  });

  it('decides a closure request once: accepted or returned with reasons, never withdrawn by anyone yet', () => {
    expect(Object.values(CLOSURE_DECISIONS).sort()).toEqual(
      movesOf(CLOSURE_REQUEST_LIFECYCLE)
        .map((m) => m.to)
        .sort(),
    );
    expect(assertTransition(CLOSURE_REQUEST_LIFECYCLE, 'pending', 'returned', 'inspectorate').needs).toEqual({
      reason: 'Give the reasons for returning the request',
    });
    for (const from of CLOSURE_REQUEST_STATUSES.filter((s) => s !== 'pending'))
      expect(CLOSURE_REQUEST_LIFECYCLE.transitions[from]).toEqual({});
    expect(movesOf(CLOSURE_REQUEST_LIFECYCLE).some((m) => m.to === 'withdrawn')).toBe(false);
  });
});
