import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import { earliest, format, latest, tryParseIso } from '../../shared/partial-date.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { visibleInspectionSql } from '../inspections/index.js';
import { today as londonToday } from '../../shared/london-time.js';
import {
  daysBetween,
  responseDeadline,
  S55_DEADLINE_IN_FORCE,
  underDeadlineDuty,
} from './responses.deadline.js';

/**
 * The public timeliness of s55 responses. Every published inspection needs a response from the
 * local policing body of each force it covers, whether or not a response row exists yet, so the
 * due list is (inspection × covered force) LEFT JOIN response, computed on every read: a read
 * never writes rows (a write would bump the page cache's data version).
 */

/** Where a response stands today. "unknown": the deadline or the response's day is not recorded. */
export const RESPONSE_STATES = ['overdue', 'due-soon', 'not-due', 'late', 'on-time', 'unknown'] as const;
export type ResponseState = (typeof RESPONSE_STATES)[number];
export const RESPONSE_STATE_LABELS: Record<ResponseState, string> = {
  overdue: 'Overdue',
  'due-soon': 'Due soon',
  'not-due': 'Not yet due',
  late: 'Published late',
  'on-time': 'Published on time',
  unknown: 'Timeliness not known',
};
export const PUBLIC_RESPONSE_STATUSES = ['not-started', 'draft', 'ready', 'published'] as const;
export type PublicResponseStatus = (typeof PUBLIC_RESPONSE_STATUSES)[number];
export const RESPONSE_STATUS_LABELS: Record<PublicResponseStatus, string> = {
  'not-started': 'Not started',
  draft: 'Draft',
  ready: 'Ready to publish',
  published: 'Published',
};
/** A deadline this close (in days, inclusive) is "due soon". */
export const DUE_SOON_DAYS = 14;

/** One (inspection, force) pair as the database gives it. */
export type DueRow = {
  inspectionId: string;
  inspectionSlug: string;
  inspectionTitle: string;
  /** The inspection's publication date as recorded (may be only a month or a year). */
  inspectionPublishedOn: string | null;
  /** The London day of the publication moment, when one is recorded. */
  publishedAtDay: string | null;
  embargoed: boolean;
  forceId: string;
  forceSlug: string;
  forceName: string;
  lpbName: string;
  responseId: string | null;
  responseStatus: string | null;
  /** The deadline stored on the response row (used only when the inspection gives no day). */
  storedDeadline: string | null;
  /** The response's own publication day (or its London day of publishedAt). */
  responsePublishedOn: string | null;
  /** Seconds since the epoch of the response's publication moment, when recorded. */
  responsePublishedEpoch: number | null;
  publicUrl: string | null;
  throughId: string | null;
  throughStatus: string | null;
  throughPublishedOn: string | null;
  throughInspectionSlug: string | null;
  throughInspectionTitle: string | null;
  /** The London days the response row was made and last changed (for `asAt`). */
  responseCreatedDay?: string | null;
  responseUpdatedDay?: string | null;
};

export type ResponseTimeliness = DueRow & {
  /** The inspection's publication day (YYYY-MM-DD), or null when only a month or year is known. */
  publicationDay: string | null;
  /** The last day to publish (publication + 55 days), or null when not known. */
  deadline: string | null;
  /** published when the response, or the response it is answered through, is published. */
  status: PublicResponseStatus;
  /** When the response was published (its own day, or that of the response it is answered through). */
  answeredOn: string | null;
  answeredThrough: boolean;
  state: ResponseState;
  /** true on time; false late or overdue (it can no longer be on time); null not yet known. */
  onTime: boolean | null;
  /** Days from the deadline to today (positive when overdue), for unpublished responses. */
  daysOverdue: number | null;
  /** Days from the report's publication day to the response's, when both are whole days. */
  daysToRespond: number | null;
  /** "Response due by 11 May 2023 — overdue", "Published on 10 May 2023, on time"… */
  headline: string;
  link: { href: string; text: string };
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string | null | undefined): value is string => Boolean(value && DAY.test(value));
const human = (iso: string): string => {
  const parsed = tryParseIso(iso);
  return parsed ? format(parsed) : iso;
};
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Whether a (possibly partial) publication date is on time for a deadline: null if it straddles it. */
export function onTimeFor(answeredOn: string, deadline: string): boolean | null {
  const parsed = tryParseIso(answeredOn);
  if (!parsed) return null;
  if (latest(parsed) <= deadline) return true;
  if (earliest(parsed) > deadline) return false;
  return null;
}

