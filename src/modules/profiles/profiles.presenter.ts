import type { EngagePeriod } from '../monitoring/index.js';
import type { EngageStatus } from '../monitoring/index.js';
import { presentEngagePeriod } from '../monitoring/index.js';
import type { InspectionWithJudgements } from '../inspections/index.js';
import { presentInspection } from '../inspections/index.js';
import type { ForceRow } from '../forces/index.js';
import type { Force } from '../forces/index.js';
import { forcePaths } from '../forces/index.js';

export function presentForce(force: ForceRow, engageStatus: EngageStatus) {
  return {
    slug: force.slug,
    name: force.name,
    country: force.country,
    localPolicingBody: {
      name: force.lpbName,
      kind: force.lpbKind,
      title: force.lpbTitle,
      since: force.lpbSince,
    },
    engageStatus,
    url: forcePaths.api(force.slug),
  };
}

export function presentForceDetail(
  force: Force,
  engageStatus: EngageStatus,
  periods: EngagePeriod[],
  inspections: InspectionWithJudgements[],
) {
  return {
    ...presentForce(force, engageStatus),
    aliases: force.aliases,
    engagePeriods: periods.map(presentEngagePeriod),
    inspections: inspections.map(presentInspection),
  };
}
