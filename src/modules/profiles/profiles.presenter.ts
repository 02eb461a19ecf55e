import type { EngagePeriod } from '../monitoring/monitoring.repository.js';
import type { EngageStatus } from '../monitoring/monitoring.service.js';
import { presentEngagePeriod } from '../monitoring/monitoring.presenter.js';
import type { InspectionWithJudgements } from '../inspections/inspections.service.js';
import { presentInspection } from '../inspections/inspections.presenter.js';
import type { ForceRow } from '../forces/forces.repository.js';
import type { Force } from '../forces/forces.service.js';
import { forcePaths } from '../forces/forces.paths.js';

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
