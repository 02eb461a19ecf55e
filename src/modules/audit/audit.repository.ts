import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import type { Viewer } from '../accounts/index.js';
import { users } from '../accounts/index.js';
import { documents } from '../sources/index.js';
import { findings } from '../findings/index.js';
import { forceAliases, forces } from '../forces/index.js';
import { visibleInspection } from '../inspections/index.js';
import { inspections, judgements, programmes } from '../inspections/index.js';
import { engagePeriods, engageReasons } from '../monitoring/index.js';
import { closureRequests, findingActions, findingUpdates } from '../workflow/index.js';
import type { AuditFilters } from './audit.domain.js';
import { auditEvents } from '../../db/audit.table.js';

/** An audit event with the account behind its actor, when the actor is an account's email. */
export type AuditEventRow = {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  actorRole: string | null;
  actorForceName: string | null;
  actorLpbName: string | null;
};

/** A record named by its table and id, as audit events name what they changed. */
export type RecordRef = { entity: string; id: string };

/** What a record is called and where its page is (null when it has none). */
export type RecordLink = { label: string; extra: string | null; path: string | null };

export type Page = { limit?: number; offset?: number };

export const recordKey = (entity: string, id: string): string => `${entity}:${id}`;

/** A list of uuids as one parameter (so thousands of ids do not make thousands of parameters). */
const uuidArray = (ids: readonly string[]): SQL => sql`${`{${ids.join(',')}}`}::uuid[]`;

const eventColumns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actor: auditEvents.actor,
  action: auditEvents.action,
  entity: auditEvents.entity,
  entityId: auditEvents.entityId,
  before: auditEvents.before,
  after: auditEvents.after,
  actorRole: users.role,
  actorForceName: forces.name,
  actorLpbName: forces.lpbName,
};

async function events(db: DbOrTx, where: SQL | undefined, page: Page): Promise<AuditEventRow[]> {
  const query = db
    .select(eventColumns)
    .from(auditEvents)
    .leftJoin(users, eq(users.email, auditEvents.actor))
    .leftJoin(forces, eq(forces.id, users.forceId))
    .where(where)
    // Events of one transaction share their moment; the id makes the order total, so pages are stable.
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .$dynamic();
  if (page.limit !== undefined) query.limit(page.limit);
  if (page.offset) query.offset(page.offset);
  return query;
}

async function countOf(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(where);
  return Number(row?.n ?? 0);
}

/** The filters as SQL. Days are days in Europe/London, both ends included. */
function filtersWhere(f: AuditFilters): SQL | undefined {
  return and(
    f.entity ? eq(auditEvents.entity, f.entity) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.actor ? sql`strpos(lower(${auditEvents.actor}), lower(${f.actor})) > 0` : undefined,
    f.entityId ? eq(auditEvents.entityId, f.entityId) : undefined,
    f.from
      ? sql`${auditEvents.at} >= ((${f.from}::date)::timestamp at time zone 'Europe/London')`
      : undefined,
    f.to ? sql`${auditEvents.at} < ((${f.to}::date + 1)::timestamp at time zone 'Europe/London')` : undefined,
  );
}

/** Events of these records, as SQL: one condition per kind of record. */
function recordsWhere(refs: readonly RecordRef[]): SQL {
  const byEntity = new Map<string, string[]>();
  for (const r of refs) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r.id]);
  if (byEntity.size === 0) return sql`false`;
  return or(
    ...[...byEntity].map(([entity, ids]) =>
      and(eq(auditEvents.entity, entity), sql`${auditEvents.entityId} = any(${uuidArray(ids)})`),
    ),
  )!;
}

/** Events of a record and its child records, newest first. */
export function auditHistory(
  db: DbOrTx,
  entities: readonly RecordRef[],
  page: Page = {},
): Promise<AuditEventRow[]> {
  return events(db, recordsWhere(entities), page);
}

