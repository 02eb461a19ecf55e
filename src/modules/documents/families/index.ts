import {
  ExtractionError,
  type Classification,
  type DocumentKind,
  type Extracted,
  type KnownForce,
} from '../extraction.types.js';
import { parseEngageCurrent, parseEngagePrevious } from '../parsers/engage.parser.js';
import { classifyDocument } from './classify.js';
import { readContext, type ReadContext } from './context.js';
import { extractNews } from './news.js';
import { extractPeel } from './peel.js';
import { extractResponses } from './responses.js';

export { readContext, type ReadContext } from './context.js';

const EXTRACTORS: Record<Exclude<DocumentKind, 'unknown'>, (ctx: ReadContext) => Extracted> = {
  'engage-current': (ctx) => parseEngageCurrent(ctx.text, { forces: ctx.forces }),
  'engage-previous': (ctx) => parseEngagePrevious(ctx.text, { forces: ctx.forces }),
  news: extractNews,
  'pcc-response': extractResponses,
  'peel-report': extractPeel,
};

/** What was read: the kind, and either what was extracted or why nothing could be (`error`). */
export type Reading = { classification: Classification; extracted: Extracted | null; error: string | null };

/**
 * Reads a document's normalised text: builds its model, classifies it by family and extracts what
 * its family says. Pure (no database, no clock), so it can run off the event loop. A document of a
 * known kind that holds nothing that can be read gives the extractor's reason as `error`.
 */
export function readText(text: string, forces: KnownForce[], title: string | null = null): Reading {
  const ctx = readContext(text, forces, title);
  const classification = classifyDocument(ctx);
  if (classification.kind === 'unknown') {
    return {
      classification,
      extracted: null,
      error: `Not a document Oversight can import: ${classification.reasons.join('; ')}.`,
    };
  }
  try {
    return { classification, extracted: EXTRACTORS[classification.kind](ctx), error: null };
  } catch (error) {
    if (error instanceof ExtractionError) return { classification, extracted: null, error: error.message };
    throw error;
  }
}
