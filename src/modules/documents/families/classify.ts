import { classify as legacyClassify } from '../classify.js';
import type { Classification } from '../extraction.types.js';
import type { ReadContext } from './context.js';

/** The kind of a document, by family, from its structure and vocabulary, with a confidence and reasons. */
export function classifyDocument(ctx: ReadContext): Classification {
  return legacyClassify(ctx.text);
}
