import type { Db } from '../../db/index.js';
import { notFound } from '../../shared/errors.js';
import type { PageRequest } from '../../shared/paging.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import {
  createInspectionsRepository,
  type AreaRow,
  type InspectionFilters,
  type InspectionSummary,
  type JudgementFilters,
  type ProgrammeRow,
  type JudgementRow,
} from './inspections.repository.js';

export type InspectionWithJudgements = InspectionSummary & { judgements: JudgementRow[] };
export type AreaNode = AreaRow & { children: AreaNode[] };
export type ProgrammeWithAreas = ProgrammeRow & { areas: AreaNode[] };

export function createInspectionsService(db: Db) {
  const repository = createInspectionsRepository(db);

  async function withJudgements(
    list: InspectionSummary[],
    forceId?: string,
  ): Promise<InspectionWithJudgements[]> {
    const judgements = await repository.judgementsFor(list.map((i) => i.id));
    return list.map((i) => ({
      ...i,
      judgements: judgements.filter((j) => j.inspectionId === i.id && (!forceId || j.forceId === forceId)),
    }));
  }

  return {
    latest: (limit = 10, viewer: Viewer = PUBLIC_VIEWER) => repository.latest(limit, viewer),
    list: (viewer: Viewer = PUBLIC_VIEWER) => repository.all(viewer),
    /** One page of the inspections the viewer may see, filtered (`asAt`: published by then). */
    page: (filters: InspectionFilters, page: PageRequest, viewer: Viewer = PUBLIC_VIEWER) =>
      repository.page(filters, page, viewer),
    /** One page of the judgements of the inspections the viewer may see, filtered. */
    judgements: (filters: JudgementFilters, page: PageRequest, viewer: Viewer = PUBLIC_VIEWER) =>
      repository.judgementPage(filters, page, viewer),
    async forForce(forceId: string, viewer: Viewer = PUBLIC_VIEWER): Promise<InspectionWithJudgements[]> {
      return withJudgements(await repository.forForce(forceId, viewer), forceId);
    },
    /** One inspection the viewer may see; not found (never "forbidden") while it is hidden from them. */
    async get(slug: string, viewer: Viewer = PUBLIC_VIEWER): Promise<InspectionWithJudgements> {
      const inspection = await repository.bySlug(slug, viewer);
      if (!inspection) throw notFound(`The inspection "${slug}"`);
      const [withGrades] = await withJudgements([inspection]);
      return withGrades!;
    },
    programmes: () => repository.programmes(),
    gradesForArea: (programmeSlug: string, areaSlug: string, viewer: Viewer = PUBLIC_VIEWER) =>
      repository.gradesForArea(programmeSlug, areaSlug, viewer),
    async programme(slug: string): Promise<ProgrammeWithAreas> {
      const programme = await repository.programmeBySlug(slug);
      if (!programme) throw notFound(`The inspection programme "${slug}"`);
      const areas = await repository.areasOf(programme.id);
      const tree = (parentId: string | null): AreaNode[] =>
        areas.filter((a) => a.parentId === parentId).map((a) => ({ ...a, children: tree(a.id) }));
      return { ...programme, areas: tree(null) };
    },
  };
}
export type InspectionsService = ReturnType<typeof createInspectionsService>;