/** Where one due response stands on `today`, with its status line. Pure. */
export function assess(row: DueRow, today: string, soonDays = DUE_SOON_DAYS): ResponseTimeliness {
  const publicationDay =
    row.publishedAtDay ?? (isDay(row.inspectionPublishedOn) ? row.inspectionPublishedOn : null);
  const beforeDuty = publicationDay !== null && !underDeadlineDuty(publicationDay);
  const deadline = beforeDuty
    ? null
    : publicationDay
      ? responseDeadline(publicationDay)
      : isDay(row.storedDeadline)
        ? row.storedDeadline
        : null;
  const ownPublished = row.responseStatus === 'published';
  const throughPublished = !ownPublished && row.throughId !== null && row.throughStatus === 'published';
  const published = ownPublished || throughPublished;
  const answeredOn = ownPublished
    ? row.responsePublishedOn
    : throughPublished
      ? row.throughPublishedOn
      : null;
  const status: PublicResponseStatus = published
    ? 'published'
    : ((row.responseStatus as PublicResponseStatus | null) ?? 'not-started');

  let state: ResponseState;
  let onTime: boolean | null = null;
  let daysOverdue: number | null = null;
  if (published) {
    onTime = answeredOn && deadline ? onTimeFor(answeredOn, deadline) : null;
    state = onTime === null ? 'unknown' : onTime ? 'on-time' : 'late';
  } else if (!deadline) {
    state = 'unknown';
  } else {
    daysOverdue = daysBetween(deadline, today);
    if (daysOverdue > 0) {
      state = 'overdue';
      onTime = false;
    } else state = -daysOverdue <= soonDays ? 'due-soon' : 'not-due';
  }
  const daysToRespond = publicationDay && isDay(answeredOn) ? daysBetween(publicationDay, answeredOn) : null;

  let headline: string;
  if (published) {
    const when = answeredOn ? `${answeredOn.length === 10 ? 'on' : 'in'} ${human(answeredOn)}` : null;
    const verdict =
      state === 'on-time'
        ? ', on time'
        : state === 'late'
          ? isDay(answeredOn) && deadline
            ? `, ${plural(daysBetween(deadline, answeredOn), 'day', 'days')} late`
            : ', late'
          : '';
    const base = when ? `Published ${when}${verdict}` : 'Published (the date is not recorded)';
    headline = throughPublished
      ? `Answered through the response to ${row.throughInspectionTitle ?? 'another report'}: ${base.charAt(0).toLowerCase()}${base.slice(1)}`
      : base;
  } else if (beforeDuty) {
    headline = `No statutory deadline: the report was published before the 56-day duty came into force on ${human(S55_DEADLINE_IN_FORCE)}`;
  } else if (!deadline) {
    headline = 'Response deadline not known (the report’s day of publication is not recorded)';
  } else {
    const due = `Response due by ${human(deadline)}`;
    if (state === 'overdue') headline = `${due} — overdue`;
    else if (state === 'due-soon')
      headline = `${due} — ${daysOverdue === 0 ? 'due today' : `${plural(-daysOverdue!, 'day', 'days')} left`}`;
    else headline = due;
  }
  const link = row.responseId
    ? { href: `/responses/${row.responseId}`, text: 'View the response' }
    : { href: `/responses?force=${row.forceSlug}`, text: `Responses of ${row.lpbName}` };
  return {
    ...row,
    publicationDay,
    deadline,
    status,
    answeredOn,
    answeredThrough: throughPublished,
    state,
    onTime,
    daysOverdue,
    daysToRespond,
    headline,
    link,
  };
}

/** Whether a (possibly partial) date had wholly passed by the end of `day`; an unknown date never has. */
const passedBy = (date: string | null, day: string): boolean => {
  const parsed = date ? tryParseIso(date) : null;
  return parsed !== null && latest(parsed) <= day;
};

/**
 * One due response as it stood at the end of a day, or null when the inspection was not yet
 * published then. A response published later (or on a date not recorded) was not yet published:
 * it shows as a draft, or as not started when its record was made later still. Pure; `assess` it
 * with the same day.
 */
