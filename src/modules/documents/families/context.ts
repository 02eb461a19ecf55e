import type { Classification, KnownForce } from '../extraction.types.js';
import {
  buildModel,
  documentDate,
  forceFinder,
  type DocModel,
  type ForceFinder,
  type FoundDate,
  type SubjectForce,
} from '../reading/index.js';

/**
 * Everything a family's classifier and extractor read a document with: its model (blocks with
 * ranges), the gazetteer and its one force finder, the document's own date, and the forces it
 * names ranked by how much it is about each. Built once per document; pure.
 */
export type ReadContext = {
  model: DocModel;
  text: string;
  /** The title the reader found (HTML <title>, DOCX core title, PDF title), if any. */
  title: string | null;
  forces: KnownForce[];
  finder: ForceFinder;
  /** The document's own date (dateline, "Published", "Sent on", a letter's date), or null. */
  date: FoundDate | null;
  /** The force the document is about, when one clearly leads; null for several or none. */
  subject: string | null;
  ranked: SubjectForce[];
};

export function readContext(text: string, forces: KnownForce[], title: string | null = null): ReadContext {
  const model = buildModel(text);
  const finder = forceFinder(forces);
  const { subject, ranked } = finder.subject(model);
  return { model, text, title, forces, finder, date: documentDate(model), subject, ranked };
}

export type FamilyClassifier = (ctx: ReadContext) => Classification;
