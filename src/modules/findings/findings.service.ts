import type { Db } from '../../db/index.js';
import { FINDINGS_LIMIT, listFindings, type FindingFilters } from './findings.repository.js';

export function createFindingsService(db: Db) {
  return {
    list: (filters: FindingFilters, limit = FINDINGS_LIMIT, offset = 0) =>
      listFindings(db, filters, limit, offset),
  };
}
export type FindingsService = ReturnType<typeof createFindingsService>;