export function countAuditHistory(db: DbOrTx, entities: readonly RecordRef[]): Promise<number> {
  return countOf(db, recordsWhere(entities));
}

/**
 * For each kind of record an audit event can name: its label, something to add to the label
 * (a date, the inspection), and its page, as columns (entity, id, label, extra, path). Kinds without a page (accounts, tokens) are named by the event alone.
 */
const LOOKUPS: Record<string, (ids: SQL) => SQL> = {
  force: (ids) =>
    sql`select 'force', ${forces.id}, ${forces.name}, null, '/forces/' || ${forces.slug}
        from ${forces} where ${forces.id} = any(${ids})`,
  force_alias: (ids) =>
    sql`select 'force_alias', ${forceAliases.id}, ${forceAliases.alias}, ${forces.name}, '/forces/' || ${forces.slug}
        from ${forceAliases} join ${forces} on ${forces.id} = ${forceAliases.forceId}
        where ${forceAliases.id} = any(${ids})`,
  inspection: (ids) =>
    sql`select 'inspection', ${inspections.id}, ${inspections.title}, null, '/inspections/' || ${inspections.slug}
        from ${inspections} where ${inspections.id} = any(${ids})`,
  judgement: (ids) =>
    sql`select 'judgement', ${judgements.id}, ${judgements.areaLabel}, ${inspections.title},
          '/inspections/' || ${inspections.slug}
        from ${judgements} join ${inspections} on ${inspections.id} = ${judgements.inspectionId}
        where ${judgements.id} = any(${ids})`,
  finding: (ids) =>
    sql`select 'finding', ${findings.id}, ${findings.text}, ${findings.number}, '/findings/' || ${findings.id}
        from ${findings} where ${findings.id} = any(${ids})`,
  engage_period: (ids) =>
    sql`select 'engage_period', ${engagePeriods.id}, ${forces.name}, ${engagePeriods.enteredOn},
          '/forces/' || ${forces.slug}
        from ${engagePeriods} join ${forces} on ${forces.id} = ${engagePeriods.forceId}
        where ${engagePeriods.id} = any(${ids})`,
  engage_reason: (ids) =>
    sql`select 'engage_reason', ${engageReasons.id}, coalesce(${engageReasons.theme}, ${engageReasons.text}),
          ${forces.name}, '/forces/' || ${forces.slug}
        from ${engageReasons}
        join ${engagePeriods} on ${engagePeriods.id} = ${engageReasons.periodId}
        join ${forces} on ${forces.id} = ${engagePeriods.forceId}
        where ${engageReasons.id} = any(${ids})`,
  document: (ids) =>
    sql`select 'document', ${documents.id}, coalesce(${documents.title}, ${documents.fileName}, ${documents.url}, 'Document'),
          null, '/documents/' || ${documents.id}
        from ${documents} where ${documents.id} = any(${ids})`,
  programme: (ids) =>
    sql`select 'programme', ${programmes.id}, ${programmes.name}, null, '/frameworks/' || ${programmes.slug}
        from ${programmes} where ${programmes.id} = any(${ids})`,
  finding_action: (ids) =>
    sql`select 'finding_action', ${findingActions.id}, ${findingActions.title}, null,
          '/findings/' || ${findingActions.findingId}
        from ${findingActions} where ${findingActions.id} = any(${ids})`,
  finding_update: (ids) =>
    sql`select 'finding_update', ${findingUpdates.id}, null, null, '/findings/' || ${findingUpdates.findingId}
        from ${findingUpdates} where ${findingUpdates.id} = any(${ids})`,
  closure_request: (ids) =>
    sql`select 'closure_request', ${closureRequests.id}, null, null, '/findings/' || ${closureRequests.findingId}
        from ${closureRequests} where ${closureRequests.id} = any(${ids})`,
  user: (ids) =>
    sql`select 'user', ${users.id}, ${users.email}, null, null::text from ${users} where ${users.id} = any(${ids})`,
};