export function dueRowAsAt(row: DueRow, day: string): DueRow | null {
  const published = row.publishedAtDay ?? row.inspectionPublishedOn;
  if (!passedBy(published, day)) return null;
  let r: DueRow = row;
  if (r.responseStatus === 'published' && !passedBy(r.responsePublishedOn, day)) {
    const existed = r.responseCreatedDay ? r.responseCreatedDay <= day : false;
    r = {
      ...r,
      responseId: existed ? r.responseId : null,
      responseStatus: existed ? 'draft' : null,
      responsePublishedOn: null,
      responsePublishedEpoch: null,
      publicUrl: null,
    };
  } else if (r.responseStatus !== 'published' && r.responseCreatedDay && r.responseCreatedDay > day)
    r = { ...r, responseId: null, responseStatus: null };
  else if (
    r.responseStatus !== null &&
    r.responseStatus !== 'published' &&
    !(r.responseUpdatedDay && r.responseUpdatedDay <= day)
  )
    // Changed since: it was at least a draft then, and whether it was ready is not known.
    r = { ...r, responseStatus: 'draft' };
  if (r.throughStatus === 'published' && !passedBy(r.throughPublishedOn, day))
    r = { ...r, throughStatus: 'draft', throughPublishedOn: null };
  return r;
}

/** The median of a list of numbers, or null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type LpbTimeliness = {
  forceSlug: string | null;
  forceName: string;
  lpbName: string;
  /** Responses whose deadline has passed or that have been published. */
  due: number;
  published: number;
  onTime: number;
  late: number;
  overdue: number;
  /** Not yet due (or due soon): not counted in `due`. */
  pending: number;
  /** Whole percentage of the due responses (with a known outcome) published on time; null if none. */
  percentOnTime: number | null;
  /** Median days from a report's publication to its response; null if none is known. */
  medianDays: number | null;
};

/** Timeliness by local policing body, every force listed (in the order given), and the national total. Pure. */
export function summariseByLpb(
  forces: ReadonlyArray<{ slug: string; name: string; lpbName: string }>,
  rows: readonly ResponseTimeliness[],
): { lpbs: LpbTimeliness[]; total: LpbTimeliness } {
  const summarise = (
    own: readonly ResponseTimeliness[],
    who: Pick<LpbTimeliness, 'forceSlug' | 'forceName' | 'lpbName'>,
  ): LpbTimeliness => {
    const count = (state: ResponseState) => own.filter((r) => r.state === state).length;
    const onTime = count('on-time');
    const late = count('late');
    const overdue = count('overdue');
    const published = own.filter((r) => r.status === 'published').length;
    const unknownPublished = own.filter((r) => r.status === 'published' && r.state === 'unknown').length;
    const decided = onTime + late + overdue;
    return {
      ...who,
      due: decided + unknownPublished,
      published,
      onTime,
      late,
      overdue,
      pending: count('due-soon') + count('not-due'),
      percentOnTime: decided === 0 ? null : Math.round((onTime / decided) * 100),
      medianDays: median(own.flatMap((r) => (r.daysToRespond === null ? [] : [r.daysToRespond]))),
    };
  };
  const byForce = new Map<string, ResponseTimeliness[]>();
  for (const r of rows) byForce.set(r.forceSlug, [...(byForce.get(r.forceSlug) ?? []), r]);
  return {
    lpbs: forces.map((f) =>
      summarise(byForce.get(f.slug) ?? [], { forceSlug: f.slug, forceName: f.name, lpbName: f.lpbName }),
    ),
    total: summarise(rows, {
      forceSlug: null,
      forceName: 'England and Wales',
      lpbName: 'All local policing bodies',
    }),
  };
}

