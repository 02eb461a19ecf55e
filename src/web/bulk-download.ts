import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import type { Container } from '../container.js';
import { presentForce } from '../modules/profiles/index.js';
import { presentInspection } from '../modules/inspections/index.js';
import { presentEngagePeriod } from '../modules/monitoring/index.js';
import { presentFinding } from '../modules/findings/index.js';
import { csvOf } from './exports.js';

type Table = { name: string; rows: Array<Record<string, unknown>> };

/** Nested values go into a CSV cell as JSON text. */
const cell = (v: unknown): string | number | null =>
  v === undefined || v === null
    ? null
    : typeof v === 'string' || typeof v === 'number'
      ? v
      : JSON.stringify(v);

/** Everything public, in one ZIP: each table as JSON and as CSV, with a README of what is inside. */
export function registerBulkDownload(app: FastifyInstance, c: Container): void {
  app.get('/downloads/oversight.zip', { schema: { hide: true } }, async (_request, reply) => {
    const [forces, statuses, periods, inspections, findings] = await Promise.all([
      c.forces.list(),
      c.monitoring.statusByForce(),
      c.monitoring.periods(),
      c.inspections.list(),
      c.findings.list({}, 100_000),
    ]);
    const detailed = await Promise.all(inspections.map((i) => c.inspections.get(i.slug)));
    const tables: Table[] = [
      {
        name: 'forces',
        rows: forces.map((f) => presentForce(f, statuses.get(f.id)?.status ?? 'never-in-engage')),
      },
      { name: 'engage-periods', rows: periods.map(presentEngagePeriod) },
      {
        name: 'inspections',
        rows: detailed.map((i) => ({ ...presentInspection(i), judgements: undefined })),
      },
      {
        name: 'judgements',
        rows: detailed.flatMap((i) =>
          i.judgements.map((j) => ({
            inspection: i.slug,
            area: j.areaLabel,
            areaSlug: j.areaSlug,
            grade: j.grade,
          })),
        ),
      },
      {
        name: 'findings',
        rows: findings.map(presentFinding),
      },
    ];
    const zip = new JSZip();
    const made = new Date().toISOString();
    zip.file(
      'README.txt',
      [
        'Oversight open data',
        `Made ${made}. Published records only (nothing under embargo).`,
        'Each table is given as JSON (with nested fields) and CSV (nested fields as JSON text).',
        'Partial dates are ISO prefixes: 2019, 2023-09, 2024-07-23.',
        ...tables.map((t) => `${t.name}: ${t.rows.length} rows`),
      ].join('\n'),
    );
    for (const table of tables) {
      zip.file(`json/${table.name}.json`, JSON.stringify({ data: table.rows }, null, 2));
      const headers = [
        ...new Set(table.rows.flatMap((r) => Object.keys(r).filter((k) => r[k] !== undefined))),
      ];
      zip.file(
        `csv/${table.name}.csv`,
        csvOf(
          headers,
          table.rows.map((r) => headers.map((h) => cell(r[h]))),
        ),
      );
    }
    const body = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="oversight-${made.slice(0, 10)}.zip"`)
      .send(body);
  });
}
