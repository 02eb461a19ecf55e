import {
  ExtractionError,
  emptyExtracted,
  type Extracted,
  type ExtractedInspection,
  type ExtractedResponse,
  type ForceRef,
  type InspectionType,
  type SourceRange,
} from '../extraction.types.js';
import { parsePccResponse, responseDeadline } from '../parsers/pcc-response.parser.js';
import { programmeOf } from '../parsers/peel-report.parser.js';
import { findDates, relativeDates, type Block, type FoundDate, type ForceMention } from '../reading/index.js';
import type { ReadContext } from './context.js';

/**
 * Commissioners' section 55 responses (Police Act 1996 s55) to HMICFRS reports, however they are
 * published:
 *
 * - the Word form some commissioners fill in ("Title of Inspection", "Date Inspection Published",
 *   tick boxes): read by the legacy form parser, whose result is kept as it is;
 * - letters to the Home Secretary (addressee, date, the report's title as a subject line, "I am
 *   writing in response to the above report published on…");
 * - web pages and press statements ("Commissioner's response – <report>", "PCC welcomes <report>",
 *   "has today published his statutory response to <report> that was published…");
 * - combined pages listing several responses, one a report ("<name>'s response to the <report>").
 *
 * For each response: the commissioner's force (named with the commissioner, else the force the
 * document is about), the title of the report responded to, the response's own date when stated,
 * and the report: its title, its publication date at the precision written, whether it is a PEEL,
 * force, revisit, joint or national thematic report, and its force (only for a force's report).
 * The deadline is the report's publication day + 55 days, none for reports before s55(5A) came into
 * force. What is unsure is not written; it may be said in `problems`.
 */
export function extractResponses(ctx: ReadContext): Extracted {
  if (hasForm(ctx)) {
    try {
      return parsePccResponse(ctx.text, { forces: ctx.forces });
    } catch (error) {
      if (!(error instanceof ExtractionError)) throw error;
    }
  }
  const reader = new ResponseReader(ctx);
  return reader.read();
}

// ---- Limits ---------------------------------------------------------------------------------------

/** A single response says what it responds to near its top: only its first blocks are read for it. */
const HEAD_BLOCKS = 400;
/** Regular expressions run on sentences and short blocks only (linear time on any document). */
const MAX_SENTENCE = 3000;
const MAX_LINE = 400;
/** Section 55(5A) (the 56 days) applies to reports published from this day. */
const S55_FROM = '2017-05-02';

// ---- Vocabulary -----------------------------------------------------------------------------------

const FORM_FIELD =
  /^(?:title\s+of\s+(?:the\s+)?(?:inspection|report)|date\s+(?:of\s+)?(?:the\s+)?(?:inspection\s+|report\s+)?(?:published|publication))\b/i;

const INSPECTORATE =
  "(?:(?:His|Her)\\s+Majesty['’]?s\\s+Inspector(?:ate)?\\s+of\\s+Constabulary(?:\\s+and\\s+Fire\\s+(?:and|&)\\s+Rescue\\s+Services)?(?:\\s*\\((?:HMICFRS|HMIC)\\))?|HMICFRS|HIMCFRS|HMIC|HMI|(?:the\\s+)?inspectorate)";
const INSPECTORATE_RE = new RegExp(INSPECTORATE, 'i');
/** The inspectorate's name, a possessive and a "report:" before a title. */
const LEADING_INSPECTORATE = new RegExp(
  `^(?:the\\s+)?${INSPECTORATE}(?:['’]s|['’])?(?:\\s*[:–—-])?\\s*(?:(?:national|thematic|final|latest|new|published)\\s+){0,2}(?:(?:report|inspection|publication|letter)\\s*[:–—-]\\s*)?`,
  'i',
);
const LEADING_NOISE =
  /^(?:the\s+)?(?:(?:published\s+)?(?:findings|publication|conclusions|outcome)\s+of\s+(?:the\s+)?|(?:recent|latest|new|published)\s+)/i;
/** A title ends before a trailing date ("– Oct 2014"), a page's site name, or punctuation. */
const TRAILING_DATE = /\s*[–—-]\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d\d\.?$/;
const TRAILING_SITE =
  /\s+[-–|]\s+(?:HMICFRS|HMIC|GOV\.UK|justiceinspectorates)\b.*$|\s+\|\s+[^|]*\b(?:Commissioner|OPCC|PCC|PFCC|Mayor)\b.*$|\s+[-–]\s+(?:the\s+)?Office\s+of\s+the\b.*$/i;

/** Words that make a phrase a report's name. */
const REPORT_WORD =
  /\b(?:reports?|inspections?|re-?inspections?|inspected|reviews?|revisit|PEEL|thematic|assessment|State\s+of\s+Policing|letter|findings)\b/i;
const COMMISSIONER_WORD = /\b(?:Commissioner|PCC|PFCC|OPCC|Mayor|MOPAC)\b/;

/** "Commissioner's response – X", "PCC response to X", "Response from A to X", "A's response to X". */
const RESPONSE_TO =
  /\b(?:response|reply)\s+(?:from\s+[^.:]{1,100}?\s+)?(?:to|on)\s+|\b(?:response|reply)\s*[:–—-]\s*|\b(?:responds?|responded|reacts?|replies)\s+to\s+|\bwelcomes?\s+|\bcomments?\s+on\s+|\bstatement\s+(?:on|following|after)\s+/i;
