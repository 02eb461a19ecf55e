import type { Extracted } from '../extraction.types.js';
import { parsePeelReport } from '../parsers/peel-report.parser.js';
import type { ReadContext } from './context.js';

/** PEEL pages and reports of every cycle, and other graded force inspections. */
export function extractPeel(ctx: ReadContext): Extracted {
  return parsePeelReport(ctx.text, { forces: ctx.forces });
}
