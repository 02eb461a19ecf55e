import type { DocumentKind, Extracted } from './extraction.types.js';
import type { ReadItem } from './import.items.js';

/** One document's outcome: the `documents[]` item of `oversight import --json` (README: "Import JSON"). */
export type ImportStatus = 'would-import' | 'imported' | 'unchanged' | 'rejected';
export type ChangeCounts = { created: number; updated: number; unchanged: number };

export type DocumentReport = {
  path: string;
  sha256: string | null;
  format: string | null;
  kind: DocumentKind | null;
  confidence: number | null;
  reasons: string[];
  status: ImportStatus;
  error: string | null;
  /** Items that could not be applied (an unrecognised force, say); the rest were. */
  problems: string[];
  extracted: Extracted | null;
  /** Every value read, with its character range and passage, in document order (review page). */
  items: ReadItem[];
  changes: ChangeCounts;
  /** What changed, record by record: "created engage_period Cleveland Police 2019". */
  changeLog: Array<{ change: 'created' | 'updated' | 'unchanged'; entity: string; label: string }>;
  documentId: string | null;
};

export const zeroChanges = (): ChangeCounts => ({ created: 0, updated: 0, unchanged: 0 });
