import { and, eq, sql, type InferInsertModel } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/index.js';
import { appMeta } from '../../db/schema.js';
import { parseIso, refineIso, relation } from '../../shared/partial-date.js';
import { recordAudit, type AuditEntry } from '../../db/audit.js';
import { provenance } from '../documents/index.js';
import { documents } from '../sources/index.js';
import { nameKey } from '../forces/index.js';
import { forceAliases, forces } from '../forces/index.js';
import {
  inspectionForces,
  inspections,
  judgements,
  programmeAreas,
  programmes,
} from '../inspections/index.js';
import { engagePeriodSources, engagePeriods, engageReasons } from '../monitoring/index.js';
import { flattenAreas, readReferenceData } from './reference.load.js';
import type { ReferenceData } from './reference.schemas.js';

export const REFERENCE_ACTOR = 'system:reference-data';
const META_KEY = 'reference-data';
/** Bump when the loader's mapping changes, so a new version reloads unchanged files. */
const LOADER_VERSION = 1;

export type Counts = { created: number; updated: number; unchanged: number };
export type LoadResult = { skipped: boolean; hash: string; counts: Record<string, Counts> };

type Row = Record<string, unknown> & { id: string; version?: number };

/**
 * Brings the database in line with the bundled reference data, idempotently: records are matched
 * by natural key, created when missing, updated when a field differs, and left alone otherwise.
 * It never loses information a later source added: a more precise date stays, a closed Engage
 * period is not reopened. One transaction; every change audited.
 */
export async function loadReferenceData(
  db: Db,
  opts: { force?: boolean; folder?: string } = {},
): Promise<LoadResult> {
  const { data, hash } = await readReferenceData(opts.folder);
  const fingerprint = `${LOADER_VERSION}:${hash}`;
  return db.transaction(async (tx) => {
    // One loader at a time across app instances sharing a PostgreSQL server.
    await tx.execute(sql`select pg_advisory_xact_lock(7710022)`);
    const [meta] = await tx.select().from(appMeta).where(eq(appMeta.key, META_KEY));
    if (!opts.force && meta && (meta.value as { fingerprint?: string }).fingerprint === fingerprint) {
      return { skipped: true, hash, counts: {} };
    }
    const sync = new ReferenceSync(tx);
    await sync.run(data);
    await tx
      .insert(appMeta)
      .values({ key: META_KEY, value: { fingerprint } })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: { fingerprint }, updatedAt: new Date() } });
    return { skipped: false, hash, counts: sync.counts };
  });
}

class ReferenceSync {
  readonly counts: Record<string, Counts> = {};
  private readonly documentIds = new Map<string, string>();
  private readonly forceIds = new Map<string, string>();
  private readonly programmeIds = new Map<string, string>();
  private readonly areaIds = new Map<string, { id: string; name: string }>();
  /** Audit events of this load, written together at the end of the same transaction. */
  private readonly audits: AuditEntry[] = [];
  /** "entity/id/document/field" of the provenance rows that exist. */
  private cited = new Set<string>();

  constructor(private readonly tx: Tx) {}

  async run(data: ReferenceData): Promise<void> {
    const rows = await this.tx.select().from(provenance);
    this.cited = new Set(rows.map((r) => `${r.entity}/${r.entityId}/${r.documentId}/${r.field ?? ''}`));
    await this.syncForces(data);
    await this.syncProgrammes(data);
    await this.syncInspections(data);
    await this.syncEngage(data);
    await recordAudit(this.tx, ...this.audits);
  }

  private count(entity: string, outcome: keyof Counts): void {
    const c = (this.counts[entity] ??= { created: 0, updated: 0, unchanged: 0 });
    c[outcome] += 1;
  }