/** "the report entitled X", "titled X", "called X". */
const ENTITLED =
  /\b(?:entitled|titled)\s+(.{4,300}?)(?=\s*(?:[.;]\s|[.;]?$|,\s|\s+\(|\s+published\b|\s+which\b|\s+that\b))/i;
/** "in response to the above report", "Re: X", "Subject: X". */
const ABOVE = /\bthe\s+above\b(?:\s+\w+){0,3}?\s+(?:report|letter|inspection|publication|review)\b/i;
const SUBJECT_LINE = /^(?:re|subject|ref)\s*:\s*(.{4,300})$/i;
/** A page title "X - HMICFRS (…)" as pages copied from the inspectorate's site begin. */
const PAGE_TITLE = /^(.{8,250}?)\s+[-–|]\s+(?:HMICFRS|HMIC|GOV\.UK|justiceinspectorates)\b/i;
/** Body phrases naming the report: "response to X that was published", "I refer to X published". */
const BODY_TITLES: RegExp[] = [
  /\b(?:(?:response|reply|respond(?:s|ed|ing)?)\s+to|welcom(?:es|ed|ing)|back(?:s|ed|ing)|comment(?:s|ed|ing)?\s+on)\s+(?:the\s+)?(?!above\b)(.{4,250}?)(?:,?\s+(?:that|which)\s+(?:was|were|has\s+been|had\s+been)\s+published\b|,\s+published\b|\s+published\s+(?:on|in|by|earlier|last|this|yesterday|today)\b)/i,
  /\brefer\s+to\s+(?:the\s+)?(.{4,250}?)\s+published\b/i,
  new RegExp(
    `\\bthe\\s+((?:[\\p{Lu}][\\p{L}’'-]*\\s+){1,8}(?:report|inspection|review))\\s+(?:from|by|of)\\s+(?:the\\s+)?${INSPECTORATE}`,
    'u',
  ),
  // "HMIC published its report on <subject>", "the HMIC report on <subject>": the report by its subject.
  new RegExp(
    `${INSPECTORATE}\\s+(?:has\\s+|have\\s+)?(?:today\\s+|recently\\s+|now\\s+)?(?:published|publishes|released|releases|issued)\\s+(?:its|their|a|the)\\s+((?:[\\p{L}-]+\\s+){0,3}?(?:report|findings|review|inspection)\\s+(?:on|about|into)\\s+[^.;:!?()]{4,200}?)(?=\\s*(?:[.;:!?(]|,|$|\\s+(?:on|in)\\s+\\d))`,
    'iu',
  ),
  new RegExp(
    `\\bthe\\s+${INSPECTORATE}['’]?s?\\s+((?:[\\p{L}-]+\\s+){0,2}?(?:report|review)\\s+(?:on|into)\\s+[^.;:!?()]{4,200}?)(?=\\s*(?:[.;:!?(]|,|$|\\s+(?:published|which|that)\\b))`,
    'iu',
  ),
];
/** A dated line "Stephen Smith's response to the report on X – May 2016" on a page of several. */
const RESPONSE_LINE =
  /(?:['’]s|\b(?:Commissioner|PCC|PFCC|OPCC|Mayor)(?:['’]s)?)\s+(?:formal\s+|statutory\s+|official\s+)?(?:response|reply)\s+to\s+(.{4,300})$|^(?:response|reply)\s+(?:from\s+[^.:]{1,100}?\s+)?to\s+(.{4,300})$/i;
