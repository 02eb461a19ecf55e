import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/index.js';
import { parseIso, refineIso, relation, tryParseIso } from '../../shared/partial-date.js';
import { recordAudit, type AuditEntry } from '../../db/audit.js';
import { slugify } from '../forces/index.js';
import { forceAliases, forces } from '../forces/index.js';
import { findingAsks, findingEvents, findings } from '../findings/index.js';
import {
  inspectionForces,
  inspections,
  judgements,
  programmeAreas,
  programmes,
} from '../inspections/index.js';
import { engagePeriods, engagePeriodSources, engageReasons } from '../monitoring/index.js';
import { responseRecommendations, responses } from '../responses/index.js';
import { scrutinyMeetings, scrutinyQuestions } from '../scrutiny/index.js';
import { matchArea } from './area-match.js';
import { documentMentions, documents, provenance, sourceConflicts } from './documents.table.js';
import {
  ExtractionError,
  type DocumentKind,
  type Extracted,
  type ExtractedCauseOfConcern,
  type ExtractedEngagePeriod,
  type ExtractedFinding,
  type ExtractedInspection,
  type ExtractedMention,
  type ExtractedReason,
  type ExtractedResponse,
  type ParseContext,
  type SourceRange,
} from './extraction.types.js';
import { readItems } from './import.items.js';
import { zeroChanges, type DocumentReport } from './import.report.js';
import { closeReadingPool, readInWorker, ReadTimeout } from './reading.pool.js';

export type ImportOptions = { dryRun?: boolean; actor?: string; maxBytes?: number };

/** Thrown inside the transaction of a dry run, so that everything it did is rolled back. */
class DryRunRollback extends Error {}

/**
 * Turns one document into records: read → classify → parse (pure, in a worker thread) → apply, in
 * ONE transaction.
 * A dry run applies the same changes and rolls them back, so what it reports is exactly what an
 * import would do. Re-importing identical bytes is a no-op; a rejected document writes nothing.
 */
export function createImportService(db: Db) {
  async function parseContext(): Promise<ParseContext> {
    const [all, aliases] = await Promise.all([
      db.select().from(forces).orderBy(asc(forces.name)),
      db.select().from(forceAliases),
    ]);
    return {
      forces: all.map((f) => ({
        slug: f.slug,
        names: [f.name, ...aliases.filter((a) => a.forceId === f.id).map((a) => a.alias)],
      })),
    };
  }

  return {
    /** Stops the reading workers (they also stop by themselves when idle). */
    close: closeReadingPool,
    async importDocument(bytes: Uint8Array, path: string, opts: ImportOptions = {}): Promise<DocumentReport> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const report: DocumentReport = {
        path,
        sha256,
        format: null,
        kind: null,
        confidence: null,
        reasons: [],
        status: 'rejected',
        error: null,
        problems: [],
        extracted: null,
        items: [],
        changes: zeroChanges(),
        changeLog: [],
        documentId: null,
      };
      let outcome;
      try {
        outcome = await readInWorker({
          bytes,
          fileName: path,
          forces: (await parseContext()).forces,
          ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}),
        });
      } catch (error) {
        if (error instanceof ReadTimeout)
          return { ...report, error: `The document could not be read: ${error.message}.` };
        throw error;
      }
      if (!outcome.ok) return { ...report, error: outcome.message };
      report.format = outcome.format;
      const { text, title, reading } = outcome;
      const { classification } = reading;
      report.kind = classification.kind;
      report.confidence = classification.confidence;
      report.reasons = classification.reasons;
      if (!reading.extracted) return { ...report, error: reading.error };
      report.extracted = reading.extracted;
      report.items = readItems(reading.extracted, text);
      report.problems.push(...(reading.extracted.problems ?? []));
      const [existing] = await db
        .select({ id: documents.id })
        .from(documents)
        .where(eq(documents.sha256, sha256));
      if (existing) {
        return { ...report, status: 'unchanged', documentId: existing.id };
      }
      try {
        await db.transaction(async (tx) => {
          const importer = new DocumentImporter(tx, report, opts.actor ?? 'system:import');
          await importer.run({
            text,
            title,
            bytes: bytes.byteLength,
            kind: classification.kind,
            format: report.format!,
          });
          if (importer.items > 0 && importer.skipped === importer.items) {
            throw new ExtractionError(`Nothing could be imported: ${report.problems.join('; ')}`);
          }
          if (opts.dryRun) throw new DryRunRollback();
        });
        report.status = 'imported';
      } catch (error) {
        if (error instanceof DryRunRollback) {
          report.status = 'would-import';
          report.documentId = null;
        } else if (error instanceof ExtractionError) {
          return {
            ...report,
            status: 'rejected',
            error: error.message,
            changes: zeroChanges(),
            changeLog: [],
            documentId: null,
          };
        } else {
          throw error;
        }
      }
      return report;
    },
  };
}
export type ImportService = ReturnType<typeof createImportService>;

