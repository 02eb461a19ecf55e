/**
 * The public surface of inspections: programmes and their areas, inspections, grades; recording them by hand.
 * Other modules, the composition root and the CLI import this module only from here;
 * its tables are exported for reads, joins and foreign keys, never for writes (those go through
 * its services).
 */
export { registerInspectionsApi } from './inspections.api.js';
export {
  type Grade,
  GRADE_LABELS,
  GRADE_TAG_CLASSES,
  GRADES,
  isGradeOnScale,
  PROGRAMME_KINDS,
  SCALES,
} from './inspections.domain.js';
export { presentInspection } from './inspections.presenter.js';
export {
  embargoedNow,
  inspectionPublishedDay,
  type InspectionSummary,
  publishedDaySql,
  visibleInspection,
  visibleInspectionSql,
} from './inspections.repository.js';
export { createInspectionsService, type InspectionWithJudgements } from './inspections.service.js';
export {
  inspectionForces,
  inspections,
  judgements,
  programmeAreas,
  programmes,
} from './inspections.table.js';
export { registerInspectionsWeb } from './inspections.web.js';
export { registerInspectionsWriteApi, registerRecordingApi } from './inspections.write.api.js';
export { areaNamed, createInspectionsWriteService, inspectionForRecording } from './inspections.write.js';
export {
  type Body,
  forceSelectItems,
  formLocals,
  type FormState,
  registerInspectionsWriteWeb,
  registerRecordingForms,
} from './inspections.write.web.js';
