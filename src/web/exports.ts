import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type Column<T> = {
  header: string;
  value: (row: T) => string | number | null | undefined;
  width?: number;
};

/** A cell a spreadsheet would run as a formula ("=HYPERLINK(…)") is written as text instead. */
export const safeCell = (value: string | number | null | undefined): string | number => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
};

/** CSV text (with a BOM, so spreadsheets read it as UTF-8) of a header row and data rows. */
export const csvOf = (headers: string[], rows: Array<Array<string | number | null | undefined>>): string =>
  stringify([headers, ...rows.map((row) => row.map(safeCell))], { bom: true });

export function exportFormat(query: unknown): ExportFormat | null {
  const format = (query as { format?: unknown } | null)?.format;
  return EXPORT_FORMATS.includes(format as ExportFormat) ? (format as ExportFormat) : null;
}

/** Sends exactly the rows a list page shows as a CSV or XLSX download. */
export async function sendTable<T>(
  reply: FastifyReply,
  format: ExportFormat,
  name: string,
  columns: Column<T>[],
  rows: T[],
): Promise<FastifyReply> {
  const file = `${name}.${format}`;
  reply.header('content-disposition', `attachment; filename="${file}"`);
  if (format === 'csv') {
    const body = csvOf(
      columns.map((c) => c.header),
      rows.map((row) => columns.map((c) => c.value(row))),
    );
    return reply.type('text/csv; charset=utf-8').send(body);
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Oversight';
  const sheet = workbook.addWorksheet(name.slice(0, 31));
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.min(60, Math.max(12, c.header.length + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => safeCell(c.value(row))));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(Buffer.from(buffer));
}