type Change = 'created' | 'updated' | 'unchanged';

class DocumentImporter {
  items = 0;
  skipped = 0;
  private documentId = '';
  private readonly audits: AuditEntry[] = [];
  private readonly forceIds = new Map<string, string>();

  constructor(
    private readonly tx: Tx,
    private readonly report: DocumentReport,
    private readonly actor: string,
  ) {}

  async run(doc: {
    text: string;
    title: string | null;
    bytes: number;
    kind: DocumentKind;
    format: string;
  }): Promise<void> {
    const [created] = await this.tx
      .insert(documents)
      .values({
        origin: 'import',
        kind: doc.kind,
        title: doc.title ?? firstLine(doc.text),
        fileName: this.report.path.split(/[\\/]/).pop() ?? this.report.path,
        format: doc.format,
        sha256: this.report.sha256,
        byteSize: doc.bytes,
        text: doc.text,
        retrievedAt: new Date(),
      })
      .returning({ id: documents.id });
    this.documentId = created!.id;
    this.report.documentId = created!.id;
    this.audits.push({
      actor: this.actor,
      action: 'import',
      entity: 'document',
      entityId: created!.id,
      after: { kind: doc.kind, path: this.report.path },
    });
    for (const f of await this.tx.select({ id: forces.id, slug: forces.slug }).from(forces))
      this.forceIds.set(f.slug, f.id);

    const extracted: Extracted = this.report.extracted!;
    for (const period of extracted.engagePeriods)
      await this.item(period.forceName, () => this.applyPeriod(period, doc.kind));
    const inspectionIds = new Map<ExtractedInspection, string>();
    for (const inspection of extracted.inspections) {
      await this.item(inspection.forceName, async () =>
        inspectionIds.set(inspection, await this.applyInspection(inspection)),
      );
    }
    for (const response of extracted.responses) {
      const inspectionId = [...inspectionIds.entries()].find(([i]) => i.title === response.inspection)?.[1];
      await this.item(response.forceName, () => this.applyResponse(response, inspectionId));
    }
    for (const mention of extracted.mentions)
      await this.item(mention.forceName, () => this.applyMention(mention));
    await recordAudit(this.tx, ...this.audits);
  }

  /** Applies one item; an unrecognised force is a problem with that item, never a new force. */
  private async item(forceName: string, apply: () => Promise<unknown>): Promise<void> {
    this.items += 1;
    try {
      await apply();
    } catch (error) {
      if (!(error instanceof UnknownForce)) throw error;
      this.skipped += 1;
      this.report.problems.push(
        forceName.trim() === ''
          ? 'the document does not say which force this is about; item skipped'
          : `"${forceName}" is not a police force Oversight knows; item skipped`,
      );
    }
  }

  private force(slug: string | null): string {
    const id = slug ? this.forceIds.get(slug) : undefined;
    if (!id) throw new UnknownForce();
    return id;
  }

  /** A record this import created: audited (in this transaction) and reported. */
  private created(entity: string, entityId: string, label: string, after: unknown): void {
    this.audits.push({ actor: this.actor, action: 'create', entity, entityId, after });
    this.log('created', entity, label);
  }

  private log(change: Change, entity: string, label: string): void {
    this.report.changes[change] += 1;
    this.report.changeLog.push({ change, entity, label });
  }

  private async cite(
    entity: string,
    entityId: string,
    source: SourceRange,
    field: string | null = null,
  ): Promise<void> {
    await this.tx.insert(provenance).values({
      entity,
      entityId,
      field,
      documentId: this.documentId,
      sourceStart: source.start,
      sourceEnd: source.end,
    });
  }

  private source(source: SourceRange) {
    return { sourceDocumentId: this.documentId, sourceStart: source.start, sourceEnd: source.end };
  }

  // ---- Engage periods ---------------------------------------------------------------------------