/** A sentence or two that says what the national table says. Pure. */
export function nationalSummary(total: LpbTimeliness, lpbs: readonly LpbTimeliness[]): string {
  if (total.due === 0 && total.pending === 0) return 'No responses are due yet.';
  const parts: string[] = [];
  if (total.percentOnTime === null)
    parts.push(
      `None of the ${plural(total.pending, 'response', 'responses')} required has reached its deadline yet.`,
    );
  else
    parts.push(
      `Of ${plural(total.onTime + total.late + total.overdue, 'response', 'responses')} past their deadline or published, ${total.onTime} ${total.onTime === 1 ? 'was' : 'were'} published on time (${total.percentOnTime}%), ${total.late} late, and ${total.overdue} ${total.overdue === 1 ? 'is' : 'are'} overdue.`,
    );
  if (total.medianDays !== null)
    parts.push(
      `The median time from a report’s publication to the response was ${plural(total.medianDays, 'day', 'days')}.`,
    );
  const mostOverdue = [...lpbs].filter((l) => l.overdue > 0).sort((a, b) => b.overdue - a.overdue)[0];
  if (mostOverdue)
    parts.push(`The most overdue responses are those of ${mostOverdue.lpbName} (${mostOverdue.overdue}).`);
  return parts.join(' ');
}

export type DueFilter = {
  forceId?: string;
  forceSlug?: string;
  inspectionId?: string;
  inspectionSlug?: string;
};

const responseDay = (alias: string): SQL =>
  sql.raw(
    `coalesce(${alias}.published_on, to_char(${alias}.published_at at time zone 'Europe/London', 'YYYY-MM-DD'))`,
  );

/** The due list: visible inspections × the forces they cover (and any response rows beside), LEFT JOIN response. */
export function createResponseTimelinessRepository(db: DbOrTx) {
  return {
    async due(filter: DueFilter, viewer: Viewer): Promise<DueRow[]> {
      const where: SQL[] = [visibleInspectionSql(viewer, 'i')];
      if (filter.forceId) where.push(sql`f.id = ${filter.forceId}`);
      if (filter.forceSlug) where.push(sql`f.slug = ${filter.forceSlug}`);
      if (filter.inspectionId) where.push(sql`i.id = ${filter.inspectionId}`);
      if (filter.inspectionSlug) where.push(sql`i.slug = ${filter.inspectionSlug}`);
      // Reports published before s55(5A) came into force need no response, unless one was recorded.
      const day = sql`coalesce(to_char(i.published_at at time zone 'Europe/London', 'YYYY-MM-DD'), i.published_on)`;
      where.push(
        sql`(r.id is not null or ${day} is null or ${day} >= substr(${S55_DEADLINE_IN_FORCE}, 1, length(${day})))`,
      );
      const rows = await queryRows<DueRow>(
        db,
        sql`with pairs as (
              select inspection_id, force_id from inspection_force
              union
              select inspection_id, force_id from response
            )
            select i.id as "inspectionId", i.slug as "inspectionSlug", i.title as "inspectionTitle",
                   i.published_on as "inspectionPublishedOn",
                   to_char(i.published_at at time zone 'Europe/London', 'YYYY-MM-DD') as "publishedAtDay",
                   coalesce(i.published_at > now(), false) as "embargoed",
                   f.id as "forceId", f.slug as "forceSlug", f.name as "forceName", f.lpb_name as "lpbName",
                   r.id as "responseId", r.status as "responseStatus", r.deadline as "storedDeadline",
                   ${responseDay('r')} as "responsePublishedOn",
                   extract(epoch from r.published_at)::float8 as "responsePublishedEpoch",
                   r.public_url as "publicUrl",
                   to_char(r.created_at at time zone 'Europe/London', 'YYYY-MM-DD') as "responseCreatedDay",
                   to_char(r.updated_at at time zone 'Europe/London', 'YYYY-MM-DD') as "responseUpdatedDay",
                   t.id as "throughId", t.status as "throughStatus",
                   ${responseDay('t')} as "throughPublishedOn",
                   ti.slug as "throughInspectionSlug", ti.title as "throughInspectionTitle"
            from pairs p
            join inspection i on i.id = p.inspection_id
            join force f on f.id = p.force_id
            left join response r on r.inspection_id = p.inspection_id and r.force_id = p.force_id
            left join response t on t.id = r.answered_through_id
            left join inspection ti on ti.id = t.inspection_id and ${visibleInspectionSql(viewer, 'ti')}
            where ${sql.join(where, sql` and `)}
            order by coalesce(to_char(i.published_at at time zone 'Europe/London', 'YYYY-MM-DD'), i.published_on) desc nulls last,
                     i.title, f.name, i.id, f.id`,
      );
      return rows.map((r) => ({
        ...r,
        embargoed: Boolean(r.embargoed),
        responsePublishedEpoch: r.responsePublishedEpoch === null ? null : Number(r.responsePublishedEpoch),
      }));
    },
    forces: () =>
      queryRows<{ slug: string; name: string; lpbName: string }>(
        db,
        sql`select slug, name, lpb_name as "lpbName" from force order by name`,
      ),
  };
}

