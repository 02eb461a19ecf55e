import type { InspectionSummary, JudgementListRow } from './inspections.repository.js';
import { SCALES, type Scale } from './inspections.domain.js';
import type { AreaNode, InspectionWithJudgements, ProgrammeWithAreas } from './inspections.service.js';

export function presentInspectionSummary(i: InspectionSummary) {
  return {
    slug: i.slug,
    title: i.title,
    type: i.type,
    programme: i.programme
      ? { slug: i.programme.slug, name: i.programme.name, cycle: i.programme.cycle }
      : null,
    published: i.publishedOn,
    publishedAt: i.publishedAt ? i.publishedAt.toISOString() : null,
    embargoed: i.embargoed,
    forces: i.forces.map((f) => f.slug),
    sourceUrl: i.sourceUrl,
  };
}

export function presentInspection(i: InspectionWithJudgements) {
  return {
    ...presentInspectionSummary(i),
    judgements: i.judgements.map((j) => ({ area: j.areaLabel, areaSlug: j.areaSlug, grade: j.grade })),
  };
}

/** A judgement as the API's judgements list gives it. */
export function presentJudgement(j: JudgementListRow) {
  return {
    id: j.id,
    force: j.forceSlug,
    forceName: j.forceName,
    inspection: j.inspectionSlug,
    inspectionTitle: j.inspectionTitle,
    programme: j.programmeSlug,
    area: j.areaLabel,
    areaSlug: j.areaSlug,
    grade: j.grade,
    publishedOn: j.publishedOn,
    embargoed: j.embargoed,
    url: `/api/v1/inspections/${j.inspectionSlug}`,
  };
}

type PresentedArea = { slug: string; name: string; graded: boolean; areas?: PresentedArea[] };
const presentArea = (a: AreaNode): PresentedArea => ({
  slug: a.slug,
  name: a.name,
  graded: a.graded,
  ...(a.children.length > 0 ? { areas: a.children.map(presentArea) } : {}),
});

export function presentProgramme(p: ProgrammeWithAreas) {
  return {
    slug: p.slug,
    name: p.name,
    kind: p.kind,
    cycle: p.cycle,
    scale: p.scale,
    grades: [...SCALES[p.scale as Scale]],
    areasComplete: p.areasComplete,
    comparability: p.comparability,
    areas: p.areas.map(presentArea),
  };
}