  private async applyPeriod(p: ExtractedEngagePeriod, kind: DocumentKind): Promise<void> {
    const forceId = this.force(p.force);
    const label = `${p.forceName} ${p.entered ?? '(entry date not given)'}`;
    const periods = await this.tx.select().from(engagePeriods).where(eq(engagePeriods.forceId, forceId));
    // Same period: compatible entry dates; for a current list without a date, the open period.
    let existing = p.entered
      ? periods.find((e) =>
          ['same', 'overlaps'].includes(relation(parseIso(e.enteredOn), parseIso(p.entered!))),
        )
      : periods.find((e) => e.exitedOn === null);
    if (!existing && !p.entered) {
      this.report.problems.push(`${p.forceName}: no entry date, and no open Engage period to attach it to`);
      return;
    }
    let periodId: string;
    if (!existing) {
      [existing] = await this.tx
        .insert(engagePeriods)
        .values({ forceId, enteredOn: p.entered!, exitedOn: p.exited })
        .returning();
      periodId = existing!.id;
      this.created('engage_period', periodId, label, existing);
    } else {
      periodId = existing.id;
      const set: Record<string, string> = {};
      const entered = refineIso(existing.enteredOn, p.entered);
      if (entered !== existing.enteredOn) set.enteredOn = entered;
      // Never reopen: a page without an exit date leaves a recorded exit as it is.
      if (p.exited) {
        const exited = refineIso(existing.exitedOn, p.exited);
        if (exited !== existing.exitedOn) set.exitedOn = exited;
      }
      if (Object.keys(set).length > 0) {
        await this.tx
          .update(engagePeriods)
          .set({ ...set, version: existing.version + 1, updatedAt: new Date() })
          .where(eq(engagePeriods.id, periodId));
        this.audits.push({
          actor: this.actor,
          action: 'update',
          entity: 'engage_period',
          entityId: periodId,
          before: { enteredOn: existing.enteredOn, exitedOn: existing.exitedOn },
          after: set,
        });
        this.log('updated', 'engage_period', label);
      } else {
        this.log('unchanged', 'engage_period', label);
      }
    }
    await this.cite('engage_period', periodId, p.source);
    for (const field of ['entered', 'exited'] as const) {
      if (p[field]) {
        await this.tx
          .insert(engagePeriodSources)
          .values({
            periodId,
            documentId: this.documentId,
            field,
            sourceStart: p.source.start,
            sourceEnd: p.source.end,
          })
          .onConflictDoNothing();
      }
    }
    const findingIds = await this.applyCausesOfConcern(forceId, p);
    await this.applyReasons(periodId, 'entry', p.entryReasons, findingIds, p.forceName);
    await this.applyReasons(periodId, 'exit', p.exitReasons, new Map(), p.forceName);
    await this.applyExitProse(periodId, p, label);
    void kind;
  }

  /** The source's introduction to the exit reasons and its closing note, as the page words them. */
  private async applyExitProse(periodId: string, p: ExtractedEngagePeriod, label: string): Promise<void> {
    const wanted = {
      ...(p.exitIntro ? { exitIntro: p.exitIntro.text } : {}),
      ...(p.exitNote ? { exitNote: p.exitNote.text } : {}),
    };
    if (Object.keys(wanted).length === 0) return;
    const [current] = await this.tx
      .select({
        exitIntro: engagePeriods.exitIntro,
        exitNote: engagePeriods.exitNote,
        version: engagePeriods.version,
      })
      .from(engagePeriods)
      .where(eq(engagePeriods.id, periodId));
    const set = Object.fromEntries(
      Object.entries(wanted).filter(([k, v]) => current?.[k as keyof typeof wanted] !== v),
    ) as typeof wanted;
    if (!current || Object.keys(set).length === 0) return;
    await this.tx
      .update(engagePeriods)
      .set({ ...set, version: current.version + 1, updatedAt: new Date() })
      .where(eq(engagePeriods.id, periodId));
    this.audits.push({
      actor: this.actor,
      action: 'update',
      entity: 'engage_period',
      entityId: periodId,
      before: { exitIntro: current.exitIntro, exitNote: current.exitNote },
      after: set,
    });
    this.log('updated', 'engage_period', `${label}: the words around its exit reasons`);
  }

