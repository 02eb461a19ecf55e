import { describe, expect, it } from 'vitest';
import { assertNeeds, assertTransition, movesFrom, movesOf, needOf, type Lifecycle } from './lifecycle.js';

type Door = 'shut' | 'open' | 'bricked';
const DOOR: Lifecycle<Door> = {
  noun: 'a door',
  statuses: ['shut', 'open', 'bricked'],
  labels: { shut: 'Shut', open: 'Open', bricked: 'Bricked up' },
  transitions: {
    shut: {
      open: { roles: ['tenant', 'owner'], via: 'door.use', label: 'Open it' },
      bricked: {
        roles: ['owner'],
        via: 'door.build',
        label: 'Brick it up',
        needs: { reason: 'Say why' },
        takes: ['date'],
        refusal: 'Only the owner builds',
      },
    },
    open: { shut: { roles: ['tenant', 'owner'], via: 'door.use', label: 'Shut it' } },
    bricked: {},
  },
};

describe('a lifecycle as data', () => {
  it('lists its moves in table order, and those a role may make from a status', () => {
    expect(movesOf(DOOR).map((m) => `${m.from}>${m.to}`)).toEqual(['shut>open', 'shut>bricked', 'open>shut']);
    expect(movesFrom(DOOR, 'shut', 'tenant').map((m) => m.to)).toEqual(['open']);
    expect(movesFrom(DOOR, 'shut', 'owner').map((m) => m.to)).toEqual(['open', 'bricked']);
    expect(movesFrom(DOOR, 'shut', 'owner', 'door.build').map((m) => m.to)).toEqual(['bricked']);
    expect(movesFrom(DOOR, 'bricked', 'owner')).toEqual([]);
  });

  it('accepts a listed move for its roles and returns it', () => {
    expect(assertTransition(DOOR, 'shut', 'bricked', 'owner')).toMatchObject({
      from: 'shut',
      to: 'bricked',
      label: 'Brick it up',
    });
  });

  it('refuses an unlisted move with a 422 on the status field, in the statuses’ words', () => {
    expect(() => assertTransition(DOOR, 'bricked', 'open', 'owner')).toThrow(
      expect.objectContaining({
        code: 'validation',
        message: 'A door cannot go from bricked up to open',
        details: { fields: { status: 'A door cannot go from bricked up to open' } },
      }),
    );
    expect(() => assertTransition(DOOR, 'bricked', 'bricked', 'owner')).toThrow(
      'A door that is bricked up is already bricked up',
    );
    expect(() => assertTransition(DOOR, 'ajar', 'open', 'owner')).toThrow(/cannot go from ajar to open/);
  });

  it('refuses a listed move to another role, with its own words where it has them', () => {
    expect(() => assertTransition(DOOR, 'shut', 'bricked', 'tenant')).toThrow('Only the owner builds');
    expect(() => assertTransition(DOOR, 'open', 'shut', 'visitor')).toThrow(
      'Only tenant or owner accounts can move a door from open to shut',
    );
  });

  it('asks for what a move needs, against the field that carries it', () => {
    const move = assertTransition(DOOR, 'shut', 'bricked', 'owner');
    expect(needOf(move, 'reason')).toBe('required');
    expect(needOf(move, 'date')).toBe('optional');
    expect(needOf(move, 'evidence')).toBeNull();
    for (const reason of [undefined, null, '', []])
      expect(() => assertNeeds(move, { reason }, { reason: 'note' })).toThrow(
        expect.objectContaining({ code: 'validation', details: { fields: { note: 'Say why' } } }),
      );
    expect(() => assertNeeds(move, { reason: 'Damp' }, { reason: 'note' })).not.toThrow();
    expect(() => assertNeeds(assertTransition(DOOR, 'shut', 'open', 'tenant'), {}, {})).not.toThrow();
  });
});
