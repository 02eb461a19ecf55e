import type { Extracted } from '../extraction.types.js';
import { parsePccResponse } from '../parsers/pcc-response.parser.js';
import type { ReadContext } from './context.js';

/** Commissioners' section 55 responses: forms, letters, web pages, statements, combined pages. */
export function extractResponses(ctx: ReadContext): Extracted {
  return parsePccResponse(ctx.text, { forces: ctx.forces });
}