  /** The document's reasons are kept as its own rows; an identical list already recorded is left alone. */
  private async applyReasons(
    periodId: string,
    direction: 'entry' | 'exit',
    reasons: ExtractedReason[],
    findingIds: Map<string, string>,
    forceName: string,
  ): Promise<void> {
    if (reasons.length === 0) return;
    const existing = await this.tx
      .select()
      .from(engageReasons)
      .where(and(eq(engageReasons.periodId, periodId), eq(engageReasons.direction, direction)));
    const flatten = (list: ExtractedReason[]): string[] => list.flatMap((r) => [r.text, ...flatten(r.items)]);
    const bySource = new Map<string | null, string[]>();
    for (const r of existing)
      if (r.text) bySource.set(r.sourceDocumentId, [...(bySource.get(r.sourceDocumentId) ?? []), r.text]);
    const wanted = JSON.stringify(flatten(reasons));
    const label = `${forceName}: ${reasons.length} ${direction} reason(s)`;
    const same = [...bySource.entries()].find(([, texts]) => JSON.stringify(texts) === wanted);
    if (same) {
      // The same words, perhaps laid out differently: the newest page's numbering is shown.
      const layout = (list: ExtractedReason[]): Array<[string, boolean]> =>
        list.flatMap((r) => [[r.text, r.numbered === true] as [string, boolean], ...layout(r.items)]);
      const renumber = existing.filter(
        (row) =>
          row.sourceDocumentId === same[0] &&
          layout(reasons).some(([text, numbered]) => text === row.text && numbered !== row.numbered),
      );
      for (const row of renumber)
        await this.tx
          .update(engageReasons)
          .set({ numbered: !row.numbered, version: row.version + 1, updatedAt: new Date() })
          .where(eq(engageReasons.id, row.id));
      if (renumber.length)
        this.audits.push(
          ...renumber.map((row) => ({
            actor: this.actor,
            action: 'update',
            entity: 'engage_reason',
            entityId: row.id,
            before: { numbered: row.numbered },
            after: { numbered: !row.numbered },
          })),
        );
      this.log(renumber.length ? 'updated' : 'unchanged', 'engage_reason', label);
      return;
    }
    // Themes written for the reference data stay with the theme-only rows at the same positions.
    const themes = existing.filter((r) => r.parentId === null && r.text === null);
    const insert = async (list: ExtractedReason[], parentId: string | null) => {
      // The n-th reason (notes not counted) takes the n-th theme label, when the counts agree.
      const reasonsOnly = list.filter((r) => !r.note);
      for (const [position, reason] of list.entries()) {
        const nth = reasonsOnly.indexOf(reason);
        const [row] = await this.tx
          .insert(engageReasons)
          .values({
            periodId,
            parentId,
            direction,
            position,
            text: reason.text,
            kind: reason.note ? 'note' : 'reason',
            numbered: reason.numbered === true,
            theme:
              parentId === null && !reason.note && themes.length === reasonsOnly.length
                ? (themes.find((t) => t.position === nth)?.theme ?? null)
                : null,
            findingId: reason.note ? null : findingFor(findingIds, reason.text),
            ...this.source(reason.source),
          })
          .returning({ id: engageReasons.id });
        await this.cite('engage_reason', row!.id, reason.source);
        this.audits.push({
          actor: this.actor,
          action: 'create',
          entity: 'engage_reason',
          entityId: row!.id,
          after: { periodId, direction, text: reason.text, ...(reason.note ? { kind: 'note' } : {}) },
        });
        await insert(reason.items, row!.id);
      }
    };
    await insert(reasons, null);
    this.log('created', 'engage_reason', label);
  }

