import type { TopLevelSpec } from 'vega-lite';
import type { InspectionWithJudgements } from '../modules/inspections/index.js';
import type { EngagePeriod } from '../modules/monitoring/index.js';
import { earliest, format, fromDate, latest, parseIso, toIso } from '../shared/partial-date.js';
import { GRADE_COLOURS, renderChart } from './charts.js';
import { gradeTag } from './filters.js';

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  config: { aria: false, font: 'Arial, sans-serif' },
} as const;

/** A national timeline of Engage periods: one bar per period, open periods running to today. */
export async function engageTimeline(periods: EngagePeriod[], today = new Date()) {
  const todayIso = toIso(fromDate(today));
  const rows = [...periods]
    .sort((a, b) => earliest(parseIso(a.enteredOn)).localeCompare(earliest(parseIso(b.enteredOn))))
    .map((p) => ({
      force: p.force.name,
      start: earliest(parseIso(p.enteredOn)),
      end: p.exitedOn ? latest(parseIso(p.exitedOn)) : todayIso,
      status: p.exitedOn ? 'Left Engage' : 'In Engage now',
      entered: format(parseIso(p.enteredOn)),
      left: p.exitedOn ? format(parseIso(p.exitedOn)) : 'Still in Engage',
    }));
  const spec: TopLevelSpec = {
    ...BASE,
    width: 640,
    height: { step: 22 },
    data: { values: rows },
    mark: { type: 'bar', cornerRadius: 2 },
    encoding: {
      y: { field: 'force', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } },
      x: { field: 'start', type: 'temporal', title: 'Year', axis: { format: '%Y', tickCount: 'year' } },
      x2: { field: 'end' },
      color: {
        field: 'status',
        type: 'nominal',
        scale: { domain: ['In Engage now', 'Left Engage'], range: ['#d4351c', '#505a5f'] },
        legend: { title: null, orient: 'bottom' },
      },
    },
  };
  const svg = await renderChart(spec, {
    id: 'engage-timeline',
    title: 'Engage periods by force',
    description: `${rows.length} periods of enhanced monitoring, from ${rows[0]?.entered ?? ''} to today. The table below gives the same dates.`,
  });
  return { svg, rows };
}

/** A force's grades by area across PEEL cycles; cycles with different frameworks are not comparable. */
export async function gradeHistory(forceName: string, inspections: InspectionWithJudgements[]) {
  const graded = inspections.filter((i) => i.programme && i.judgements.length > 0).reverse();
  if (graded.length === 0) return null;
  const rows = graded.flatMap((i) =>
    i.judgements.map((j) => ({
      cycle: i.programme!.name,
      scale: i.programme!.scale,
      area: j.areaLabel,
      grade: gradeTag(j.grade).text,
    })),
  );
  const cycles = [...new Set(rows.map((r) => r.cycle))];
  const spec: TopLevelSpec = {
    ...BASE,
    data: { values: rows },
    width: { step: 120 },
    height: { step: 26 },
    mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
    encoding: {
      x: {
        field: 'cycle',
        type: 'ordinal',
        sort: cycles,
        title: null,
        axis: { orient: 'top', labelAngle: 0 },
      },
      y: { field: 'area', type: 'nominal', sort: null, title: null, axis: { labelLimit: 420 } },
      color: {
        field: 'grade',
        type: 'nominal',
        scale: { domain: Object.keys(GRADE_COLOURS), range: Object.values(GRADE_COLOURS) },
        legend: { title: 'Grade', orient: 'bottom', labelLimit: 200, columns: 3 },
      },
    },
  };
  const svg = await renderChart(spec, {
    id: 'grade-history',
    title: `${forceName}: grades by area across PEEL cycles`,
    description: `${rows.length} graded areas across ${cycles.join(' and ')}. Each cycle used a different framework, so grades cannot be compared directly across columns. The table below gives the same grades.`,
  });
  const changed = new Set(graded.map((i) => i.programme!.scale)).size > 1 || graded.length > 1;
  return { svg, rows, cycles, frameworkChanged: changed };
}