/** Names and pages of the records events name, in one query whatever the number of events. */
export async function recordLinks(db: DbOrTx, refs: readonly RecordRef[]): Promise<Map<string, RecordLink>> {
  const byEntity = new Map<string, Set<string>>();
  for (const r of refs) {
    if (!LOOKUPS[r.entity]) continue;
    byEntity.set(r.entity, (byEntity.get(r.entity) ?? new Set()).add(r.id));
  }
  const links = new Map<string, RecordLink>();
  if (byEntity.size === 0) return links;
  const parts = [...byEntity].map(([entity, ids]) => LOOKUPS[entity]!(uuidArray([...ids])));
  const rows = await queryRows<{
    entity: string;
    id: string;
    label: string | null;
    extra: string | null;
    path: string | null;
  }>(db, sql`select * from (${sql.join(parts, sql` union all `)}) as found(entity, id, label, extra, path)`);
  for (const r of rows)
    links.set(recordKey(r.entity, r.id), { label: r.label ?? '', extra: r.extra, path: r.path });
  return links;
}

export function createAuditRepository(db: DbOrTx) {
  return {
    /** Events matching the filters, newest first. */
    list: (filters: AuditFilters, page: Page = {}) => events(db, filtersWhere(filters), page),
    count: (filters: AuditFilters) => countOf(db, filtersWhere(filters)),
    /** The kinds of record and actions the log holds, for the filters' lists. */
    facets: (): Promise<Array<{ entity: string; action: string }>> =>
      db
        .selectDistinct({ entity: auditEvents.entity, action: auditEvents.action })
        .from(auditEvents)
        .orderBy(auditEvents.entity, auditEvents.action),
    recordLinks: (refs: readonly RecordRef[]) => recordLinks(db, refs),
    history: (entities: readonly RecordRef[], page: Page = {}) => auditHistory(db, entities, page),
    countHistory: (entities: readonly RecordRef[]) => countAuditHistory(db, entities),

    /** A force and what hangs off it: its names, Engage periods and their reasons, and findings not tied to an inspection. */
    forceRecords: (forceId: string): Promise<RecordRef[]> =>
      queryRows<RecordRef>(
        db,
        sql`select 'force'::text as entity, ${forceId}::uuid as id
            union all select 'force_alias', ${forceAliases.id} from ${forceAliases} where ${forceAliases.forceId} = ${forceId}
            union all select 'engage_period', ${engagePeriods.id} from ${engagePeriods} where ${engagePeriods.forceId} = ${forceId}
            union all select 'engage_reason', ${engageReasons.id} from ${engageReasons}
              join ${engagePeriods} on ${engagePeriods.id} = ${engageReasons.periodId}
              where ${engagePeriods.forceId} = ${forceId}
            union all select 'finding', ${findings.id} from ${findings}
              where ${findings.forceId} = ${forceId} and ${findings.inspectionId} is null`,
      ),

    /** The inspection if this viewer may see it (embargo by role), with its judgements and findings. */
    async inspectionRecords(
      slug: string,
      viewer: Viewer,
    ): Promise<{ id: string; slug: string; title: string; records: RecordRef[] } | undefined> {
      const [inspection] = await db
        .select({ id: inspections.id, slug: inspections.slug, title: inspections.title })
        .from(inspections)
        .where(and(eq(inspections.slug, slug), visibleInspection(viewer)));
      if (!inspection) return undefined;
      const records = await queryRows<RecordRef>(
        db,
        sql`select 'inspection'::text as entity, ${inspection.id}::uuid as id
            union all select 'judgement', ${judgements.id} from ${judgements} where ${judgements.inspectionId} = ${inspection.id}
            union all select 'finding', ${findings.id} from ${findings} where ${findings.inspectionId} = ${inspection.id}`,
      );
      return { ...inspection, records };
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