  /** Inserts `values` or updates the fields of `existing` that differ; audits either. */
  private async upsert<T extends PgTable & { id: PgColumn }>(
    table: T,
    entity: string,
    existing: Row | undefined,
    values: Record<string, unknown>,
  ): Promise<string> {
    if (!existing) {
      const [created] = (await this.tx
        .insert(table)
        .values(values as InferInsertModel<T>)
        .returning()) as Row[];
      if (!created) throw new Error(`insert into ${entity} returned nothing`);
      await recordAudit(this.tx, {
        actor: REFERENCE_ACTOR,
        action: 'create',
        entity,
        entityId: created.id,
        after: created,
      });
      this.count(entity, 'created');
      return created.id;
    }
    const changed = Object.fromEntries(
      Object.entries(values).filter(
        ([key, value]) => JSON.stringify(existing[key] ?? null) !== JSON.stringify(value ?? null),
      ),
    );
    if (Object.keys(changed).length === 0) {
      this.count(entity, 'unchanged');
      return existing.id;
    }
    const set: Record<string, unknown> = { ...changed, updatedAt: new Date() };
    if (typeof existing.version === 'number') set.version = existing.version + 1;
    const [updated] = (await this.tx
      .update(table)
      .set(set as Partial<InferInsertModel<T>>)
      .where(eq(table.id, existing.id))
      .returning()) as Row[];
    this.audits.push({
      actor: REFERENCE_ACTOR,
      action: 'update',
      entity,
      entityId: existing.id,
      before: Object.fromEntries(Object.keys(changed).map((k) => [k, existing[k] ?? null])),
      after: changed,
    });
    this.count(entity, 'updated');
    return updated?.id ?? existing.id;
  }

