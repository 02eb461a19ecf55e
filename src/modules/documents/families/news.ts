import type { Extracted } from '../extraction.types.js';
import { parseNews } from '../parsers/news.parser.js';
import type { ReadContext } from './context.js';

/** Press releases, news articles, inspectorate letters and statements on Engage moves and PEEL grades. */
export function extractNews(ctx: ReadContext): Extracted {
  return parseNews(ctx.text, { forces: ctx.forces });
}
