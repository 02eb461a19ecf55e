import type { Db } from '../../db/index.js';
import type { PageRequest } from '../../shared/paging.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/accounts.domain.js';
import {
  FINDINGS_LIMIT,
  listFindings,
  pageFindings,
  recentStatusChanges,
  type FindingFilters,
} from './findings.repository.js';

export function createFindingsService(db: Db) {
  return {
    list: (filters: FindingFilters, limit = FINDINGS_LIMIT, offset = 0, viewer: Viewer = PUBLIC_VIEWER) =>
      listFindings(db, filters, limit, offset, viewer),
    /** One page of the list and how many findings it has in all (the API's; `asAt` rebuilds the statuses). */
    page: (filters: FindingFilters, page: PageRequest, viewer: Viewer = PUBLIC_VIEWER) =>
      pageFindings(db, filters, page, viewer),
    statusChanges: (forceSlug?: string) => recentStatusChanges(db, forceSlug),
  };
}
export type FindingsService = ReturnType<typeof createFindingsService>;