  private async documentFor(url: string): Promise<string> {
    const known = this.documentIds.get(url);
    if (known) return known;
    const [existing] = await this.tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.origin, 'reference'), eq(documents.url, url)));
    const id = await this.upsert(
      documents,
      'document',
      existing,
      existing ? {} : { origin: 'reference', kind: 'reference', url },
    );
    this.documentIds.set(url, id);
    return id;
  }

  private async cite(
    entity: string,
    entityId: string,
    url: string,
    field: string | null = null,
    basis: string | null = null,
  ) {
    const documentId = await this.documentFor(url);
    const key = `${entity}/${entityId}/${documentId}/${field ?? ''}`;
    if (this.cited.has(key)) return;
    this.cited.add(key);
    await this.tx.insert(provenance).values({ entity, entityId, field, documentId, basis });
  }

  private async syncForces(data: ReferenceData): Promise<void> {
    const existing = new Map((await this.tx.select().from(forces)).map((f) => [f.slug, f]));
    const aliases = new Map((await this.tx.select().from(forceAliases)).map((a) => [a.aliasKey, a]));
    for (const force of data.forces.forces) {
      const id = await this.upsert(forces, 'force', existing.get(force.slug), {
        slug: force.slug,
        name: force.name,
        country: force.country,
        lpbName: force.lpb.name,
        lpbKind: force.lpb.kind,
        lpbTitle: force.lpb.title,
        lpbSince: force.lpb.since ?? null,
        sourceDocumentId: await this.documentFor(force.sources[0]!),
      });
      this.forceIds.set(force.slug, id);
      for (const url of force.sources) await this.cite('force', id, url);
      // Variants that differ only in case, punctuation or "&" share a key: keep the first of each.
      const variants = new Map<string, string>();
      for (const alias of force.aliases) {
        const key = nameKey(alias);
        if (key !== nameKey(force.name) && !variants.has(key)) variants.set(key, alias);
      }
      for (const [key, alias] of variants) {
        const current = aliases.get(key);
        if (current && current.forceId !== id) {
          throw new Error(`alias "${alias}" already belongs to another force`);
        }
        await this.upsert(forceAliases, 'force_alias', current, { forceId: id, alias, aliasKey: key });
      }
    }
  }

  private async syncProgrammes(data: ReferenceData): Promise<void> {
    const existing = new Map((await this.tx.select().from(programmes)).map((p) => [p.slug, p]));
    for (const programme of data.programmes.programmes) {
      const id = await this.upsert(programmes, 'programme', existing.get(programme.slug), {
        slug: programme.slug,
        name: programme.name,
        kind: programme.kind,
        cycle: programme.cycle ?? null,
        startYear: programme.startYear ?? null,
        endYear: programme.endYear ?? null,
        scale: programme.scale,
        areasComplete: programme.areasComplete,
        comparability: programme.comparability ?? null,
        sourceDocumentId: await this.documentFor(programme.sources[0]!),
      });
      this.programmeIds.set(programme.slug, id);
      for (const url of programme.sources) await this.cite('programme', id, url);
      const areas = new Map(
        (await this.tx.select().from(programmeAreas).where(eq(programmeAreas.programmeId, id))).map((a) => [
          a.slug,
          a,
        ]),
      );
      const flat = flattenAreas(programme.areas);
      for (const [position, area] of flat.entries()) {
        const parentId = area.parent
          ? (this.areaIds.get(`${programme.slug}/${area.parent}`)?.id ?? null)
          : null;
        const areaId = await this.upsert(programmeAreas, 'programme_area', areas.get(area.slug), {
          programmeId: id,
          parentId,
          slug: area.slug,
          name: area.name,
          graded: area.graded,
          position,
        });
        this.areaIds.set(`${programme.slug}/${area.slug}`, { id: areaId, name: area.name });
      }
    }
  }

  private async syncInspections(data: ReferenceData): Promise<void> {
    const existing = new Map((await this.tx.select().from(inspections)).map((i) => [i.slug, i]));
    for (const inspection of data.inspections.inspections) {
      const sourceDocumentId = inspection.sourceUrl ? await this.documentFor(inspection.sourceUrl) : null;
      const id = await this.upsert(inspections, 'inspection', existing.get(inspection.slug), {
        slug: inspection.slug,
        title: inspection.title,
        programmeId: inspection.programme ? (this.programmeIds.get(inspection.programme) ?? null) : null,
        type: inspection.type,
        publishedOn: inspection.published,
        sourceUrl: inspection.sourceUrl,
        sourceDocumentId,
      });
      if (inspection.sourceUrl) await this.cite('inspection', id, inspection.sourceUrl);
      for (const slug of inspection.forces) {
        await this.tx
          .insert(inspectionForces)
          .values({ inspectionId: id, forceId: this.forceIds.get(slug)! })
          .onConflictDoNothing();
      }
      const current = await this.tx.select().from(judgements).where(eq(judgements.inspectionId, id));
      for (const judgement of inspection.judgements) {
        const area = inspection.programme
          ? this.areaIds.get(`${inspection.programme}/${judgement.area}`)
          : undefined;
        const label = area?.name ?? judgement.area;
        for (const slug of inspection.forces) {
          const forceId = this.forceIds.get(slug)!;
          const judgementId = await this.upsert(
            judgements,
            'judgement',
            current.find((j) => j.forceId === forceId && j.areaLabel === label),
            {
              inspectionId: id,
              forceId,
              areaId: area?.id ?? null,
              areaLabel: label,
              grade: judgement.grade,
              sourceDocumentId,
            },
          );
          if (inspection.sourceUrl)
            await this.cite('judgement', judgementId, inspection.sourceUrl, 'grade', judgement.basis ?? null);
        }
      }
    }
  }

  private async syncEngage(data: ReferenceData): Promise<void> {
    const all = await this.tx.select().from(engagePeriods);
    for (const period of data.engage.periods) {
      const forceId = this.forceIds.get(period.force)!;
      const entered = parseIso(period.entered);
      // Match a recorded period of the same force whose entry date is compatible (same, or one refines the other).
      const existing = all.find(
        (p) =>
          p.forceId === forceId && ['same', 'overlaps'].includes(relation(parseIso(p.enteredOn), entered)),
      );
      const values: Record<string, unknown> = {
        forceId,
        enteredOn: refineIso(period.entered, existing?.enteredOn ?? null),
        exitedOn:
          period.exited === null
            ? (existing?.exitedOn ?? null)
            : refineIso(period.exited, existing?.exitedOn ?? null),
        openCausesOfConcernAtExit:
          period.openCausesOfConcernAtExit ?? existing?.openCausesOfConcernAtExit ?? null,
      };
      const id = await this.upsert(engagePeriods, 'engage_period', existing, values);
      for (const source of period.sources) {
        const documentId = await this.documentFor(source.url);
        for (const field of source.supports) {
          await this.tx
            .insert(engagePeriodSources)
            .values({ periodId: id, documentId, field })
            .onConflictDoNothing();
        }
      }
      const reasons = await this.tx.select().from(engageReasons).where(eq(engageReasons.periodId, id));
      for (const [direction, list] of [
        ['entry', period.entryReasons],
        ['exit', period.exitReasons],
      ] as const) {
        for (const [position, reason] of list.entries()) {
          const current = reasons.find(
            (r) => r.direction === direction && r.parentId === null && r.position === position,
          );
          await this.upsert(engageReasons, 'engage_reason', current, {
            periodId: id,
            direction,
            position,
            theme: reason.theme,
          });
        }
      }
    }
  }
}