/** The order the web page lists states in: what needs attention first. */
const STATE_ORDER = new Map(RESPONSE_STATES.map((s, i) => [s, i]));

export function createResponseTimelinessService(db: DbOrTx) {
  const repository = createResponseTimelinessRepository(db);
  async function list(
    filter: DueFilter = {},
    viewer: Viewer = PUBLIC_VIEWER,
    today: string = londonToday(),
  ): Promise<ResponseTimeliness[]> {
    return (await repository.due(filter, viewer)).map((r) => assess(r, today));
  }
  return {
    list,
    /**
     * The due list as it stood at the end of a day: inspections published by then, each response
     * as it was (`dueRowAsAt`), and where it stood on that day.
     */
    async listAsAt(filter: DueFilter, viewer: Viewer, day: string): Promise<ResponseTimeliness[]> {
      return (await repository.due(filter, viewer)).flatMap((r) => {
        const then = dueRowAsAt(r, day);
        return then ? [assess(then, day)] : [];
      });
    },
    /** Every LPB's timeliness and the national total. */
    async national(viewer: Viewer = PUBLIC_VIEWER, today: string = londonToday()) {
      const [forces, rows] = await Promise.all([repository.forces(), list({}, viewer, today)]);
      const { lpbs, total } = summariseByLpb(forces, rows);
      return { lpbs, total, summary: nationalSummary(total, lpbs) };
    },
    /** The response status of each inspection of one force, by inspection id (for the force page). */
    async byInspectionForForce(
      forceId: string,
      viewer: Viewer = PUBLIC_VIEWER,
      today: string = londonToday(),
    ): Promise<Record<string, ResponseTimeliness>> {
      return Object.fromEntries((await list({ forceId }, viewer, today)).map((r) => [r.inspectionId, r]));
    },
    /** The responses one inspection needs, one per force covered (for the inspection page). */
    forInspection: (inspectionId: string, viewer: Viewer = PUBLIC_VIEWER, today: string = londonToday()) =>
      list({ inspectionId }, viewer, today),
    /** Unanswered responses with a known deadline, soonest first (for the calendars). */
    async unansweredDeadlines(filter: DueFilter = {}, viewer: Viewer = PUBLIC_VIEWER) {
      return (await list(filter, viewer))
        .filter((r) => r.status !== 'published' && r.deadline !== null)
        .sort((a, b) => a.deadline!.localeCompare(b.deadline!) || a.forceName.localeCompare(b.forceName));
    },
    /** Responses published in their own right, newest first (for the Atom feed). */
    async published(filter: DueFilter = {}, viewer: Viewer = PUBLIC_VIEWER) {
      return (await list(filter, viewer))
        .filter((r) => r.responseId !== null && r.responseStatus === 'published')
        .sort((a, b) => publishedTime(b) - publishedTime(a));
    },
  };
}
export type ResponseTimelinessService = ReturnType<typeof createResponseTimelinessService>;

/** When a published response came out, as a time: its moment, else the start of its (earliest) day. */
export function publishedTime(r: ResponseTimeliness): number {
  if (r.responsePublishedEpoch !== null) return r.responsePublishedEpoch * 1000;
  const parsed = r.responsePublishedOn ? tryParseIso(r.responsePublishedOn) : null;
  return parsed ? Date.parse(`${earliest(parsed)}T00:00:00Z`) : 0;
}

/** Sorts rows for the page: by state (what needs attention first), then by deadline or publication. */
export function sortForPage(rows: readonly ResponseTimeliness[]): ResponseTimeliness[] {
  return [...rows].sort(
    (a, b) =>
      STATE_ORDER.get(a.state)! - STATE_ORDER.get(b.state)! ||
      (a.state === 'late' || a.state === 'on-time'
        ? (b.answeredOn ?? '').localeCompare(a.answeredOn ?? '')
        : (a.deadline ?? '').localeCompare(b.deadline ?? '')) ||
      a.inspectionTitle.localeCompare(b.inspectionTitle) ||
      a.forceName.localeCompare(b.forceName),
  );
}