/** Open causes of concern and areas for improvement by area: the findings a filter selects. */
export async function openFindingsByArea(
  rows: Array<{ kind: string; status: string; areaLabel: string | null }>,
  scope: string,
) {
  const counts = new Map<string, { area: string; causes: number; afis: number }>();
  for (const r of rows) {
    if (r.status !== 'open' || (r.kind !== 'cause-of-concern' && r.kind !== 'area-for-improvement')) continue;
    const area = r.areaLabel ?? 'No area given';
    const entry = counts.get(area) ?? { area, causes: 0, afis: 0 };
    if (r.kind === 'cause-of-concern') entry.causes += 1;
    else entry.afis += 1;
    counts.set(area, entry);
  }
  const table = [...counts.values()].sort(
    (a, b) => b.causes + b.afis - (a.causes + a.afis) || a.area.localeCompare(b.area),
  );
  if (table.length === 0) return null;
  const values = table.flatMap((t) => [
    { area: t.area, kind: 'Causes of concern', count: t.causes },
    { area: t.area, kind: 'Areas for improvement', count: t.afis },
  ]);
  const svg = await renderChart(
    {
      ...BASE,
      width: 420,
      height: { step: 22 },
      data: { values },
      mark: 'bar',
      encoding: {
        y: {
          field: 'area',
          type: 'nominal',
          sort: table.map((t) => t.area),
          title: null,
          axis: { labelLimit: 300 },
        },
        x: {
          field: 'count',
          type: 'quantitative',
          stack: 'zero',
          title: 'Open findings',
          axis: { tickMinStep: 1 },
        },
        color: {
          field: 'kind',
          type: 'nominal',
          scale: { domain: ['Causes of concern', 'Areas for improvement'], range: ['#d4351c', '#f47738'] },
          legend: { title: null, orient: 'bottom' },
        },
      },
    },
    {
      id: 'open-by-area',
      title: `Open causes of concern and areas for improvement by area, ${scope}`,
      description: `${table.reduce((n, t) => n + t.causes, 0)} open causes of concern and ${table.reduce((n, t) => n + t.afis, 0)} open areas for improvement across ${table.length} areas. The table below gives the counts.`,
    },
  );
  return { svg, table };
}

const HEXAGON = 'M0,-1L0.866,-0.5L0.866,0.5L0,1L-0.866,0.5L-0.866,-0.5Z';

/** The 43 forces as hexagons, coloured by a category each has (Engage status, or a grade). */
export async function hexMap(
  cells: Array<{ code: string; name: string; col: number; row: number; category: string }>,
  colours: Record<string, string>,
  a11y: { title: string; description: string },
  darkCategories: string[] = [],
) {
  const values = cells.map((c) => ({ ...c, x: c.col + (c.row % 2) * 0.5, y: c.row * 0.87 }));
  const svg = await renderChart(
    {
      ...BASE,
      width: 440,
      height: 500,
      data: { values },
      encoding: {
        x: { field: 'x', type: 'quantitative', axis: null, scale: { domain: [-0.6, 7.1] } },
        y: { field: 'y', type: 'quantitative', axis: null, scale: { domain: [-0.6, 8.4], reverse: true } },
      },
      resolve: { scale: { color: 'independent' } },
      layer: [
        {
          mark: {
            type: 'point',
            shape: HEXAGON,
            size: 3300,
            filled: true,
            stroke: 'white',
            strokeWidth: 2,
            opacity: 1,
          },
          encoding: {
            color: {
              field: 'category',
              type: 'nominal',
              scale: { domain: Object.keys(colours), range: Object.values(colours) },
              legend: { title: null, orient: 'bottom', columns: 2, labelLimit: 260 },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 11, fontWeight: 'bold' },
          encoding: {
            text: { field: 'code' },
            // White on the dark fills, black on the light ones, for contrast.
            color: {
              field: 'category',
              type: 'nominal',
              scale: {
                domain: Object.keys(colours),
                range: Object.keys(colours).map((k) => (darkCategories.includes(k) ? '#ffffff' : '#0b0c0c')),
              },
              legend: null,
            },
          },
        },
      ],
    },
    { id: 'hex-map', ...a11y },
  );
  return { svg };
}
