import { escapeHtml } from '../../shared/html.js';
import { partialDate } from '../../web/filters.js';
import {
  ASSURANCE_LABELS,
  FORCE_STATUS_LABELS,
  type AssuranceLevel,
  type ForceStatus,
} from './findings.domain.js';
import {
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  type FindingKind,
  type FindingStatus,
} from './findings.domain.js';
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

/** The findings table's rows: force, kind, area, the finding linked to its page, its three statuses, raised. */
export function presentFindingRows(rows: readonly FindingListRow[]) {
  return rows.map((f) => {
    const status = `${FINDING_STATUS_LABELS[f.status as FindingStatus]}${f.statusOn ? ` ${partialDate(f.statusOn)}` : ''}`;
    return [
      { text: f.forceName },
      { text: FINDING_KIND_LABELS[f.kind as FindingKind] },
      { text: f.areaLabel ?? '–' },
      { html: `<a class="govuk-link" href="/findings/${f.id}">${escapeHtml(f.text)}</a>` },
      {
        html: `${escapeHtml(status)}<br><span class="govuk-body-s">Force: ${FORCE_STATUS_LABELS[f.forceStatus as ForceStatus]}<br>Assurance: ${ASSURANCE_LABELS[f.assurance as AssuranceLevel]}</span>`,
      },
      { text: partialDate(f.raisedOn, '–'), classes: 'app-nowrap' },
    ];
  });
}

/** The open-findings-by-area chart as a table: area, causes of concern, areas for improvement. */
export const presentAreaRows = (table: ReadonlyArray<{ area: string; causes: number; afis: number }>) =>
  table.map((r) => [
    { text: r.area },
    { text: String(r.causes), format: 'numeric' },
    { text: String(r.afis), format: 'numeric' },
  ]);