/** Words that name no report on their own (a title made only of these and force names is generic). */
const GENERIC_WORDS = new Set(
  (
    'a an the of on in into for about to and by from at its their our this that his her s ' +
    'report reports inspection inspections review reviews response responses reply replies information ' +
    'hmic hmicfrs hmi inspectorate inspectorates inspector inspectors majesty majesty’s constabulary police ' +
    'force forces service services recent latest new published findings full final pcc pfcc opcc ' +
    'commissioner commissioners statement news document documents page here link read download copy ' +
    'details more see update performance office area local county my statutory formal official section ' +
    'comments comment letter'
  ).split(' '),
);
/** A commissioner's office and the inspectorate, spelt out: no report's name. */
const OFFICE_NAME =
  /\b(?:(?:police|fire|crime|victims['’]?|and|&|,|\s)+)?(?:commissioner|mayor|deputy\s+mayor)(?:['’]s)?\b/gi;
const INSPECTORATE_NAME =
  /\b(?:his|her)\s+majesty['’]?s\s+inspectorate\s+of\s+constabulary(?:\s+and\s+fire\s+(?:and|&)\s+rescue\s+services)?/gi;
const GENERIC_HEADING =
  /^(?:contents|key\s+information|summary|background|overview|related(?:\s+\w+)?|documents?|downloads?|share|menu|news|introduction|further\s+information|more\s+information|links?)\b/i;

/** "published his statutory response", "sent the following letter": the response's own act. */
const RESPONSE_ACT =
  /\b(?:sent|wrote|submitted|published|issued|made)\s+(?:(?:his|her|my|our|their|the|this|a|the\s+following|the\s+\w+['’]s)\s+)?(?:\w+\s+){0,2}?(?:letter|response|reply|comments)\b/i;
const PUBLISHED = /\b(?:published|publishes|released|releases)\b/gi;
const PUBLISHED_RESPONSE =
  /^\s+(?:(?:his|her|my|our|their|the\s+(?:\w+\s+)?(?:commissioner|pcc|pfcc|mayor)['’]s)\s+)(?:\w+\s+){0,2}?(?:response|reply|comments|letter|statement)\b/i;

/** A year or a span of years as written: "2016", "2021/22", "2023–25", "2023–2025". */
const YEARS = '(?:19|20)\\d\\d(?:\\s*[/–—-]\\s*(?:(?:19|20)\\d\\d|\\d\\d)\\b)?';
/** PEEL named with its pillar and year as written: "PEEL: police effectiveness 2016". */
const PEEL_PILLAR = new RegExp(
  `\\bPEEL\\s*[:–—-]?\\s*(?:police\\s+)?(?:effectiveness|efficiency|legitimacy|leadership)(?:\\s+(?:inspection|assessment|report))?\\s*[:–—-]?\\s+${YEARS}`,
  'i',
);
/** PEEL followed by its years as written: "PEEL 2021/22", "PEEL 2023–25". */
const PEEL_YEARS = new RegExp(
  `\\bPEEL\\s*[:–—-]?\\s*(?:(?:inspection|assessment|report|programme)\\s+)?(${YEARS})`,
);
/** Years before PEEL or its long name: "the 2015 PEEL report", "2021-22 Police Effectiveness… (PEEL) report". */
const YEARS_PEEL = new RegExp(
  `\\b(${YEARS})\\s+(?:(?:police\\s+)?effectiveness,?\\s+efficiency,?\\s+(?:and\\s+)?legitimacy\\s*\\(PEEL\\)|PEEL(?:\\s*[:–—-]?\\s*(?:police\\s+)?(effectiveness|efficiency|legitimacy|leadership)\\b)?)`,
  'i',
);
/** After a year, the programme it names ("2016 PEEL…", "2021/22 police effectiveness…"). */
const PROGRAMME_AFTER =
  /^\s*(?:[/–—-]\s*\d{2,4}\s+)?(?:PEEL|police\s+effectiveness|(?:crime\s+)?inspection\s+programme)\b/i;
const PEEL =
  /\bPEEL\b|\befficiency,?\s+effectiveness,?\s+(?:and\s+)?legitimacy\b|\beffectiveness,?\s+efficiency,?\s+(?:and\s+)?legitimacy\b/i;
const REVISIT =
  /\b(?:revisit(?:ed)?|re-?inspection|post-inspection\s+review|follow[- ]up\s+(?:inspection|review|report)|(?:a\s+)?review\s+of\s+['‘"“])/i;
const JOINT =
  /\bjoint\s+(?:\w+\s+){0,2}?(?:inspection|thematic|review|report)\b|\bCriminal\s+Justice\s+Joint\b|\bInspectorate\s+of\s+(?:Prisons|Probation)\b|\bHMIP\b|\bOfsted\b|\bCare\s+Quality\s+Commission\b|\bCQC\b/i;
/** Signs that the report covers forces nationally, not one force. */
const NATIONAL =
  /\bnational\s+(?:report|thematic|inspection|review|study)\b|\bthematic\b|\bState\s+of\s+Policing\b|\bannual\s+assessment\b|\b(?:in|across|throughout)\s+England\s+and\s+Wales\b|\b(?:in|of|across)\s+the\s+police\s+service\b|\ball\s+(?:\d{1,2}\s+)?(?:police\s+)?forces\b|\b(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:police\s+)?(?:forces|services)\b|\bnot\s+(?:been\s+)?(?:inspected|included|covered|one\s+of)\b|\bnot\s+including\b|\bwas\s+not\s+part\s+of\b/i;
/** Programmes the inspectorate reports force by force. */
const FORCE_PROGRAMME =
  /\b(?:PEEL|crime\s+data\s+integrity|child\s+protection|custody|crime\s+inspection|efficiency|effectiveness|legitimacy|victim\s+service\s+assessment|valuing\s+the\s+police|value\s+for\s+money|(?:policing\s+in|responding\s+to)\s+austerity)\b/i;
/** The words before a force that make it the one inspected: "inspection of", "revisit to", "the work of". */
const INSPECTED_BEFORE =
  /\b(?:inspect\w*|re-?inspect\w*|revisit\w*|assess\w*|the\s+work\s+of)\b[^.;:!?]{0,50}\b(?:of|into|in|to|on)\s+(?:how\s+|the\s+)?(?:[^.;:!?\s]+\s+){0,4}$/i;
/** "the report found that <force>…", "the report for <force>", "report into the performance of <force>". */
const REPORTED_BEFORE =
  /\b(?:report|review|inspection|inspectors|inspectorate)\s+(?:(?:has|had)\s+)?(?:found|finds|concluded|concludes|states|stated|noted|notes|says|said)\s+(?:that\s+)?["“‘']?$|\b(?:report|review|assessment)\s+(?:for|into\s+the\s+(?:performance|work)\s+of)\s+$/i;
const INSPECTED_HINT =
  /inspect|revisit|assess|\bthe\s+work\s+of\b|\b(?:found|finds|concluded|concludes|states|stated|noted|notes|says|said|for|into)\b/i;
/** "the inspection of the force", "the inspectorate's report into the force's…": the commissioner's force. */
const INSPECTION_OF_THE_FORCE =
  /\b(?:inspection|inspected|revisit|assessment|assessed|report|review)\s+(?:of|into|on)\s+the\s+force\b/i;
const THE_FORCE = /\b(?:of|into|on)\s+the\s+force\b|\bthe\s+force['’]s\b/i;
const NEGATION = /\bnot\b|n['’]t\b|\bneither\b|\bnor\b|\bexcluding\b|\bother\s+than\b/i;

/** Commissioner phrases next to a force: "Commissioner for X", "X's PCC", "Office of the PCC, X". */
const COMMISSIONER_BEFORE =
  /\b(?:Commissioner|PCC|PFCC|OPCC|Mayor)(?:\s*\([A-Z]{2,6}\))?\s*(?:for|of|,)\s+(?:the\s+)?$/;
/** The place in an office's name: "Mayor of <Place>", "Commissioner for <Place, Place and the Place>". */
const OFFICE =
  /\b(?:Mayor|Commissioner|PCC|PFCC)\s+(?:for|of)\s+((?:the\s+)?\p{Lu}[\p{L}'’-]*(?:(?:\s*,\s*|\s+)(?:(?:and|&|of|the)\s+){0,2}\p{Lu}[\p{L}'’-]*){0,7})/gu;
const COMMISSIONER_AFTER =
  /^(?:['’]s)?\s*(?:Police)?[,\s]*(?:Fire\s*(?:and|&)\s*Rescue\s*)?(?:(?:and|&)\s+)?(?:Crime\s+)?(?:(?:and|&)\s+Victims['’]?\s+)?(?:Commissioner|PCC|PFCC|OPCC)\b/;

// ---- Reading --------------------------------------------------------------------------------------

function hasForm(ctx: ReadContext): boolean {
  return ctx.model.blocks.slice(0, 80).some((b) => b.text.length <= 200 && FORM_FIELD.test(b.text));
}

type Span = { text: string; start: number; end: number };
type Sentence = Span & { block: number };
type Title = Span & { /** the sentence or line the title was read from */ context: SourceRange };
type Unit = { blocks: Block[]; title: Title; responseLine: Block | null };

class ResponseReader {
  private readonly text: string;
  private readonly blocks: Block[];
  private readonly problems: string[] = [];
  private readonly head: Block[];
  private sentenceCache: Sentence[] | null = null;

  constructor(private readonly ctx: ReadContext) {
    this.text = ctx.text;
    this.blocks = ctx.model.blocks;
    this.head = this.blocks.slice(0, HEAD_BLOCKS);
    this.window = { start: 0, end: this.head.at(-1)?.end ?? 0 };
  }

  read(): Extracted {
    const commissioner = this.commissionerForce();
    const units = this.combinedUnits() ?? this.singleUnit();
    if (units.length === 0) {
      throw new ExtractionError(
        'The text names no HMICFRS report that a commissioner responds to (no title, "response to" or "the above report").',
      );
    }
    const combined = units.some((u) => u.responseLine !== null);
    const out = emptyExtracted();
    for (const unit of units) {
      const { inspection, response } = this.readUnit(unit, commissioner, combined);
      out.inspections.push(inspection);
      out.responses.push(response);
    }
    if (this.problems.length > 0) out.problems = [...new Set(this.problems)];
    return out;
  }

  // ---- Units ------------------------------------------------------------------------------------

  /** A page of several responses: one unit per "X's response to <report>" line naming another report. */
  private combinedUnits(): Unit[] | null {
    const lines: Array<{ block: Block; title: Title; generic: boolean }> = [];
    for (const b of this.blocks) {
      if (b.index === 0 || b.text.length > MAX_LINE) continue;
      const m = RESPONSE_LINE.exec(b.text);
      if (!m) continue;
      const raw = m[1] ?? m[2]!;
      const title = this.cleanTitle(b.start + b.text.length - raw.length, b.end, b, true);
      if (title) lines.push({ block: b, title, generic: this.isGeneric(title.text) });
    }
    if (lines.length < 2) return null;
    // Lines that all name the same report are one response (a page repeating its title).
    if (!lines.some((l) => l.generic) && new Set(lines.map((l) => norm(l.title.text))).size < 2) return null;
    const units: Unit[] = [];
    let from = 0;
    for (const line of lines) {
      const blocks = this.blocks.slice(from, line.block.index + 1);
      from = line.block.index + 1;
      const heading = this.sectionHeading(blocks);
      // "The Commissioner's response to this report – May 2024": the section's heading names the report.
      if (line.generic && !(heading && (REPORT_WORD.test(heading.text) || PEEL.test(heading.text)))) continue;
      units.push({ blocks, title: heading ?? line.title, responseLine: line.block });
    }
    const distinct = new Set(units.map((u) => norm(u.title.text)));
    if (units.length < 2 || distinct.size < 2) return null;
    return units;
  }

  /** The heading a unit of a combined page opens with (its report's name), if any. */
  private sectionHeading(blocks: Block[]): Title | null {
    for (let i = 0; i < blocks.length - 1; i++) {
      const b = blocks[i]!;
      const next = blocks[i + 1]!;
      if (b.index === 0 || b.type !== 'heading' || next.type === 'heading' || GENERIC_HEADING.test(b.text))
        continue;
      if (COMMISSIONER_WORD.test(b.text) || this.onlyDate(b)) continue;
      return this.cleanTitle(b.start, b.end, b);
    }
    return null;
  }

  private singleUnit(): Unit[] {
    const title = this.singleTitle();
    return title ? [{ blocks: this.blocks, title, responseLine: null }] : [];
  }

  /** The report a single response is about, from the most explicit wording to the least. */
  private singleTitle(): Title | null {
    const sentences = this.sentences();
    // 1. "the report entitled X"
    for (const s of sentences) {
      if (!REPORT_WORD.test(s.text)) continue;
      const m = ENTITLED.exec(s.text);
      if (m) {
        const at = s.start + m.index + m[0].length - m[1]!.length;
        const t = this.cleanTitle(at, at + m[1]!.length, s);
        if (t) return t;
      }
    }
    // 2. A letter's subject line: "Re: X", or the line above "in response to the above report".
    for (const b of this.head.slice(0, 40)) {
      if (b.text.length > MAX_LINE) continue;
      const m = SUBJECT_LINE.exec(b.text);
      if (m) {
        const t = this.cleanTitle(b.end - m[1]!.length, b.end, b);
        if (t) return t;
      }
    }
    for (const s of sentences) {
      if (!ABOVE.test(s.text)) continue;
      const line = this.subjectLineBefore(s.block);
      if (line) return line;
      break;
    }
    // 3. The page's title: "X - HMICFRS", "HMICFRS report: X", "Commissioner's response to X".
    for (const b of this.head.slice(0, 4)) {
      if (this.onlyDate(b)) continue;
      const t = this.titleFromTitleBlock(b);
      if (t) return t;
    }
    // 4. The body: "response to X, published on…", "I refer to X published…", "the X report from HMIC".
    for (const s of sentences) {
      for (const re of BODY_TITLES) {
        const m = re.exec(s.text);
        if (!m) continue;
        const at = s.start + m.index + m[0].indexOf(m[1]!);
        const t = this.cleanTitle(at, at + m[1]!.length, s);
        if (t && REPORT_WORD.test(this.text.slice(s.start, s.end))) return t;
      }
    }
    // 5. A heading near the top that names a report.
    for (const b of this.head.slice(0, 8)) {
      if (b.type !== 'heading' || COMMISSIONER_WORD.test(b.text) || this.onlyDate(b)) continue;
      if (!REPORT_WORD.test(b.text) || b.text.split(/\s+/).length < 3) continue;
      const t = this.cleanTitle(b.start, b.end, b);
      if (t) return t;
    }
    // 6. PEEL with its years or pillar ("PEEL 2021/22", "the 2015 PEEL report").
    return this.peelName(sentences);
  }

  /** PEEL named with its years (and pillar) in a sentence, as a title: as written, else "PEEL <years>". */
  private peelName(sentences: Sentence[]): Title | null {
    for (const s of sentences) {
      if (!PEEL.test(s.text) || !/\d/.test(s.text)) continue;
      const pillar = PEEL_PILLAR.exec(s.text);
      if (pillar) {
        const at = s.start + pillar.index;
        return this.cleanTitle(at, at + pillar[0].length, s);
      }
      const after = PEEL_YEARS.exec(s.text);
      if (after) {
        const at = s.start + after.index;
        return this.cleanTitle(at, at + after[0].length, s);
      }
      const before = YEARS_PEEL.exec(s.text);
      if (before) {
        const at = s.start + before.index;
        const text = before[2]
          ? `PEEL: police ${before[2].toLowerCase()} ${before[1]!}`
          : `PEEL ${before[1]!}`;
        return { text, start: at, end: at + before[0].length, context: s };
      }
    }
    return null;
  }

  private titleFromTitleBlock(b: Block): Title | null {
    if (b.text.length > MAX_LINE && b.index !== 0) return null;
    const line = b.text.slice(0, MAX_LINE);
    const page = PAGE_TITLE.exec(line);
    if (page && REPORT_WORD.test(page[1]!)) return this.cleanTitle(b.start, b.start + page[1]!.length, b);
    if (b.text.length > MAX_LINE) return null;
    const prefixed = LEADING_INSPECTORATE.exec(line);
    if (prefixed && prefixed[0].length > 0 && /^(?:the\s+)?(?:HMI|His|Her)/i.test(line)) {
      const stripped = line.slice(prefixed[0].length);
      if (/[:–—-]\s*$|^\S/.test(prefixed[0]) && stripped.length >= 4 && !RESPONSE_TO.test(line.slice(0, 12)))
        if (
          /[:–—-]/.test(prefixed[0]) ||
          /report|inspection/i.test(prefixed[0]) ||
          REPORT_WORD.test(stripped)
        )
          return this.cleanTitle(b.start, b.end, b);
    }
    // A response named in a title line, not a sentence of the body ("has today published his response to…").
    const m = b.type !== 'heading' && /[.!]['’"”]?$/.test(line) ? null : RESPONSE_TO.exec(line);
    if (m) {
      const before = line.slice(0, m.index);
      const responder = before.trim() === '' || /['’]s\s*$/.test(before) || COMMISSIONER_WORD.test(before);
      const verb = m[0].toLowerCase();
      const object = line.slice(m.index + m[0].length);
      const needsReportWord = /welcome|comment|statement/.test(verb);
      if (responder && object.length >= 4 && (!needsReportWord || REPORT_WORD.test(object)))
        return this.cleanTitle(b.start + m.index + m[0].length, b.end, b);
    }
    return null;
  }

  /** The letter's subject line: the block before the "above" sentence, past a salutation. */
  private subjectLineBefore(index: number): Title | null {
    for (let i = index - 1; i >= Math.max(0, index - 3); i--) {
      const b = this.blocks[i]!;
      if (/^dear\b/i.test(b.text) || b.text.length <= 2) continue;
      if (b.text.length > MAX_LINE || /[.!?]$/.test(b.text) || this.onlyDate(b)) return null;
      if (/\b(?:Home\s+Secretary|Home\s+Office|Street|MP)\b/.test(b.text) && !REPORT_WORD.test(b.text))
        return null;
      return this.cleanTitle(b.start, b.end, b);
    }
    return null;
  }

  /** A title read from [start, end): without the inspectorate's name, a trailing date or site, quotes. */
  private cleanTitle(start: number, end: number, context: SourceRange, allowGeneric = false): Title | null {
    let s = start;
    let e = end;
    const raw = () => this.text.slice(s, e);
    const trim = () => {
      while (s < e && /[\s"“”'‘’:–—-]/.test(this.text[s]!) && !/['‘’]/.test(this.text[s]!)) s++;
      while (e > s && /[\s.,;:"“”–—-]/.test(this.text[e - 1]!)) e--;
    };
    trim();
    for (let k = 0; k < 3; k++) {
      const lead = LEADING_INSPECTORATE.exec(raw()) ?? LEADING_NOISE.exec(raw());
      if (!lead || lead[0].length === 0) break;
      s += lead[0].length;
      trim();
    }
    // "report Core Business: …": the word before a capitalised title goes, "report on …" stays.
    const word = /^(?:report|inspection)\s+/i.exec(raw());
    if (word && /[\p{Lu}‘'"“]/u.test(raw().charAt(word[0].length))) s += word[0].length;
    const site = TRAILING_SITE.exec(raw());
    if (site) e = s + site.index;
    trim();
    const date = TRAILING_DATE.exec(raw());
    // "– 2025" after a year is the end of a span of years ("2023–2025"), not a trailing date.
    if (date && date.index > 0 && !/\b(?:19|20)\d\d$/.test(raw().slice(0, date.index))) e = s + date.index;
    trim();
    // Quotes around the whole title go; quotes inside it ("A review of ‘X’") stay.
    const t = raw();
    if (/^['‘"“]/.test(t) && /['’"”]$/.test(t) && !/['’"”]/.test(t.slice(1, -1))) {
      s += 1;
      e -= 1;
    }
    // "the inspection of X" read from a sentence: the article is not the title's ("The State of…" is).
    const article = /^the\s+/.exec(this.text.slice(s, e));
    if (article) s += article[0].length;
    const text = this.text.slice(s, e).replace(/\s+/g, ' ').trim();
    if (text.length < 3 || !/\p{L}{2}/u.test(text) || text.length > 300) return null;
    if (!allowGeneric && this.isGeneric(text)) return null;
    return { text, start: s, end: e, context: { start: context.start, end: context.end } };
  }

  /**
   * A title that names no report: only generic words ("Report", "Information", "Reports and
   * responses") and force names ("the inspection report of <force>", "An inspection of <force>").
   */
  private readonly genericCache = new Map<string, boolean>();
  private isGeneric(title: string): boolean {
    if (title.length > 120) return false;
    const known = this.genericCache.get(title);
    if (known !== undefined) return known;
    const generic = this.genericWords(title);
    this.genericCache.set(title, generic);
    return generic;
  }

  private genericWords(title: string): boolean {
    let rest = title;
    const mentions = this.ctx.finder.mentions(title);
    for (let k = mentions.length - 1; k >= 0; k--)
      rest = rest.slice(0, mentions[k]!.start) + ' ' + rest.slice(mentions[k]!.end);
    rest = rest.replace(OFFICE_NAME, ' ').replace(INSPECTORATE_NAME, ' ');
    const words = rest.toLowerCase().match(/[\p{L}\d]+/gu) ?? [];
    return words.every((w) => GENERIC_WORDS.has(w) || /^\d+$/.test(w));
  }

  private onlyDate(b: Block): boolean {
    if (b.text.length > 45 || !/\d/.test(b.text)) return false;
    const dates = findDates(this.text, b.start, b.end);
    if (dates.length === 0) return false;
    const rest = this.text.slice(b.start, dates[0]!.start) + this.text.slice(dates[0]!.end, b.end);
    return (
      rest
        .replace(/[^\p{L}]+/gu, ' ')
        .trim()
        .split(' ')
        .filter((w) => w.length > 0).length <= 2
    );
  }

  /** The sentences of the first blocks (cached). */
  private sentences(): Sentence[] {
    if (this.sentenceCache) return this.sentenceCache;
    const out: Sentence[] = [];
    for (const b of this.head) {
      for (const s of sentencesOfBlock(this.text, b)) if (s.end - s.start <= MAX_SENTENCE) out.push(s);
    }
    this.sentenceCache = out;
    return out;
  }

  private sentencesIn(blocks: Block[], single: boolean): Sentence[] {
    if (single) return this.sentences();
    const out: Sentence[] = [];
    for (const b of blocks) {
      for (const s of sentencesOfBlock(this.text, b)) if (s.end - s.start <= MAX_SENTENCE) out.push(s);
    }
    return out;
  }

  // ---- The commissioner's force --------------------------------------------------------------------

  /** The force named with the commissioner ("Commissioner for X", "X's PCC"), else the document's subject. */
  private commissionerForce(): ForceRef {
    const found = new Map<string, ForceMention>();
    for (const m of this.headMentions()) {
      const before = this.text.slice(Math.max(0, m.start - 60), m.start);
      const after = this.text.slice(m.end, m.end + 70);
      if (COMMISSIONER_BEFORE.test(before) || COMMISSIONER_AFTER.test(after)) {
        if (!found.has(m.slug)) found.set(m.slug, m);
      }
    }
    if (found.size === 1) {
      const m = [...found.values()][0]!;
      return { force: m.slug, forceName: m.name };
    }
    if (found.size > 1) {
      const subject = this.ctx.subject ? found.get(this.ctx.subject) : undefined;
      if (subject) return { force: subject.slug, forceName: subject.name };
      this.problems.push(
        `Commissioners of several forces are named (${[...found.keys()].join(', ')}); the response's force is not written.`,
      );
      return { force: null, forceName: '' };
    }
    const office = this.officePlace();
    if (office) return office;
    if (this.ctx.subject) {
      const m = this.headMentions().find((x) => x.slug === this.ctx.subject);
      return { force: this.ctx.subject, forceName: m?.name ?? '' };
    }
    return { force: null, forceName: '' };
  }

  /**
   * The force of the place in the office's name ("Mayor of Greater Manchester", "Police and Crime
   * Commissioner for Devon, Cornwall and the Isles of Scilly"), through the force finder: the
   * longest run of the place's first words that resolves. Null when none resolves, or several forces.
   */
  private officePlace(): ForceRef | null {
    const found = new Map<string, string>();
    for (const s of this.sentences()) {
      if (!COMMISSIONER_WORD.test(s.text)) continue;
      OFFICE.lastIndex = 0;
      for (const m of s.text.matchAll(OFFICE)) {
        const words = m[1]!.replace(/\s*,\s*/g, ' and ').split(/\s+/);
        for (let n = words.length; n > 0; n--) {
          if (/^(?:and|of|the|&)$/i.test(words[n - 1]!)) continue;
          const place = words.slice(0, n).join(' ');
          const slug = this.ctx.finder.resolve(place);
          if (slug) {
            if (!found.has(slug)) found.set(slug, place);
            break;
          }
        }
      }
    }
    if (found.size !== 1) return null;
    const [slug, place] = [...found.entries()][0]!;
    return { force: slug, forceName: this.headMentions().find((x) => x.slug === slug)?.name ?? place };
  }

  // ---- One response -------------------------------------------------------------------------------

  private readUnit(
    unit: Unit,
    commissioner: ForceRef,
    combined: boolean,
  ): { inspection: ExtractedInspection; response: ExtractedResponse } {
    if (combined) this.window = { start: unit.blocks[0]?.start ?? 0, end: unit.blocks.at(-1)?.end ?? 0 };
    const sentences = this.sentencesIn(unit.blocks, !combined);
    let title = unit.title;
    const reference = sentences.find((s) => s.start <= title.start && s.end >= title.end) ?? null;
    const reportDate = this.reportDate(sentences, reference, title);
    const { force, type } = this.scope(unit, sentences, title, commissioner);
    const responseDate = this.responseDate(unit, sentences, combined, reportDate);
    if (type === 'peel') title = this.peelTitle(title, sentences, combined);
    const published = reportDate?.iso ?? null;
    const deadline = published && published >= S55_FROM ? responseDeadline(published) : null;
    const range: SourceRange = { start: unit.blocks[0]?.start ?? 0, end: unit.blocks.at(-1)?.end ?? 0 };
    const programme = type === 'peel' ? (programmeOf(title.text) ?? this.peelProgramme(sentences)) : null;
    const inspection: ExtractedInspection = {
      ...force,
      programme,
      title: title.text,
      published,
      type,
      judgements: [],
      findings: [],
      source: {
        start: Math.min(title.start, title.context.start),
        end: Math.max(title.end, title.context.end),
      },
    };
    const response: ExtractedResponse = {
      ...commissioner,
      inspection: title.text,
      published: responseDate?.iso ?? null,
      deadline,
      inspectionType: { options: [] },
      forceQuoted: 'unknown',
      summary: [],
      forceResponse: null,
      recommendations: [],
      lpbComment: null,
      scrutiny: [],
      source: range,
    };
    return { inspection, response };
  }

  /**
   * A PEEL report's title says PEEL, with its years when the document gives them: "PEEL report"
   * becomes "PEEL 2021/22" when a sentence names it so; a title without PEEL is prefixed "PEEL: ".
   */
  private peelTitle(title: Title, sentences: Sentence[], combined: boolean): Title {
    if (!PEEL.test(title.text)) return { ...title, text: `PEEL: ${title.text}` };
    if (combined || /\b(?:19|20)\d\d\b/.test(title.text)) return title;
    const named = this.peelName(sentences);
    return named && /\d/.test(named.text) ? named : title;
  }

  /** The programme of a PEEL report from the sentence naming it with its years ("PEEL 2021/22"). */
  private peelProgramme(sentences: Sentence[]): string | null {
    const named = sentences.filter((s) => PEEL.test(s.text)).slice(0, 3);
    const programmes = new Set(named.map((s) => programmeOf(s.text)).filter((p) => p !== null));
    return programmes.size === 1 ? [...programmes][0]! : null;
  }

  /**
   * The report's publication: the date by "published" in a sentence about the report (not the
   * commissioner's own "published his response"), absolute or relative to the document's date.
   */
  private reportDate(sentences: Sentence[], reference: Sentence | null, title: Title): FoundDate | null {
    type Candidate = { date: FoundDate; sentence: Sentence };
    const candidates: Candidate[] = [];
    let undated = false;
    for (const s of sentences) {
      if (!REPORT_WORD.test(s.text) && !INSPECTORATE_RE.test(s.text)) continue;
      if (!/\b(?:published|publishes|released|releases)\b/i.test(s.text)) continue;
      // A year in the report's name ("its 2016 PEEL inspection") is not its publication.
      const dates = [
        ...findDates(this.text, s.start, s.end),
        ...relativeDates(this.text, this.ctx.date, s.start, s.end),
      ].filter(
        (d) =>
          d.precision !== 'year' ||
          (!(d.start >= title.start && d.end <= title.end) &&
            !PROGRAMME_AFTER.test(this.text.slice(d.end, Math.min(s.end, d.end + 60)))),
      );
      PUBLISHED.lastIndex = 0;
      for (const p of s.text.matchAll(PUBLISHED)) {
        const at = s.start + p.index;
        const after = this.text.slice(at + p[0].length, Math.min(s.end, at + p[0].length + 80));
        if (PUBLISHED_RESPONSE.test(after)) continue;
        const following = dates
          .filter((d) => d.start >= at && d.start - at <= 110)
          .sort((a, b) => a.start - b.start)[0];
        const preceding = dates
          .filter((d) => d.end <= at && at - d.end <= 50)
          .sort((a, b) => b.start - a.start)[0];
        const date = following ?? preceding;
        if (date) candidates.push({ date, sentence: s });
        else if (
          /\b(?:today|yesterday|this\s+(?:week|month|year)|last\s+(?:week|month|year))\b/i.test(
            this.text.slice(Math.max(s.start, at - 50), Math.min(s.end, at + 110)),
          )
        )
          undated = true;
      }
    }
    if (candidates.length === 0) {
      if (undated)
        this.problems.push(
          `"${title.text}" is said to be published relative to the document's date, which the document does not give (or not at that precision); its publication date is not written.`,
        );
      return null;
    }
    const inReference = reference ? candidates.find((c) => c.sentence.start === reference.start) : undefined;
    if (inReference) return inReference.date;
    const isos = new Set(candidates.map((c) => c.date.iso));
    if (isos.size === 1) return candidates[0]!.date;
    const first = candidates[0]!;
    if (first.sentence.block <= (this.blocks[0]?.index ?? 0) + 6) return first.date;
    this.problems.push(
      `Several publication dates for "${title.text}" (${[...isos].join(', ')}); none written.`,
    );
    return null;
  }

  /** The response's own date: "sent the letter on…", the line's date on a combined page, else the document's date. */
  private responseDate(
    unit: Unit,
    sentences: Sentence[],
    combined: boolean,
    report: FoundDate | null,
  ): FoundDate | null {
    let date: FoundDate | null = null;
    if (combined) {
      const line = unit.responseLine;
      date = line ? (findDates(this.text, line.start, line.end)[0] ?? null) : null;
    } else {
      for (const s of sentences) {
        const m = RESPONSE_ACT.exec(s.text);
        if (!m) continue;
        const at = s.start + m.index;
        const dates = [
          ...findDates(this.text, s.start, s.end),
          ...relativeDates(this.text, this.ctx.date, s.start, s.end),
        ].filter((d) => d.precision !== 'year' || !d.relative);
        const near = dates
          .filter((d) => Math.abs(d.start - at) <= 120)
          .sort((a, b) => Math.abs(a.start - at) - Math.abs(b.start - at))[0];
        if (near) {
          date = near;
          break;
        }
      }
      date ??= this.ctx.date;
    }
    if (date && report && date.iso.slice(0, report.iso.length) < report.iso.slice(0, date.iso.length)) {
      this.problems.push(
        `The response's date (${date.iso}) is before the report's publication (${report.iso}); the response's date is not written.`,
      );
      return null;
    }
    return date;
  }

  /** Whether the report is one force's (which) or national, and its type. */
  private scope(
    unit: Unit,
    sentences: Sentence[],
    title: Title,
    commissioner: ForceRef,
  ): { force: ForceRef; type: InspectionType | null } {
    const none: ForceRef = { force: null, forceName: '' };
    const about = commissioner.force ?? this.ctx.subject;
    const aboutSentences = sentences.filter(
      (s) => REPORT_WORD.test(s.text) || PEEL.test(s.text) || INSPECTORATE_RE.test(s.text),
    );
    const context = this.text.slice(title.context.start, title.context.end);
    const peel = PEEL.test(title.text) || PEEL.test(context);
    const revisit = REVISIT.test(title.text) || REVISIT.test(context);
    const joint = JOINT.test(title.text) || aboutSentences.some((s) => JOINT.test(s.text));
    const kind = (force: boolean): InspectionType | null =>
      peel ? 'peel' : revisit ? 'revisit' : joint ? 'joint' : force ? 'force-specific' : 'thematic';

    // The title names a force.
    const named = new Set(this.mentionsIn(title.start, title.end).map((m) => m.slug));
    if (named.size === 1) {
      const slug = [...named][0]!;
      if (slug === about) return { force: this.refOf(slug, title.start, title.end), type: kind(true) };
    }
    if (named.size > 1) {
      this.problems.push(`The title of "${title.text}" names several forces; its force is not written.`);
      return { force: none, type: peel ? 'peel' : null };
    }
    // A line of the unit repeating the title names the force ("<title> - <force>", a report's link).
    const key = norm(title.text);
    for (const b of unit.blocks.slice(0, HEAD_BLOCKS)) {
      if (b.text.length > MAX_LINE || (b.start <= title.start && b.end >= title.end)) continue;
      if (key.length < 6 || !norm(b.text).includes(key)) continue;
      const slugs = new Set(this.mentionsIn(b.start, b.end).map((m) => m.slug));
      if (slugs.size === 1 && slugs.has(about ?? ''))
        return { force: this.refOf(about!, b.start, b.end), type: kind(true) };
    }
    // A PEEL report is the force's, and so is a report "of the force" ("inspection of the force").
    if (peel && about) return { force: this.refOf(about, title.start, title.end), type: 'peel' };
    if (
      about &&
      (THE_FORCE.test(title.text) || aboutSentences.some((s) => INSPECTION_OF_THE_FORCE.test(s.text)))
    )
      return { force: this.refOf(about, title.start, title.end), type: kind(true) };
    // "inspection of <force>", "revisit to <force>", "the work of <force>".
    const inspected = new Map<string, ForceMention>();
    for (const s of aboutSentences) {
      if (!INSPECTED_HINT.test(s.text)) continue;
      for (const m of this.mentionsIn(s.start, s.end)) {
        const before = this.text.slice(Math.max(s.start, m.start - 70), m.start);
        const after = this.text.slice(m.end, Math.min(s.end, m.end + 40));
        if (!INSPECTED_BEFORE.test(before) && !REPORTED_BEFORE.test(before)) continue;
        if (NEGATION.test(before) || NEGATION.test(after)) continue;
        if (!inspected.has(m.slug)) inspected.set(m.slug, m);
      }
    }
    if (inspected.size === 1) {
      const m = [...inspected.values()][0]!;
      if (m.slug === about) return { force: { force: m.slug, forceName: m.name }, type: kind(true) };
    } else if (inspected.size > 1) {
      this.problems.push(
        `"${title.text}" inspected several forces (${[...inspected.keys()].join(', ')}); its force is not written.`,
      );
      return { force: none, type: peel || revisit || joint ? kind(false) : null };
    }
    const national = NATIONAL.test(title.text) || aboutSentences.some((s) => NATIONAL.test(s.text));
    if (national) return { force: none, type: kind(false) };
    // A programme reported force by force, in a document about one force and no other.
    // (The force may be named nowhere but in the office's name: "Commissioner for <place>".)
    if (about && (this.ctx.subject ?? about) === about && FORCE_PROGRAMME.test(title.text)) {
      const others = this.ctx.ranked.filter((r) => r.slug !== about).length;
      if (others === 0) return { force: this.refOf(about, title.start, title.end), type: kind(true) };
    }
    return { force: none, type: peel || revisit || joint ? kind(false) : null };
  }

  /**
   * The force mentions in [from, to), from one pass of the finder over the document (binary search).
   * Not `finder.mentions(text, from, to)` range by range: that searches past `to` for the next
   * name, and each call has a cost of its own, which adds up sentence by sentence.
   */
  private mentionCache: { range: SourceRange; mentions: ForceMention[] } | null = null;
  /** The range read now (the first blocks, or a unit of a combined page): its mentions are found once. */
  private window: SourceRange = { start: 0, end: 0 };
  private mentionsIn(from: number, to: number): ForceMention[] {
    const w = this.window;
    const inside = from >= w.start && to <= w.end;
    if (!inside) return this.sliceMentions(from, to);
    if (this.mentionCache?.range !== w)
      this.mentionCache = { range: w, mentions: this.sliceMentions(w.start, w.end) };
    const all = this.mentionCache.mentions;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid]!.start < from) lo = mid + 1;
      else hi = mid;
    }
    const out: ForceMention[] = [];
    for (let i = lo; i < all.length && all[i]!.start < to; i++) if (all[i]!.end <= to) out.push(all[i]!);
    return out;
  }

  private sliceMentions(from: number, to: number): ForceMention[] {
    return this.ctx.finder
      .mentions(this.text.slice(from, to))
      .map((m) => ({ ...m, start: m.start + from, end: m.end + from }));
  }

  private headMentions(): ForceMention[] {
    return this.mentionsIn(0, this.head.at(-1)?.end ?? 0);
  }

  private refOf(slug: string, from: number, to: number): ForceRef {
    const m =
      this.mentionsIn(from, to).find((x) => x.slug === slug) ??
      this.headMentions().find((x) => x.slug === slug);
    return { force: slug, forceName: m?.name ?? '' };
  }
}

/**
 * The sentences of a block, as `sentencesOf` in reading/model cuts them (a full stop ends a sentence
 * unless it follows a common abbreviation or an initial), without slicing the text: one sticky
 * search from the block's start that stops at its line end, so a document is split in one pass.
 */
const BOUNDARY =
  /(?<!\b(?:Mr|Mrs|Ms|Dr|St|No|Rt|Hon|Supt|Insp|Sgt|Ch|Co|Ltd|e\.g|i\.e|etc|vs|[A-Z]))([.!?]+['’"”)]*)[ \t]+(?=[\p{Lu}\d‘'"“(])|\n/gu;
function sentencesOfBlock(text: string, b: Block): Sentence[] {
  const out: Sentence[] = [];
  let from = b.start;
  BOUNDARY.lastIndex = b.start;
  for (let m = BOUNDARY.exec(text); m && m.index < b.end; m = BOUNDARY.exec(text)) {
    if (m[1] === undefined) break;
    push(from, m.index + m[1].length);
    from = m.index + m[0].length;
  }
  push(from, b.end);
  return out;

  function push(a: number, z: number) {
    while (a < z && /\s/.test(text[a]!)) a++;
    while (z > a && /\s/.test(text[z - 1]!)) z--;
    if (z > a) out.push({ start: a, end: z, text: text.slice(a, z), block: b.index });
  }
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim();
