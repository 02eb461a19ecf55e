import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { findingAsks, findings } from './findings.table.js';

export type FindingNode = {
  id: string;
  kind: string;
  number: string | null;
  areaLabel: string | null;
  text: string;
  status: string;
  statusOn: string | null;
  asks: Array<{ dueOn: string; text: string }>;
  source: { documentId: string; start: number | null; end: number | null } | null;
  children: FindingNode[];
};

export function createFindingsRepository(db: DbOrTx) {
  return {
    /** An inspection's findings as trees (recommendations under their cause of concern), in document order. */
    async forInspection(inspectionId: string): Promise<FindingNode[]> {
      const rows = await db
        .select()
        .from(findings)
        .where(eq(findings.inspectionId, inspectionId))
        .orderBy(asc(findings.createdAt), asc(findings.position));
      if (rows.length === 0) return [];
      const asks = await db
        .select()
        .from(findingAsks)
        .where(
          inArray(
            findingAsks.findingId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(findingAsks.dueOn));
      const tree = (parentId: string | null): FindingNode[] =>
        rows
          .filter((r) => r.parentId === parentId)
          .map((r) => ({
            id: r.id,
            kind: r.kind,
            number: r.number,
            areaLabel: r.areaLabel,
            text: r.text,
            status: r.status,
            statusOn: r.statusOn,
            asks: asks.filter((a) => a.findingId === r.id).map((a) => ({ dueOn: a.dueOn, text: a.text })),
            source: r.sourceDocumentId
              ? { documentId: r.sourceDocumentId, start: r.sourceStart, end: r.sourceEnd }
              : null,
            children: tree(r.id),
          }));
      return tree(null);
    },
  };
}