  private async applyCausesOfConcern(
    forceId: string,
    p: ExtractedEngagePeriod,
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const all: Array<{
      coc: ExtractedCauseOfConcern | ExtractedCauseOfConcern['items'][number];
      parent: ExtractedCauseOfConcern | null;
    }> = [];
    for (const coc of p.causesOfConcern) {
      all.push({ coc, parent: null });
      for (const item of coc.items) all.push({ coc: item, parent: coc });
    }
    for (const { coc } of all) {
      const [existing] = await this.tx
        .select()
        .from(findings)
        .where(
          and(
            eq(findings.forceId, forceId),
            eq(findings.kind, 'cause-of-concern'),
            eq(findings.text, coc.text),
          ),
        );
      const status = coc.status === 'closed' ? 'closed' : 'open';
      const progress = 'recommendations' in coc && coc.recommendations ? coc.recommendations : null;
      const label = `cause of concern of ${p.forceName}: ${coc.text.slice(0, 60)}`;
      let id: string;
      if (!existing) {
        const [row] = await this.tx
          .insert(findings)
          .values({
            forceId,
            kind: 'cause-of-concern',
            text: coc.text,
            raisedOn: p.entered,
            status,
            statusOn: coc.closedOn,
            ...this.source(coc.source),
          })
          .returning({ id: findings.id });
        id = row!.id;
        await this.tx.insert(findingEvents).values({
          findingId: id,
          status,
          occurredOn: coc.closedOn,
          actor: this.actor,
          progressDone: progress?.closed ?? null,
          progressTotal: progress?.closed !== null && progress?.closed !== undefined ? progress.total : null,
          ...this.source(coc.source),
        });
        this.created('finding', id, label, {
          kind: 'cause-of-concern',
          text: coc.text,
          status,
          statusOn: coc.closedOn,
        });
      } else {
        id = existing.id;
        // Closing is news; an older page saying "open" never reopens a closed concern.
        if (status === 'closed' && existing.status !== 'closed') {
          await this.tx.insert(findingEvents).values({
            findingId: id,
            status,
            occurredOn: coc.closedOn,
            actor: this.actor,
            ...this.source(coc.source),
          });
          await this.tx
            .update(findings)
            .set({ status, statusOn: coc.closedOn, version: existing.version + 1, updatedAt: new Date() })
            .where(eq(findings.id, id));
          this.audits.push({
            actor: this.actor,
            action: 'update',
            entity: 'finding',
            entityId: id,
            before: { status: existing.status },
            after: { status, statusOn: coc.closedOn },
          });
          this.log('updated', 'finding', label);
        } else if (
          status === 'closed' &&
          coc.closedOn &&
          existing.statusOn &&
          refineIso(existing.statusOn, coc.closedOn) !== existing.statusOn
        ) {
          await this.tx
            .update(findings)
            .set({ statusOn: coc.closedOn, version: existing.version + 1, updatedAt: new Date() })
            .where(eq(findings.id, id));
          this.audits.push({
            actor: this.actor,
            action: 'update',
            entity: 'finding',
            entityId: id,
            before: { statusOn: existing.statusOn },
            after: { statusOn: coc.closedOn },
          });
          this.log('updated', 'finding', label);
        } else {
          this.log('unchanged', 'finding', label);
        }
      }
      await this.cite('finding', id, coc.source);
      ids.set(coc.text, id);
    }
    return ids;
  }

  // ---- Inspections ------------------------------------------------------------------------------

