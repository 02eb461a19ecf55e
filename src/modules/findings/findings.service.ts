import type { Db } from '../../db/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/accounts.domain.js';
import {
  FINDINGS_LIMIT,
  listFindings,
  recentStatusChanges,
  similarClosedConcerns,
  type FindingFilters,
} from './findings.repository.js';

export function createFindingsService(db: Db) {
  return {
    list: (filters: FindingFilters, limit = FINDINGS_LIMIT, offset = 0, viewer: Viewer = PUBLIC_VIEWER) =>
      listFindings(db, filters, limit, offset, viewer),
    /** Closed causes of concern of other forces worded most like this one. */
    similarClosedConcerns: (findingId: string) => similarClosedConcerns(db, findingId),
    statusChanges: (forceSlug?: string) => recentStatusChanges(db, forceSlug),
  };
}
export type FindingsService = ReturnType<typeof createFindingsService>;
