import type { DocumentKind, Parser } from '../extraction.types.js';
import { parseEngageCurrent, parseEngagePrevious } from './engage.parser.js';
import { parseNews } from './news.parser.js';
import { parsePccResponse } from './pcc-response.parser.js';
import { parsePeelReport } from './peel-report.parser.js';

/** The parser for each kind of document the import understands. */
export const PARSERS: Record<Exclude<DocumentKind, 'unknown'>, Parser> = {
  'engage-current': parseEngageCurrent,
  'engage-previous': parseEngagePrevious,
  'peel-report': parsePeelReport,
  'pcc-response': parsePccResponse,
  news: parseNews,
};