  private async applyInspection(i: ExtractedInspection): Promise<string> {
    if (i.force === null && i.forceName.trim() === '') return this.applyNationalInspection(i);
    const forceId = this.force(i.force);
    const [programme] = i.programme
      ? await this.tx.select().from(programmes).where(eq(programmes.slug, i.programme))
      : [];
    const areas = programme
      ? await this.tx.select().from(programmeAreas).where(eq(programmeAreas.programmeId, programme.id))
      : [];
    const matched = i.judgements.map((j) => ({ j, area: matchArea(j.area, areas) }));
    // The same inspection: same programme and force, sharing graded areas (or the same title).
    const candidates = await this.tx
      .select({
        id: inspections.id,
        title: inspections.title,
        programmeId: inspections.programmeId,
        publishedOn: inspections.publishedOn,
        version: inspections.version,
      })
      .from(inspections)
      .innerJoin(inspectionForces, eq(inspectionForces.inspectionId, inspections.id))
      .where(eq(inspectionForces.forceId, forceId));
    const recorded = candidates.length
      ? await this.tx
          .select()
          .from(judgements)
          .where(
            inArray(
              judgements.inspectionId,
              candidates.map((c) => c.id),
            ),
          )
      : [];
    const existing =
      candidates.find((c) => slugify(c.title) === slugify(i.title)) ??
      candidates.find(
        (c) =>
          programme &&
          c.programmeId === programme.id &&
          recorded.some(
            (r) => r.inspectionId === c.id && matched.some((m) => m.area && m.area.id === r.areaId),
          ),
      ) ??
      candidates.find((c) => programme && c.programmeId === programme.id && i.judgements.length === 0);
    const label = `${i.title} (${i.forceName})`;
    let inspectionId: string;
    if (!existing) {
      const slug = await this.uniqueSlug(slugify(`${i.title} ${i.force}`));
      const [row] = await this.tx
        .insert(inspections)
        .values({
          slug,
          title: i.title,
          programmeId: programme?.id ?? null,
          type: i.type ?? 'force-specific',
          publishedOn: i.published,
          ...this.source(i.source),
        })
        .returning();
      inspectionId = row!.id;
      await this.tx.insert(inspectionForces).values({ inspectionId, forceId });
      this.created('inspection', inspectionId, label, row);
    } else {
      inspectionId = existing.id;
      const published = refineIso(existing.publishedOn, i.published);
      if (published !== existing.publishedOn) {
        await this.tx
          .update(inspections)
          .set({ publishedOn: published, version: existing.version + 1, updatedAt: new Date() })
          .where(eq(inspections.id, inspectionId));
        this.audits.push({
          actor: this.actor,
          action: 'update',
          entity: 'inspection',
          entityId: inspectionId,
          before: { publishedOn: existing.publishedOn },
          after: { publishedOn: published },
        });
        this.log('updated', 'inspection', label);
      } else {
        this.log('unchanged', 'inspection', label);
      }
    }
    await this.cite('inspection', inspectionId, i.source);

    for (const { j, area } of matched) {
      const current = recorded.find(
        (r) =>
          r.inspectionId === inspectionId &&
          r.forceId === forceId &&
          (area ? r.areaId === area.id : r.areaLabel === j.area),
      );
      const jLabel = `${area?.name ?? j.area}: ${j.grade ?? 'ungraded'}`;
      if (!current) {
        const [row] = await this.tx
          .insert(judgements)
          .values({
            inspectionId,
            forceId,
            areaId: area?.id ?? null,
            areaLabel: area?.name ?? j.area,
            grade: j.grade,
            ...this.source(j.source),
          })
          .onConflictDoNothing()
          .returning({ id: judgements.id });
        if (row) {
          await this.cite('judgement', row.id, j.source, 'grade');
          this.created('judgement', row.id, jLabel, {
            inspectionId,
            areaLabel: area?.name ?? j.area,
            grade: j.grade,
          });
        }
      } else if (current.grade !== j.grade) {
        await this.conflict(
          forceId,
          'judgement',
          current.id,
          `${i.forceName}, ${current.areaLabel}: the document grades it ${j.grade ?? 'ungraded'}; ${current.grade ?? 'ungraded'} is recorded`,
          {
            recorded: current.grade,
            document: j.grade,
          },
        );
        this.log('unchanged', 'judgement', jLabel);
      } else {
        await this.cite('judgement', current.id, j.source, 'grade');
        this.log('unchanged', 'judgement', jLabel);
      }
    }
    const known = await this.tx.select().from(findings).where(eq(findings.inspectionId, inspectionId));
    const apply = async (list: ExtractedFinding[], parentId: string | null) => {
      for (const [position, f] of list.entries()) {
        const area = f.area ? matchArea(f.area, areas) : null;
        const match = known.find((k) => k.kind === f.kind && k.text === f.text && k.parentId === parentId);
        let id: string;
        const fLabel = `${f.kind} ${f.number ?? ''}: ${f.text.slice(0, 60)}`;
        if (match) {
          id = match.id;
          this.log('unchanged', 'finding', fLabel);
        } else {
          const [row] = await this.tx
            .insert(findings)
            .values({
              forceId,
              inspectionId,
              parentId,
              kind: f.kind,
              number: f.number,
              position,
              areaId: area?.id ?? null,
              areaLabel: area?.name ?? f.area,
              text: f.text,
              raisedOn: i.published,
              ...this.source(f.source),
            })
            .returning({ id: findings.id });
          id = row!.id;
          await this.tx.insert(findingEvents).values({
            findingId: id,
            status: 'open',
            occurredOn: i.published,
            actor: this.actor,
            ...this.source(f.source),
          });
          for (const ask of f.asks)
            await this.tx
              .insert(findingAsks)
              .values({ findingId: id, dueOn: ask.dueOn, text: ask.text, ...this.source(ask.source) });
          this.created('finding', id, fLabel, { inspectionId, kind: f.kind, number: f.number, text: f.text });
        }
        await this.cite('finding', id, f.source);
        await apply(f.children, id);
      }
    };
    await apply(i.findings, null);
    return inspectionId;
  }

