import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enumCheck, id, partialDate, partialDateCheck, timestamps } from '../../db/columns.js';

/*
 * The register of sources: the one table every record's provenance points at. It sits below every
 * other module (forces, inspections, findings… reference it), while the documents module above
 * them imports files into it and shows them.
 */

export const DOCUMENT_ORIGINS = ['reference', 'import', 'manual'] as const;

/**
 * A source of facts: an imported file (its extracted text kept so passages can be shown), a web
 * page or report cited by the bundled reference data (URL only), or a manual entry.
 */
export const documents = pgTable(
  'document',
  {
    id: id(),
    origin: text('origin').notNull(),
    /** Detected kind: engage-current, engage-previous, peel-report, pcc-response, news, reference… */
    kind: text('kind').notNull(),
    title: text('title'),
    url: text('url'),
    fileName: text('file_name'),
    format: text('format'),
    sha256: text('sha256'),
    byteSize: integer('byte_size'),
    /** Extracted plain text; provenance character ranges index into it. */
    text: text('text'),
    /** Date the document itself gives (publication or snapshot), when known. */
    documentDate: partialDate('document_date'),
    retrievedAt: timestamp('retrieved_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('document_sha256_key').on(t.sha256),
    uniqueIndex('document_reference_url_key')
      .on(t.url)
      .where(sql`${t.origin} = 'reference'`),
    enumCheck('document_origin_check', t.origin, DOCUMENT_ORIGINS),
    partialDateCheck('document_date_check', t.documentDate),
  ],
);

/** The column by which a record names the document it came from (with `sourceRange()` for where in it). */
export const sourceDocumentId = () => uuid('source_document_id').references(() => documents.id);
