import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { documents } from '../sources/index.js';
import { findingEvents, findings } from '../findings/index.js';
import { forces } from '../forces/index.js';
import { inspections } from '../inspections/index.js';
import { embargoedNow, visibleInspection } from '../inspections/index.js';
import {
  engagePeriodInspections,
  engagePeriodSources,
  engagePeriods,
  engageReasons,
} from './monitoring.table.js';

export type EngageReason = {
  id: string;
  /** A reason, or a note in the list saying what became of the reasons above it. */
  kind: 'reason' | 'note';
  position: number;
  theme: string | null;
  text: string | null;
  findingId: string | null;
  /** The source numbered the item (1., 2.) rather than bulleting it. */
  numbered: boolean;
  /** Where the wording came from: /documents/{id}?start&end. */
  source: { documentId: string; start: number | null; end: number | null } | null;
  /** The status of the cause of concern this reason is, when it is one. */
  concern: { status: string; statusOn: string | null } | null;
  children: EngageReason[];
};

export type EngagePeriod = {
  id: string;
  version: number;
  force: { id: string; slug: string; name: string };
  enteredOn: string;
  exitedOn: string | null;
  openCausesOfConcernAtExit: number | null;
  /** The source's line introducing the exit reasons, and its closing note after them. */
  exitIntro: string | null;
  exitNote: string | null;
  entryReasons: EngageReason[];
  exitReasons: EngageReason[];
  inspections: Array<{
    slug: string;
    title: string;
    publishedOn: string | null;
    publishedAt: Date | null;
    embargoed: boolean;
  }>;
  sources: Array<{
    field: string;
    url: string | null;
    title: string | null;
    documentId: string;
    fileName: string | null;
  }>;
};

export function createMonitoringRepository(db: DbOrTx) {
  return {
    /** The status history of the findings that are causes of concern behind Engage reasons. */
    async concernEvents(findingIds: string[]) {
      if (findingIds.length === 0) return [];
      return db
        .select({
          findingId: findingEvents.findingId,
          status: findingEvents.status,
          occurredOn: findingEvents.occurredOn,
          recordedAt: findingEvents.recordedAt,
          note: findingEvents.note,
        })
        .from(findingEvents)
        .where(inArray(findingEvents.findingId, findingIds));
    },
    /**
     * Every Engage period (optionally one force's), with reasons, related reports and sources. Related
     * reports, and the status of causes of concern, only from inspections the viewer may see.
     */
    async listPeriods(
      filter: { forceId?: string } = {},
      viewer: Viewer = PUBLIC_VIEWER,
    ): Promise<EngagePeriod[]> {
      const periods = await db
        .select({
          id: engagePeriods.id,
          version: engagePeriods.version,
          enteredOn: engagePeriods.enteredOn,
          exitedOn: engagePeriods.exitedOn,
          openCausesOfConcernAtExit: engagePeriods.openCausesOfConcernAtExit,
          exitIntro: engagePeriods.exitIntro,
          exitNote: engagePeriods.exitNote,
          forceId: forces.id,
          forceSlug: forces.slug,
          forceName: forces.name,
        })
        .from(engagePeriods)
        .innerJoin(forces, eq(forces.id, engagePeriods.forceId))
        .where(filter.forceId ? eq(engagePeriods.forceId, filter.forceId) : undefined)
        .orderBy(asc(engagePeriods.enteredOn), asc(forces.name), asc(engagePeriods.id));
      if (periods.length === 0) return [];
      const ids = periods.map((p) => p.id);
      const [reasons, related, sources, concerns] = await Promise.all([
        db
          .select()
          .from(engageReasons)
          .where(inArray(engageReasons.periodId, ids))
          .orderBy(asc(engageReasons.position)),
        db
          .select({
            periodId: engagePeriodInspections.periodId,
            slug: inspections.slug,
            title: inspections.title,
            publishedOn: inspections.publishedOn,
            publishedAt: inspections.publishedAt,
            embargoed: embargoedNow(),
          })
          .from(engagePeriodInspections)
          .innerJoin(inspections, eq(inspections.id, engagePeriodInspections.inspectionId))
          .where(and(inArray(engagePeriodInspections.periodId, ids), visibleInspection(viewer)))
          .orderBy(asc(inspections.publishedOn)),
        db
          .select({
            periodId: engagePeriodSources.periodId,
            field: engagePeriodSources.field,
            url: documents.url,
            title: documents.title,
            documentId: documents.id,
            fileName: documents.fileName,
          })
          .from(engagePeriodSources)
          .innerJoin(documents, eq(documents.id, engagePeriodSources.documentId))
          .where(inArray(engagePeriodSources.periodId, ids)),
        db
          .select({ id: findings.id, status: findings.status, statusOn: findings.statusOn })
          .from(findings)
          .innerJoin(engageReasons, eq(engageReasons.findingId, findings.id))
          // A finding without an inspection has no publication moment, and passes as published.
          .leftJoin(inspections, eq(inspections.id, findings.inspectionId))
          .where(and(inArray(engageReasons.periodId, ids), visibleInspection(viewer))),
      ]);
      // Each imported document keeps its own list of reasons; show the newest document's list,
      // or Oversight's theme labels where no wording has been imported.
      const shown = (periodId: string, direction: string) => {
        const mine = reasons.filter((r) => r.periodId === periodId && r.direction === direction);
        const worded = mine
          .filter((r) => r.text !== null)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
        const latest = worded[0]?.sourceDocumentId;
        return worded.length > 0
          ? mine.filter((r) => r.text !== null && r.sourceDocumentId === latest)
          : mine;
      };
      const tree = (rows: typeof reasons, parentId: string | null): EngageReason[] =>
        rows
          .filter((r) => r.parentId === parentId)
          .map((r) => ({
            id: r.id,
            kind: r.kind === 'note' ? 'note' : 'reason',
            position: r.position,
            theme: r.theme,
            text: r.text,
            findingId: r.findingId,
            numbered: r.numbered,
            source: r.sourceDocumentId
              ? { documentId: r.sourceDocumentId, start: r.sourceStart, end: r.sourceEnd }
              : null,
            concern: concerns.find((f) => f.id === r.findingId) ?? null,
            children: tree(rows, r.id),
          }));
      return periods.map((p) => ({
        id: p.id,
        version: p.version,
        force: { id: p.forceId, slug: p.forceSlug, name: p.forceName },
        enteredOn: p.enteredOn,
        exitedOn: p.exitedOn,
        openCausesOfConcernAtExit: p.openCausesOfConcernAtExit,
        exitIntro: p.exitIntro,
        exitNote: p.exitNote,
        entryReasons: tree(shown(p.id, 'entry'), null),
        exitReasons: tree(shown(p.id, 'exit'), null),
        inspections: related.filter((r) => r.periodId === p.id).map(({ periodId: _, ...r }) => r),
        sources: sources.filter((s) => s.periodId === p.id).map(({ periodId: _, ...s }) => s),
      }));
    },
  };
}