  /**
   * A national inspection (a thematic across forces, the State of Policing) named by a document
   * that responds to it: the same title is the same inspection; it covers no one force.
   */
  private async applyNationalInspection(i: ExtractedInspection): Promise<string> {
    const label = `${i.title} (national)`;
    const [existing] = await this.tx
      .select({ id: inspections.id, publishedOn: inspections.publishedOn, version: inspections.version })
      .from(inspections)
      .where(sql`lower(${inspections.title}) = lower(${i.title})`)
      .limit(1);
    if (existing) {
      const published = refineIso(existing.publishedOn, i.published);
      if (published !== existing.publishedOn) {
        await this.tx
          .update(inspections)
          .set({ publishedOn: published, version: existing.version + 1, updatedAt: new Date() })
          .where(eq(inspections.id, existing.id));
        this.audits.push({
          actor: this.actor,
          action: 'update',
          entity: 'inspection',
          entityId: existing.id,
          before: { publishedOn: existing.publishedOn },
          after: { publishedOn: published },
        });
        this.log('updated', 'inspection', label);
      } else {
        this.log('unchanged', 'inspection', label);
      }
      await this.cite('inspection', existing.id, i.source);
      return existing.id;
    }
    const [row] = await this.tx
      .insert(inspections)
      .values({
        slug: await this.uniqueSlug(slugify(i.title)),
        title: i.title,
        programmeId: null,
        type: i.type ?? 'thematic',
        publishedOn: i.published,
        ...this.source(i.source),
      })
      .returning();
    this.created('inspection', row!.id, label, row);
    await this.cite('inspection', row!.id, i.source);
    return row!.id;
  }

  private async uniqueSlug(base: string): Promise<string> {
    const taken = new Set(
      (await this.tx.select({ slug: inspections.slug }).from(inspections)).map((r) => r.slug),
    );
    let slug = base.slice(0, 100);
    for (let n = 2; taken.has(slug); n++) slug = `${base.slice(0, 96)}-${n}`;
    return slug;
  }

  // ---- Responses --------------------------------------------------------------------------------

  private async applyResponse(r: ExtractedResponse, inspectionId: string | undefined): Promise<void> {
    const forceId = this.force(r.force);
    if (!inspectionId) {
      this.report.problems.push(
        `the response to "${r.inspection}" names no inspection that could be recorded`,
      );
      return;
    }
    const tick = (t: boolean | 'unknown') => (t === 'unknown' ? 'unknown' : t ? 'yes' : 'no');
    const values = {
      inspectionId,
      forceId,
      deadline: r.deadline,
      inspectionType: r.inspectionType.options,
      forceQuoted: tick(r.forceQuoted),
      summary: r.summary.map((s) => s.text),
      forceResponse: r.forceResponse?.text ?? null,
      lpbComment: r.lpbComment?.text ?? null,
      ...this.source(r.source),
    };
    const [existing] = await this.tx
      .select()
      .from(responses)
      .where(and(eq(responses.inspectionId, inspectionId), eq(responses.forceId, forceId)));
    let responseId: string;
    const label = `response to ${r.inspection} (${r.forceName})`;
    if (!existing) {
      const [row] = await this.tx.insert(responses).values(values).returning({ id: responses.id });
      responseId = row!.id;
      this.created('response', responseId, label, values);
    } else {
      responseId = existing.id;
      this.log('unchanged', 'response', label);
    }
    await this.cite('response', responseId, r.source);
    const recorded = await this.tx
      .select()
      .from(responseRecommendations)
      .where(eq(responseRecommendations.responseId, responseId));
    for (const [position, rec] of r.recommendations.entries()) {
      if (recorded.some((x) => x.text === rec.text)) {
        this.log('unchanged', 'response_recommendation', rec.text.slice(0, 60));
        continue;
      }
      const [row] = await this.tx
        .insert(responseRecommendations)
        .values({ responseId, position, number: rec.number, text: rec.text, ...this.source(rec.source) })
        .returning({ id: responseRecommendations.id });
      this.created('response_recommendation', row!.id, rec.text.slice(0, 60), {
        responseId,
        number: rec.number,
        text: rec.text,
      });
    }
    for (const meeting of r.scrutiny) {
      const [held] = await this.tx
        .select()
        .from(scrutinyMeetings)
        .where(
          and(
            eq(scrutinyMeetings.forceId, forceId),
            meeting.date
              ? eq(scrutinyMeetings.heldOn, meeting.date)
              : eq(scrutinyMeetings.responseId, responseId),
          ),
        );
      if (held) {
        this.log('unchanged', 'scrutiny_meeting', `${meeting.date ?? 'undated'} meeting`);
        continue;
      }
      const [row] = await this.tx
        .insert(scrutinyMeetings)
        .values({
          forceId,
          responseId,
          heldOn: meeting.date,
          focus: meeting.focus,
          ...this.source(meeting.source),
        })
        .returning({ id: scrutinyMeetings.id });
      for (const [position, q] of meeting.questions.entries()) {
        await this.tx.insert(scrutinyQuestions).values({
          meetingId: row!.id,
          position,
          number: q.number,
          question: q.text,
          ...this.source(q.source),
        });
      }
      this.created(
        'scrutiny_meeting',
        row!.id,
        `${meeting.date ?? 'undated'} meeting with ${meeting.questions.length} questions`,
        {
          heldOn: meeting.date,
          questions: meeting.questions.map((q) => q.text),
        },
      );
    }
  }

