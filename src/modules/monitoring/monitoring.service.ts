import type { Db } from '../../db/index.js';
import { compare, parseIso } from '../../shared/partial-date.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { periodsAsAt, publishedBy, statusAsAt, type StatusEvent } from '../../shared/as-at.js';
import { createMonitoringRepository, type EngagePeriod, type EngageReason } from './monitoring.repository.js';

export const ENGAGE_STATUSES = ['in-engage', 'previously-in-engage', 'never-in-engage'] as const;
export type EngageStatus = (typeof ENGAGE_STATUSES)[number];

export const ENGAGE_STATUS_LABELS: Record<EngageStatus, string> = {
  'in-engage': 'In Engage',
  'previously-in-engage': 'Previously in Engage',
  'never-in-engage': 'No Engage period recorded',
};

/** A force's Engage status from its periods: in Engage if one is open, previously if any closed. */
export function engageStatusOf(periods: Array<Pick<EngagePeriod, 'exitedOn'>>): EngageStatus {
  if (periods.some((p) => p.exitedOn === null)) return 'in-engage';
  return periods.length > 0 ? 'previously-in-engage' : 'never-in-engage';
}

const findingIdsOf = (reasons: EngageReason[]): string[] =>
  reasons.flatMap((r) => [...(r.findingId ? [r.findingId] : []), ...findingIdsOf(r.children)]);

const byExitDescending = (a: EngagePeriod, b: EngagePeriod) =>
  compare(parseIso(b.exitedOn!), parseIso(a.exitedOn!)) || a.force.name.localeCompare(b.force.name);

/**
 * Engage periods as they stood at the end of a day (`periodsAsAt`): entered by then, and a period
 * that ended later shown open, without its exit reasons; related reports published by then.
 */
export function periodsAtEndOf(periods: readonly EngagePeriod[], day: string): EngagePeriod[] {
  return periodsAsAt(periods, day).map((p) => ({
    ...p,
    exitReasons: p.exitedOn === null ? [] : p.exitReasons,
    openCausesOfConcernAtExit: p.exitedOn === null ? null : p.openCausesOfConcernAtExit,
    inspections: publishedBy(p.inspections, day),
  }));
}

/**
 * The causes of concern behind the reasons as they stood at the end of a day, from each finding's
 * status history (`statusAsAt`): one closed later shows open. Pure; the events are given.
 */
export function concernsAtEndOf(
  periods: readonly EngagePeriod[],
  events: ReadonlyArray<StatusEvent & { findingId: string }>,
  day: string,
): EngagePeriod[] {
  const asAt = (r: EngageReason): EngageReason => {
    const children = r.children.map(asAt);
    if (!r.findingId || !r.concern) return { ...r, children };
    const then = statusAsAt(
      events.filter((e) => e.findingId === r.findingId),
      day,
    );
    return {
      ...r,
      children,
      concern: then ? { status: then.status, statusOn: then.occurredOn } : { status: 'open', statusOn: null },
    };
  };
  return periods.map((p) => ({ ...p, entryReasons: p.entryReasons.map(asAt) }));
}

export type EngageListFilter = {
  /** slug of the force */
  force?: string | undefined;
  status?: 'current' | 'previous' | undefined;
  asAt?: string | undefined;
};

export function createMonitoringService(db: Db) {
  const repository = createMonitoringRepository(db);
  /**
   * Periods as they stood at the end of a day: `periodsAtEndOf`, with each cause of concern's
   * status as it was then.
   */
  async function atEndOf(periods: readonly EngagePeriod[], day: string): Promise<EngagePeriod[]> {
    const then = periodsAtEndOf(periods, day);
    const ids = then.flatMap((p) => findingIdsOf(p.entryReasons));
    return concernsAtEndOf(then, await repository.concernEvents([...new Set(ids)]), day);
  }
  return {
    periods: (filter: { forceId?: string } = {}, viewer: Viewer = PUBLIC_VIEWER) =>
      repository.listPeriods(filter, viewer),
    atEndOf,
    /** Forces in Engage now, in alphabetical order as HMICFRS lists them. */
    async current(viewer: Viewer = PUBLIC_VIEWER): Promise<EngagePeriod[]> {
      return (await repository.listPeriods({}, viewer))
        .filter((p) => p.exitedOn === null)
        .sort((a, b) => a.force.name.localeCompare(b.force.name));
    },
    /** Periods that have ended, most recent exit first. */
    async previous(viewer: Viewer = PUBLIC_VIEWER): Promise<EngagePeriod[]> {
      return (await repository.listPeriods({}, viewer))
        .filter((p) => p.exitedOn !== null)
        .sort(byExitDescending);
    },
    /**
     * Engage periods for the API's list: current first (alphabetical), then those that have ended
     * (latest exit first); with asAt, as they stood at the end of that day.
     */
    async list(filter: EngageListFilter, viewer: Viewer = PUBLIC_VIEWER): Promise<EngagePeriod[]> {
      const all = await repository.listPeriods({}, viewer);
      const periods = (filter.asAt ? await atEndOf(all, filter.asAt) : all).filter(
        (p) => !filter.force || p.force.slug === filter.force,
      );
      const current = periods
        .filter((p) => p.exitedOn === null)
        .sort((a, b) => a.force.name.localeCompare(b.force.name));
      const previous = periods.filter((p) => p.exitedOn !== null).sort(byExitDescending);
      if (filter.status === 'current') return current;
      if (filter.status === 'previous') return previous;
      return [...current, ...previous];
    },
    /** Engage status of every force that has ever been in Engage, by force id (as at a day, if given). */
    async statusByForce(
      asAt?: string,
    ): Promise<Map<string, { status: EngageStatus; periods: EngagePeriod[] }>> {
      const byForce = new Map<string, EngagePeriod[]>();
      const all = await repository.listPeriods();
      for (const p of asAt ? periodsAtEndOf(all, asAt) : all)
        byForce.set(p.force.id, [...(byForce.get(p.force.id) ?? []), p]);
      return new Map([...byForce].map(([id, periods]) => [id, { status: engageStatusOf(periods), periods }]));
    },
  };
}
export type MonitoringService = ReturnType<typeof createMonitoringService>;
