import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/index.js';
import { forces } from '../forces/index.js';
import { documents, provenance, sourceConflicts } from './documents.table.js';

export function createDocumentsRepository(db: DbOrTx) {
  return {
    async byId(id: string) {
      const [row] = await db.select().from(documents).where(eq(documents.id, id));
      return row;
    },
    imported: () =>
      db
        .select({
          id: documents.id,
          kind: documents.kind,
          title: documents.title,
          fileName: documents.fileName,
          format: documents.format,
          createdAt: documents.createdAt,
        })
        .from(documents)
        .where(eq(documents.origin, 'import'))
        .orderBy(desc(documents.createdAt))
        .limit(100),
    conflicts: (forceId?: string) =>
      db
        .select({
          id: sourceConflicts.id,
          description: sourceConflicts.description,
          documentId: sourceConflicts.documentId,
          forceSlug: forces.slug,
          createdAt: sourceConflicts.createdAt,
        })
        .from(sourceConflicts)
        .leftJoin(forces, eq(forces.id, sourceConflicts.forceId))
        .where(
          and(eq(sourceConflicts.status, 'open'), forceId ? eq(sourceConflicts.forceId, forceId) : undefined),
        )
        .orderBy(desc(sourceConflicts.createdAt)),
    provenanceOf: (entity: string, entityId: string) =>
      db
        .select()
        .from(provenance)
        .where(and(eq(provenance.entity, entity), eq(provenance.entityId, entityId))),
  };
}
