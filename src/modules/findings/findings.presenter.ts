import type { FindingListRow } from './findings.repository.js';

/** A finding as the API and the open-data download give it. */
export const presentFinding = (f: FindingListRow) => ({
  id: f.id,
  force: f.forceSlug,
  kind: f.kind,
  number: f.number,
  area: f.areaLabel,
  text: f.text,
  status: f.status,
  statusOn: f.statusOn,
  forceStatus: f.forceStatus,
  assurance: f.assurance,
  raised: f.raisedOn,
  inspection: f.inspectionSlug,
  parent: f.parentId,
});
