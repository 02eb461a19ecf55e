/**
 * What the import extracts from a document, before anything is written. This is the `extracted`
 * part of `oversight import --json` (a stable contract, documented in the README). Every item
 * carries `source`: the character range [start, end) in the document's normalised text.
 * Dates are partial-date ISO prefixes ("2019", "2023-09", "2024-07-23").
 */
export type SourceRange = { start: number; end: number };

export const DOCUMENT_KINDS = [
  'engage-current',
  'engage-previous',
  'peel-report',
  'pcc-response',
  'news',
  'unknown',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type Classification = { kind: DocumentKind; confidence: number; reasons: string[] };

/** The forces a parser may recognise: slug and every name it appears under (official name first). */
export type KnownForce = { slug: string; names: string[] };
export type ParseContext = { forces: KnownForce[] };

/** A force as the document names it, and the force it was recognised as (null: not recognised). */
export type ForceRef = { force: string | null; forceName: string };

export type ExtractedReason = {
  text: string;
  items: ExtractedReason[];
  source: SourceRange;
  /** The source numbered this item ("1.", "(a)") rather than bulleting it. */
  numbered?: true;
  /**
   * A line of the list that is not a reason but says what became of the ones above it ("These
   * causes of concern were closed during 2024."): kept in place, never themed or matched.
   */
  note?: true;
};

/** A paragraph of the source around a list (an introduction, a closing note). */
export type ExtractedParagraph = { text: string; source: SourceRange };

export type ExtractedCauseOfConcern = {
  text: string;
  status: 'open' | 'closed' | 'unknown';
  /** Partial date ("2024-07-23", "2025-01", "2024") or null. */
  closedOn: string | null;
  recommendations: { total: number | null; closed: number | null } | null;
  items: Array<{
    text: string;
    status: 'open' | 'closed' | 'unknown';
    closedOn: string | null;
    source: SourceRange;
  }>;
  source: SourceRange;
};

export type ExtractedEngagePeriod = ForceRef & {
  entered: string | null;
  exited: string | null;
  entryReasons: ExtractedReason[];
  exitReasons: ExtractedReason[];
  /** The line introducing the exit reasons, and a closing paragraph after them, if any. */
  exitIntro?: ExtractedParagraph | null;
  exitNote?: ExtractedParagraph | null;
  causesOfConcern: ExtractedCauseOfConcern[];
  relatedReports: string[];
  source: SourceRange;
};

export type Grade = 'outstanding' | 'good' | 'adequate' | 'requires-improvement' | 'inadequate';

export type ExtractedJudgement = { area: string; grade: Grade | null; source: SourceRange };

export type FindingKind =
  'cause-of-concern' | 'recommendation' | 'area-for-improvement' | 'innovative-practice';

export type ExtractedFinding = {
  kind: FindingKind;
  /** The graded area or question it sits under, as written. */
  area: string | null;
  number: string | null;
  text: string;
  /** Number of the parent finding (e.g. the cause of concern "1" for its recommendations), if any. */
  parent: string | null;
  /** The earliest dated ask in the text ("by 1 May 2017"), if any. */
  dueOn: string | null;
  asks: Array<{ dueOn: string; text: string; source: SourceRange }>;
  children: ExtractedFinding[];
  source: SourceRange;
};

export type InspectionType = 'peel' | 'thematic' | 'force-specific' | 'revisit' | 'joint' | 'commissioned';

export type ExtractedInspection = ForceRef & {
  /** Programme slug when recognised: "peel-2016", "peel-2021-22", "peel-2023-25"… */
  programme: string | null;
  title: string;
  published: string | null;
  type: InspectionType | null;
  judgements: ExtractedJudgement[];
  findings: ExtractedFinding[];
  source: SourceRange;
};

/** A tick box of a form: true/false when it can be read, "unknown" when it cannot. Never a guess. */
export type Tick = boolean | 'unknown';

export type ExtractedResponse = ForceRef & {
  /** Title of the inspection it responds to. */
  inspection: string;
  published: string | null;
  /** Last day to publish the response (publication + 55 days), when the publication day is known. */
  deadline: string | null;
  inspectionType: { options: Array<{ label: string; ticked: Tick }> };
  forceQuoted: Tick;
  summary: Array<{ text: string; source: SourceRange }>;
  forceResponse: { text: string; source: SourceRange } | null;
  recommendations: Array<{ number: string | null; text: string; parent: string | null; source: SourceRange }>;
  lpbComment: { text: string; source: SourceRange } | null;
  scrutiny: Array<{
    date: string | null;
    focus: string | null;
    questions: Array<{ number: string | null; text: string; source: SourceRange }>;
    source: SourceRange;
  }>;
  source: SourceRange;
};

export type NewsEvent = 'entered-engage' | 'left-engage' | 'report-published' | 'remains-in-engage';

export type ExtractedMention = ForceRef & {
  event: NewsEvent;
  date: string | null;
  gradeCounts: Partial<Record<Grade, number>> | null;
  areasAssessed: number | null;
  quotedRecommendations: Array<{ text: string; source: SourceRange }>;
  /** Filled by the import service when the mention disagrees with recorded facts. */
  conflicts: string[];
  source: SourceRange;
};

export type Extracted = {
  engagePeriods: ExtractedEngagePeriod[];
  inspections: ExtractedInspection[];
  responses: ExtractedResponse[];
  mentions: ExtractedMention[];
  /**
   * What the reader saw but would not write because it was unsure ("two dates for the
   * publication: 3 May 2023 and 4 May 2023; neither written"): reported on the document, never guessed.
   */
  problems?: string[];
};

export const emptyExtracted = (): Extracted => ({
  engagePeriods: [],
  inspections: [],
  responses: [],
  mentions: [],
});

/** A parser: pure, from normalised text to extracted items. Throws ExtractionError when the text is not what it expects. */
export type Parser = (text: string, context: ParseContext) => Extracted;

export class ExtractionError extends Error {}