  // ---- News -------------------------------------------------------------------------------------

  private async applyMention(m: ExtractedMention): Promise<void> {
    const forceId = this.force(m.force);
    const [mention] = await this.tx
      .insert(documentMentions)
      .values({
        documentId: this.documentId,
        forceId,
        event: m.event,
        occurredOn: m.date,
        gradeCounts: m.gradeCounts,
        areasAssessed: m.areasAssessed,
        quotedRecommendations: m.quotedRecommendations.map((q) => q.text),
        sourceStart: m.source.start,
        sourceEnd: m.source.end,
      })
      .returning({ id: documentMentions.id });
    this.created('document_mention', mention!.id, `${m.forceName}: ${m.event} ${m.date ?? ''}`, {
      event: m.event,
      date: m.date,
    });
    const date = m.date ? tryParseIso(m.date) : null;
    if (m.event === 'report-published' && m.gradeCounts && m.date) {
      const published = await this.tx
        .select({ id: inspections.id, title: inspections.title })
        .from(inspections)
        .innerJoin(inspectionForces, eq(inspectionForces.inspectionId, inspections.id))
        .where(and(eq(inspectionForces.forceId, forceId), eq(inspections.publishedOn, m.date)));
      for (const inspection of published) {
        const grades = await this.tx
          .select({ grade: judgements.grade })
          .from(judgements)
          .where(and(eq(judgements.inspectionId, inspection.id), eq(judgements.forceId, forceId)));
        for (const [grade, count] of Object.entries(m.gradeCounts)) {
          const recorded = grades.filter((g) => g.grade === grade).length;
          if (recorded !== count) {
            await this.conflict(
              forceId,
              'inspection',
              inspection.id,
              `${m.forceName}, ${inspection.title}: the article counts ${count} area(s) graded ${grade.replace('-', ' ')}; ${recorded} recorded`,
              { grade, article: count, recorded },
              m,
            );
          }
        }
      }
    }
    if (m.event === 'remains-in-engage' && date) {
      const periods = await this.tx.select().from(engagePeriods).where(eq(engagePeriods.forceId, forceId));
      const inEngage = periods.some(
        (p) =>
          relation(parseIso(p.enteredOn), date) !== 'after' &&
          (p.exitedOn === null || relation(parseIso(p.exitedOn), date) !== 'before'),
      );
      if (!inEngage)
        await this.conflict(
          forceId,
          'engage_period',
          null,
          `${m.forceName}: the article says it is in Engage on ${m.date}; no recorded period covers that date`,
          {},
          m,
        );
    }
  }

  private async conflict(
    forceId: string,
    entity: string,
    entityId: string | null,
    description: string,
    details: Record<string, unknown>,
    mention?: ExtractedMention,
  ): Promise<void> {
    await this.tx
      .insert(sourceConflicts)
      .values({ documentId: this.documentId, forceId, entity, entityId, description, details });
    mention?.conflicts.push(description);
    this.report.problems.push(`conflict recorded: ${description}`);
  }
}

class UnknownForce extends Error {}

/** The more precise of two dates where one refines the other; otherwise the recorded one stays. */
function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 200);
}

/** The cause of concern a reason is: same wording, or the reason's wording followed by its status sentences. */
function findingFor(ids: Map<string, string>, text: string): string | null {
  const exact = ids.get(text);
  if (exact) return exact;
  for (const [coc, id] of ids) if (text.startsWith(coc)) return id;
  return null;
}
