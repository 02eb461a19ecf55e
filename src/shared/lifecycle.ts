import { ZodError } from 'zod';
import { AppError, InputError } from './errors.js';

/**
 * Lifecycles as data: a record's statuses, the moves between them, who may make each, through
 * which command (the permission that guards the form or API route offering it), and what each
 * needs. One table drives the service's checks, the buttons and forms a page offers, and the unit
 * tests (generated from the table: every listed move accepted for its roles, every other refused).
 */

/** What a move may ask for: the reason for it, evidence, the day it took effect, a replacement record. */
export type Need = 'reason' | 'evidence' | 'date' | 'replacement';

export type Transition = {
  /** The roles that may make the move (the permission table still limits them to their own force). */
  roles: readonly string[];
  /** The command (a permission of the permission table) whose form or route offers the move. */
  via: string;
  /** The words of the button, option or radio that makes the move. */
  label: string;
  /** What the move cannot be made without, each with the message shown when it is missing. */
  needs?: Partial<Record<Need, string>>;
  /** What the move may be given but does not need. */
  takes?: readonly Need[];
  /** Said when someone whose role the move is not for asks for it. */
  refusal?: string;
};

export type Lifecycle<S extends string> = {
  /** The record, as messages name it: "a finding". */
  noun: string;
  statuses: readonly S[];
  labels: Record<S, string>;
  /** From each status, the statuses it may move to. A status with no moves is final. */
  transitions: Record<S, Partial<Record<S, Transition>>>;
};

export type Move<S extends string> = Transition & { from: S; to: S };

/** Every move the table lists, in table order. */
export function movesOf<S extends string>(lifecycle: Lifecycle<S>): Array<Move<S>> {
  return lifecycle.statuses.flatMap((from) =>
    Object.entries(lifecycle.transitions[from]).map(([to, t]) => ({
      ...(t as Transition),
      from,
      to: to as S,
    })),
  );
}

/** The moves a role may make from a status (optionally only those one command offers): the buttons a page shows. */
export function movesFrom<S extends string>(
  lifecycle: Lifecycle<S>,
  from: string,
  role: string,
  via?: string,
): Array<Move<S>> {
  return movesOf(lifecycle).filter(
    (m) => m.from === from && m.roles.includes(role) && (via === undefined || m.via === via),
  );
}

const labelOf = <S extends string>(lifecycle: Lifecycle<S>, status: string) =>
  (lifecycle.labels[status as S] ?? status).toLowerCase();

/**
 * The move from one status to another, if the table lets the role make it; otherwise a 422 naming
 * the status field (the permission to use the command at all is the permission table's: a 403).
 */
export function assertTransition<S extends string>(
  lifecycle: Lifecycle<S>,
  from: string,
  to: string,
  role: string,
): Move<S> {
  const move = (lifecycle.transitions[from as S] as Partial<Record<string, Transition>> | undefined)?.[to];
  const refuse = (message: string): never => {
    throw new AppError('validation', message, { fields: { status: message } });
  };
  if (!move)
    return refuse(
      from === to
        ? `${capitalise(lifecycle.noun)} that is ${labelOf(lifecycle, from)} is already ${labelOf(lifecycle, to)}`
        : `${capitalise(lifecycle.noun)} cannot go from ${labelOf(lifecycle, from)} to ${labelOf(lifecycle, to)}`,
    );
  if (!move.roles.includes(role))
    return refuse(
      move.refusal ??
        `Only ${move.roles.join(' or ')} accounts can move ${lifecycle.noun} from ${labelOf(lifecycle, from)} to ${labelOf(lifecycle, to)}`,
    );
  return { ...move, from: from as S, to: to as S };
}

/**
 * Checks that the input gives what the move needs. `fields` names the input field that carries
 * each need in this command's form or body, so the message shows beside that field.
 */
export function assertNeeds(
  move: Transition,
  given: Partial<Record<Need, unknown>>,
  fields: Partial<Record<Need, string>>,
): void {
  const missing = (Object.entries(move.needs ?? {}) as Array<[Need, string]>).filter(([need]) => {
    const value = given[need];
    return value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length);
  });
  if (missing.length)
    throw new InputError(
      new ZodError(
        missing.map(([need, message]) => ({
          code: 'custom' as const,
          path: [fields[need] ?? need],
          message,
          input: undefined,
        })),
      ),
    );
}

/** Whether a move asks for something, and whether it must have it. */
export function needOf(move: Transition, need: Need): 'required' | 'optional' | null {
  if (move.needs?.[need] !== undefined) return 'required';
  return move.takes?.includes(need) ? 'optional' : null;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
