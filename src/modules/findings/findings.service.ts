import type { Db } from '../../db/index.js';
import type { PageRequest } from '../../shared/paging.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { statusesAsAt } from './findings.asat.js';
import {
  FINDINGS_LIMIT,
  createFindingsRepository,
  type FindingNode,
  listFindings,
  pageFindings,
  recentStatusChanges,
  type FindingFilters,
} from './findings.repository.js';

export function createFindingsService(db: Db) {
  const repository = createFindingsRepository(db);

  /** The finding trees with each status as it stood at the end of a day; findings not yet raised are left out. */
  async function asAt(nodes: FindingNode[], day: string): Promise<FindingNode[]> {
    const ids: string[] = [];
    const collect = (list: FindingNode[]) => list.forEach((n) => (ids.push(n.id), collect(n.children)));
    collect(nodes);
    const statuses = await statusesAsAt(db, ids, day);
    const rebuild = (list: FindingNode[]): FindingNode[] =>
      list.flatMap((n) => {
        const s = statuses.get(n.id);
        return s ? [{ ...n, status: s.status, statusOn: s.on, children: rebuild(n.children) }] : [];
      });
    return rebuild(nodes);
  }

  return {
    /** An inspection's findings as trees (`day`: each status as it stood at the end of that day). */
    async forInspection(inspectionId: string, day?: string): Promise<FindingNode[]> {
      const nodes = await repository.forInspection(inspectionId);
      return day ? asAt(nodes, day) : nodes;
    },
    list: (filters: FindingFilters, limit = FINDINGS_LIMIT, offset = 0, viewer: Viewer = PUBLIC_VIEWER) =>
      listFindings(db, filters, limit, offset, viewer),
    /** One page of the list and how many findings it has in all (the API's; `asAt` rebuilds the statuses). */
    page: (filters: FindingFilters, page: PageRequest, viewer: Viewer = PUBLIC_VIEWER) =>
      pageFindings(db, filters, page, viewer),
    statusChanges: (forceSlug?: string) => recentStatusChanges(db, forceSlug),
  };
}
export type FindingsService = ReturnType<typeof createFindingsService>;
