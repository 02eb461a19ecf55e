import type { Classification, DocumentKind } from '../extraction.types.js';
import type { Block } from '../reading/index.js';
import type { ReadContext } from './context.js';

/**
 * Classifying a document by FAMILY, from where its words stand and how it is laid out.
 *
 * Each family (and `unknown`'s neighbours: minutes, agendas, newsletters, general pages) has
 * signals, as data: a pattern or a test of the layout, a weight and a reason. A signal found in
 * the title counts three times, in the opening twice, further down once: what a document says it
 * is at its top weighs more than what it mentions in passing. The family with the most evidence
 * wins when it clearly beats the next (by MARGIN) and holds at least one of its core signals (what
 * the family is about, not only how it is written); otherwise the document is `unknown`, with the
 * reason. Linear in the length of the text: every pattern runs once over bounded zones.
 */

type Family = DocumentKind; // 'unknown' gathers the evidence of the neighbours (minutes, newsletters…)
type Zone = 'title' | 'opening' | 'body';

type Zones = { title: string; opening: string; body: string };

/** What the layout shows, read once from the blocks. */
type Layout = {
  /** The letter is addressed to the Home Secretary (addressee block, "Dear Home Secretary"). */
  toHomeSecretary: boolean;
  /** The inspectorate's letter layout ("Letter information", "Sent on" from an HM Inspector). */
  inspectorateLetter: boolean;
  /** Field labels of the commissioners' response form ("Title of Inspection"…), distinct. */
  formFields: number;
  /** Lines or rows that pair an area with a grade ("Investigating crime: Adequate"). */
  gradeLines: number;
  /** Numbered minute paragraphs ("27.1", "27.2"). */
  minuteNumbers: number;
  /** Headings that divide a report (Summary, Foreword, Annex, Areas for improvement…). */
  reportSections: number;
  /** A table of contents ("Contents" followed by items). */
  contents: boolean;
  /** Where a heading declares the commissioner's response ("PCC response"), if one does. */
  responseHeading: Zone | null;
  /** Bare link labels standing alone ("Report", "Response", "Download"): an index of documents. */
  linkLabels: number;
};

type Features = {
  zones: Zones;
  layout: Layout;
  /** The first sentence after the title, as a news lead says who acts and about what. */
  lead: string;
  /** The document names a police force (one of the gazetteer's, or one written as "X Police"). */
  namesForce: boolean;
};

type Signal = {
  family: Family;
  weight: number;
  reason: string;
  /** A signal of what the family is about; a family wins only with at least one. */
  core?: boolean;
  /** A signal of the family's form (for news: quotes, the press, Parliament, a letter). */
  form?: boolean;
  /** The furthest zone the signal counts in (default: anywhere). */
  within?: Zone;
  /** Either a pattern looked for in the zones… */
  pattern?: RegExp;
  /** …or the zone where the layout shows the signal (null: absent). */
  test?: (f: Features) => Zone | null;
  /** A repeated structure (one heading per force): counts each occurrence, up to this many. */
  repeat?: number;
  /** Found in the title, it settles the family (an Engage list is titled as one). */
  decisive?: boolean;
};

const ZONE_FACTOR: Record<Zone, number> = { title: 3, opening: 2, body: 1 };
/** The winner's score must reach this… */
const MIN_SCORE = 6;
/** …and be this many times the runner-up's. */
const MARGIN = 1.3;
/** How much of the opening is read as "the opening". */
const OPENING_CHARS = 700;
/** What a document is shows in its first pages; reading further only costs time on big files. */
const HEAD = 200_000;

// Vocabulary shared by several signals.
const Q = `['‘’"“”]`;
const GRADE = String.raw`(?:outstanding|good|adequate|requires? improvement|requiring improvement|inadequate)`;
const NUMBER = String.raw`(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|all)`;
const COMMISSIONER = String.raw`(?:P(?:F)?CC|OP(?:F)?CC|MOPAC|Commissioner|(?:Deputy )?Mayor)(?![\w-])`;
const RESPONSE = String.raw`(?:respon(?:se|ds|d|ded)\b|responding to (?!the public)|comments on|commenting on|welcomes?|welcomed|backs?|backed|backing)`;
const REPORT = String.raw`(?:reports?|inspections?|re[-‑‐]?inspection|review|findings|judge?ments?|HMICs?|HMICFRS|inspectorate)`;
const ENGAGE = String.raw`(?:special measures|enhanced (?:levels? |stage |phase )?(?:of )?(?:monitoring|scrutiny)|${Q}engage${Q}|\bengage (?:phase|stage|process|status)|\b(?:into|in|out of|from|at|under) (?:the )?${Q}?Engage\b)`;
const SCAN = String.raw`(?:${Q}scan${Q}|\bscan (?:phase|stage)|routine (?:quarterly )?monitoring|default level of monitoring)`;
const MOVE = String.raw`\b(?:plac\w*|put|puts|moved?|moving|escalat\w*|enter\w*|plunged|remov\w*|return\w*|taken out|c[oa]me out|exit\w*|left|leaves?|remains?|remained|still|released)\b`;

/** A commissioner named unambiguously (not a police service's own Commissioner). */
const PCC = String.raw`(?:Police(?:,)? (?:Fire (?:and|&) )?(?:and )?Crime Commissioner|\bOP(?:F)?CC\b|\bP(?:F)?CC\b|\b(?:Deputy )?Mayor\b|\bCommissioner for\b)`;
const INSPECTORATE = String.raw`(?:HMICFRS|HMIC|the (?:police )?inspectorate|the watchdog|inspectors|the inspector|(?:HM|Her Majesty['’]s|His Majesty['’]s) Inspector(?:ate)?\b(?: of Constabulary)?)`;

const re = (source: string, flags = 'i') => new RegExp(source, flags);
const ENGAGE_DECISION = re(`${MOVE}[^.\\n]{0,80}?(?:${ENGAGE}|${SCAN})`);

const SIGNALS: Signal[] = [
  // ── The Engage list pages ────────────────────────────────────────────────────────────────
  {
    family: 'engage-current',
    weight: 6,
    core: true,
    decisive: true,
    within: 'opening',
    pattern: /^\s*Police forces (?:currently )?in Engage\s*$/im,
    reason: 'titled as the list of forces in Engage',
  },
  {
    family: 'engage-current',
    weight: 2,
    core: true,
    repeat: 5,
    pattern: /^\s*Entered Engage\s*$/gim,
    reason: 'an "Entered Engage" heading per force',
  },
  {
    family: 'engage-previous',
    weight: 6,
    core: true,
    decisive: true,
    within: 'opening',
    pattern: /^\s*Police forces previously in Engage\s*$/im,
    reason: 'titled as the list of forces previously in Engage',
  },
  {
    family: 'engage-previous',
    weight: 3,
    core: true,
    repeat: 5,
    pattern: /^\s*Moved out of Engage\s*$/gim,
    reason: 'a "Moved out of Engage" heading per force',
  },

  // ── News: the press, the inspectorate's news, Parliament ─────────────────────────────────
  {
    family: 'news',
    weight: 3,
    core: true,
    pattern: re(`${ENGAGE}|${SCAN}`),
    reason: 'speaks of Engage (enhanced monitoring, "special measures")',
  },
  {
    family: 'news',
    weight: 3,
    core: true,
    pattern: ENGAGE_DECISION,
    reason: 'reports a decision on Engage (a force placed in it, kept in it or taken out of it)',
  },
  {
    family: 'news',
    form: true,
    weight: 3,
    core: true,
    pattern: re(
      String.raw`\b${INSPECTORATE}[^.\n]{0,60}?\b(?:said|says|found|graded|rated|has announced|announced|has decided|decided|concluded|released a statement|(?:has )?(?:placed|moved|removed|returned|escalated))\b`,
    ),
    reason: 'reports what the inspectorate said, found or did, in the third person',
  },
  {
    family: 'news',
    weight: 3,
    core: true,
    pattern: re(`${GRADE}${Q}?[^.\\n]{0,25}?\\b(?:in|across) ${NUMBER} (?:key )?(?:areas?|of)\\b`),
    reason: 'counts grades across areas ("good in four areas"), as a report of a PEEL result does',
  },
  {
    family: 'news',
    form: true,
    weight: 12,
    core: true,
    test: (f) => (f.layout.inspectorateLetter && ENGAGE_DECISION.test(f.zones.body) ? 'body' : null),
    reason: 'an inspectorate letter announcing an Engage decision',
  },
  {
    family: 'news',
    form: true,
    weight: 5,
    core: true,
    within: 'opening',
    pattern: re(`\\b${COMMISSIONER}\\b[^.\\n]{0,150}?${ENGAGE_DECISION.source}`),
    reason: 'a commissioner reacting to an Engage decision (news, not a response to a report)',
  },
  {
    family: 'news',
    form: true,
    weight: 4,
    pattern:
      /\b(?:My Lords|debated on|Hansard|House of (?:Commons|Lords)|(?:Written|Oral|Ministerial) Statement|made in the other place|right honourable friend|with the leave of the House)\b/i,
    reason: 'a parliamentary statement',
  },
  {
    family: 'news',
    form: true,
    weight: 2,
    pattern: re(
      String.raw`\b(?:said|says|added|told [^.\n]{0,40}?)\s*[:,]?\s*${Q}|${Q}\s*,?\s*(?:he|she|they) (?:said|added)\b`,
    ),
    reason: 'quotes people ("… said: “…”")',
  },
  {
    family: 'news',
    form: true,
    weight: 2,
    pattern:
      /\b(?:has|have) been (?:placed|put|moved|removed|returned|taken out|escalated|rated|graded|branded)\b|\bwill be (?:placed|put|moved|removed)\b|\bhas (?:today )?(?:announced|decided)\b|\b(?:has|have) today\b|\btoday \((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/i,
    reason: 'announces an event ("has been removed", "has announced", "has today…")',
  },
  {
    family: 'news',
    form: true,
    weight: 2,
    pattern:
      /\b(?:branded|damning|watchdog|scandal-hit|press releases?|news releases?|broadcast|Sign up to (?:our|the) [\w ]{0,20}newsletter|\(Source:|Must Read|Stay Connected|Related (?:news|articles|stories))\b/i,
    reason: 'press wording and page furniture (watchdog, press release, "Source:")',
  },

  {
    family: 'news',
    form: true,
    weight: 4,
    core: true,
    within: 'title',
    pattern:
      /^\s*(?:News|Press releases?|News releases?|Media releases?|Press notice)\b|\b(?:press|news|media) releases?\s*$/im,
    reason: 'titled as news or a press release',
  },
  {
    family: 'news',
    weight: 3,
    core: true,
    pattern: re(`\\b(?:is|are|was|were|been|as|be)\\s+${Q}${GRADE}${Q}\\s*(?:at|for|overall)\\b`),
    reason: 'quotes the grades (is ‘good’ at…), as the press and press releases do',
  },
  {
    family: 'news',
    weight: -5,
    test: (f) => (commissionerLeads(f) ? 'opening' : null),
    reason: 'though what it reports of the inspection is the commissioner’s reaction to it',
  },

  // ── Commissioners' responses ─────────────────────────────────────────────────────────────
  {
    family: 'pcc-response',
    weight: 4,
    core: true,
    test: inTop((t) => has(t, COMMISSIONER) && has(t, RESPONSE) && has(t, REPORT)),
    reason: 'the title or opening is a commissioner’s response to an inspection',
  },
  {
    family: 'pcc-response',
    weight: 3,
    core: true,
    test: inTop((t) =>
      has(
        t,
        String.raw`\b(?:response (?:from|by|to)|in response to|responds to)\b[^\n]{0,120}?\b${REPORT}\b`,
      ),
    ),
    reason: 'titled or opened as a response to an inspection report',
  },
  {
    family: 'pcc-response',
    weight: 2,
    core: true,
    test: inTop((t) => has(t, `\\b${COMMISSIONER}\\b`) && has(t, String.raw`\b(?:report|inspection)\b`)),
    reason: 'a commissioner and an inspection report at the top',
  },
  {
    family: 'pcc-response',
    weight: 3,
    core: true,
    pattern: re(
      String.raw`\b${COMMISSIONER}\b[^.\n]{0,80}?\b(?:has )?(?:responded|responds|welcomed|welcomes|received|published (?:his|her|their) (?:statutory )?response)\b[^.\n]{0,60}?\b${REPORT}\b|\bIn response\b,?[^.\n]{0,120}?\b${PCC}[^.\n]{0,80}?\b(?:said|says)\b|\b(?:responding|in response|commenting|reacting) to (?:the|this|its|these|that) [^.\n]{0,60}?\b(?:report|inspection|re-?inspection|review|findings)\b[^.\n]{0,60}?\b${COMMISSIONER}\b`,
    ),
    reason: 'a commissioner responds to the report',
  },
  {
    family: 'pcc-response',
    weight: 6,
    core: true,
    test: (f) => commissionerLeads(f),
    reason: 'the lead says the commissioner reacts to the inspection (and not to an Engage decision)',
  },
  {
    family: 'pcc-response',
    weight: 8,
    core: true,
    test: (f) => f.layout.responseHeading,
    reason: 'a section headed as the commissioner’s response',
  },
  {
    family: 'pcc-response',
    weight: 3,
    core: true,
    pattern: /\bstatutory response\b|\bsection 55\b|\bPolice Act 1996\b/i,
    reason: 'the statutory response (section 55 of the Police Act 1996)',
  },
  {
    family: 'pcc-response',
    weight: 4,
    core: true,
    test: (f) => (f.layout.toHomeSecretary ? 'opening' : null),
    reason: 'a letter to the Home Secretary',
  },
  {
    family: 'pcc-response',
    weight: 3,
    core: true,
    pattern: /\bI am writing (?:to you )?in response to\b|\bI am pleased to present my comments\b/i,
    reason: 'writes in response to a report',
  },
  {
    family: 'pcc-response',
    weight: 2,
    pattern: re(
      String.raw`\bas (?:the )?(?:Police(?:,)? (?:Fire (?:and|&) )?(?:Rescue and )?(?:and )?Crime Commissioner|PCC|PFCC|Commissioner)\b|\bmy Police and Crime Plan\b|\bI refer to the\b|\b${COMMISSIONER}\b[^.\n]{0,40}?\b(?:said|says)\s*[:,]`,
    ),
    reason: 'the commissioner speaks ("as PCC", "my Police and Crime Plan")',
  },
  {
    family: 'pcc-response',
    weight: 2,
    core: true,
    repeat: 3,
    pattern: /['’]s? responses? to (?:the |this |its )?(?:HMIC|HMICFRS|inspectorate)/gi,
    reason: 'lists responses to the inspectorate’s reports',
  },
  {
    family: 'pcc-response',
    weight: 5,
    core: true,
    test: (f) => (f.layout.formFields >= 2 ? 'opening' : null),
    reason:
      'the fields of the commissioners’ response form ("Title of Inspection", "Date Inspection Published")',
  },

  // ── PEEL and other graded inspections ────────────────────────────────────────────────────
  { family: 'peel-report', weight: 2, core: true, pattern: /\bPEEL\b/, reason: 'names PEEL' },
  {
    family: 'peel-report',
    weight: 3,
    core: true,
    repeat: 2,
    pattern:
      /^[ \t]*How (?:effective|efficient(?:ly)?|legitimate|well|good)\b[^\n?]{0,150}\b(?:force|constabulary|police)\b[^\n?]{0,150}\?[ \t]*$/gim,
    reason: 'the PEEL questions as headings ("How effective is the force…?")',
  },
  {
    family: 'peel-report',
    weight: 4,
    core: true,
    pattern: re(`\\bthe extent to which\\b[^.\\n]{0,140}\\b(?:${GRADE}|not yet graded)\\b`),
    reason: 'pillar judgments ("the extent to which the force is effective … is good")',
  },
  {
    family: 'peel-report',
    weight: 2,
    core: true,
    pattern: re(
      String.raw`\b(?:is|are|was|were|been assessed as)\s+(?:outstanding|good|adequate|inadequate)\s+(?:at|in)\b|\brequires? improvement (?:in|at)\b`,
    ),
    reason: 'graded findings ("is good at", "requires improvement in")',
  },
  {
    family: 'peel-report',
    weight: 4,
    core: true,
    pattern: /\bHM(?:I['’]s|\s?Inspector['’]s) (?:observations|summary)\b/i,
    reason: 'the HM Inspector’s observations',
  },
  {
    family: 'peel-report',
    weight: 3,
    core: true,
    pattern: /\b(?:Our judgments?|graded judgments?|overall judgment|overall assessment)\b/i,
    reason: 'graded judgments',
  },
  {
    family: 'peel-report',
    weight: 3,
    core: true,
    pattern:
      /\b(?:we|our) (?:inspected|re-?inspected|found|judged|assessed|estimate|gave|identified|made the following|reported|published the report)\b|\bour (?:inspection|re-?inspection|findings|judgments?|last inspection|(?:\d{4} )?report)\b/i,
    reason: 'the inspectorate speaks ("we inspected", "our findings")',
  },
  {
    family: 'peel-report',
    weight: 2,
    core: true,
    within: 'opening',
    pattern: /\bre[-‑‐]?inspection\b|\bcrime data integrity\b|\bchild protection\b/i,
    reason: 'titled as a graded force inspection (crime data integrity, child protection, re-inspection)',
  },
  {
    family: 'peel-report',
    weight: 3,
    core: true,
    test: (f) => (f.layout.inspectorateLetter ? 'body' : null),
    reason: 'a letter from the inspectorate to a force',
  },
  {
    family: 'peel-report',
    weight: 3,
    core: true,
    test: (f) => (f.layout.gradeLines >= 2 ? 'body' : null),
    reason: 'areas listed with their grades (a grade table or "Area: Grade" lines)',
  },
  {
    family: 'peel-report',
    weight: 1,
    test: (f) => (f.layout.reportSections >= 2 ? 'body' : null),
    reason: 'the sections of an inspection report (summary, areas for improvement, causes of concern)',
  },
  {
    family: 'peel-report',
    weight: 3,
    test: (f) => (f.layout.contents ? 'body' : null),
    reason: 'a report’s table of contents',
  },

  // ── Neighbours: what is not a document Oversight imports ─────────────────────────────────
  {
    family: 'unknown',
    weight: 3,
    within: 'opening',
    pattern: /^\s*Agenda(?: item)?\b/im,
    reason: 'an agenda item',
  },
  {
    family: 'unknown',
    weight: 3,
    pattern:
      /^\s*(?:Minutes\b:?|(?:It was )?RESOLVED\b|Resolved\s*[:-]|Present\s*:|Apologies(?: for absence)?\s*:?$|In attendance\s*:)/m,
    reason: 'minutes ("Minutes", "Resolved", "Present:")',
  },
  {
    family: 'unknown',
    weight: 3,
    pattern:
      /\bThe (?:Panel|Committee|Board|Chair(?:man)?)\b (?:considered|noted|received|was|were|agreed|asked|thanked|resolved|invited|welcomed|discussed)\b/i,
    reason: 'the proceedings of a panel or committee',
  },
  {
    family: 'unknown',
    weight: 2,
    pattern:
      /\b(?:presented|considered|received|noted) (?:a|the) report\b|^\s*Supporting documents\s*:?\s*$|\bPolice(?:,)? (?:Fire )?and Crime Panel\b|\bPanel members\b/im,
    reason: 'a panel’s papers (a report presented, supporting documents)',
  },
  {
    family: 'unknown',
    weight: 2,
    test: (f) => (f.layout.minuteNumbers >= 2 ? 'body' : null),
    reason: 'numbered minute paragraphs ("27.1")',
  },
  {
    family: 'unknown',
    weight: 3,
    pattern: /\bQuestion Time\b|\b(?:asked|questioned|questioning) (?:the )?Chief Constable\b/i,
    reason: 'a public accountability meeting (questions put to the chief constable)',
  },
  {
    family: 'unknown',
    weight: 4,
    within: 'opening',
    pattern: /\b(?:special edition|this issue|in this edition|newsletter|bulletin|blog)\b/i,
    reason: 'a newsletter or a blog',
  },
  {
    family: 'unknown',
    weight: 2,
    pattern: /\b(?:profiled in this issue|in this issue|in this edition)\b|^\s*A note from the\b/im,
    reason: 'the furniture of a newsletter ("in this issue", "a note from")',
  },
  {
    family: 'unknown',
    weight: 3,
    pattern:
      /\b(?:click on the links?|find out more|this (?:section|page) (?:gives|provides|explains|sets out|describes))\b/i,
    reason: 'a general information page ("find out more")',
  },
  {
    family: 'unknown',
    weight: 3,
    within: 'opening',
    pattern:
      /\bhow (?:HMICFRS|the inspectorate|we) works?\b|\bhow we work with\b|\bhow (?:HMICFRS|the inspectorate|we) (?:inspects?|assess(?:es)?|grades?)\b|\b(?:assessment|inspection) (?:framework|process|programme)\b|\bprogramme of inspections?\b/i,
    reason: 'a page about how the inspectorate works or inspects',
  },
  {
    family: 'unknown',
    weight: 4,
    within: 'opening',
    pattern: /\bconsultation (?:response|document|paper|on)\b|\b(?:our|a|the|public) consultation\b/i,
    reason: 'a consultation',
  },
  {
    family: 'unknown',
    weight: 4,
    within: 'opening',
    pattern:
      /\b(?:message|note|letter|update|blog) from (?:the |our )?(?:Deputy )?Chief (?:Constable|Officer)\b/i,
    reason: 'a message from the chief constable (the force speaks to its public or staff)',
  },
  {
    family: 'unknown',
    weight: 3,
    pattern:
      /\bwe (?:were|have been|had been|are) (?:graded|assessed|rated|judged)\b|\bour (?:PEEL )?(?:results|grades)\b/i,
    reason: 'the force speaks of its own grades ("we were graded")',
  },
  {
    family: 'unknown',
    weight: 5,
    within: 'opening',
    pattern:
      /\b(?:responses?|reports?)\b[^.\n]{0,60}?\b(?:on|below on) this page\b|\b(?:find|see|below are|listed below)\b[^.\n]{0,40}?\b(?:responses|reports)\b[^.\n]{0,20}?\bbelow\b/i,
    reason: 'a page listing reports and responses',
  },
  {
    family: 'unknown',
    weight: 4,
    test: (f) => (f.layout.linkLabels >= 4 ? 'body' : null),
    reason: 'an index of documents (bare "Report" and "Response" links)',
  },
  {
    family: 'unknown',
    weight: 3,
    within: 'opening',
    pattern: /\brecruit(?:ment|ing|s)?\b|\bjoin the police\b|\bbecome a police officer\b/i,
    reason: 'recruitment news',
  },
];

const LABEL: Record<Family, string> = {
  'engage-current': 'an Engage list (current)',
  'engage-previous': 'an Engage list (previous)',
  news: 'news',
  'pcc-response': 'a commissioner’s response',
  'peel-report': 'a PEEL or graded inspection report',
  unknown: 'a neighbour (minutes, newsletter, general page)',
};

type Score = {
  family: Family;
  score: number;
  core: boolean;
  form: boolean;
  decisive: boolean;
  reasons: string[];
};

/** Families that must show their form as well as their subject: news is reported, not only about Engage. */
const NEEDS_FORM: ReadonlySet<Family> = new Set(['news']);
/**
 * Families that are about a force: a page on PEEL that names none is about the programme, not a
 * report; news of "special measures" that names no police force is another body's (a council, a school).
 */
const NEEDS_FORCE: ReadonlySet<Family> = new Set(['peel-report', 'news']);

/** The evidence for each family, best first (exported for tests and diagnostics). */
export function evidence(ctx: ReadContext): Score[] {
  const features = featuresOf(ctx);
  return score(features).filter((s) => features.namesForce || !NEEDS_FORCE.has(s.family));
}

function score(features: Features): Score[] {
  const scores = new Map<Family, Score>();
  for (const signal of SIGNALS) {
    const points = pointsOf(signal, features);
    if (points === 0) continue;
    const entry = scores.get(signal.family) ?? {
      family: signal.family,
      score: 0,
      core: false,
      form: false,
      decisive: false,
      reasons: [],
    };
    entry.score += points;
    entry.core ||= signal.core === true;
    entry.form ||= signal.form === true;
    entry.decisive ||= signal.decisive === true && points >= signal.weight * ZONE_FACTOR.title;
    entry.reasons.push(signal.reason);
    scores.set(signal.family, entry);
  }
  return [...scores.values()].sort((a, b) => b.score - a.score);
}

export function classifyDocument(ctx: ReadContext): Classification {
  // A family lacking its form is not a candidate (a newsletter speaks of Engage, but reports nothing).
  const ranked = evidence(ctx).filter((s) => s.form || !NEEDS_FORM.has(s.family));
  const decisive = ranked.find((s) => s.decisive);
  return decide(decisive ? [decisive, ...ranked.filter((s) => s !== decisive)] : ranked, Boolean(decisive));
}

function decide(ranked: Score[], settled = false): Classification {
  const [best, second] = ranked;
  if (!best) {
    return {
      kind: 'unknown',
      confidence: 0,
      reasons: ['none of the signs of an Engage list, a PEEL report, a commissioner’s response or news'],
    };
  }
  const explain = (s: Score) => `${LABEL[s.family]} (${s.score}: ${s.reasons.join('; ')})`;
  if (best.family === 'unknown') {
    return {
      kind: 'unknown',
      confidence: 0,
      reasons: [`reads as ${best.reasons.join('; ')}`, ...(second ? [`rather than ${explain(second)}`] : [])],
    };
  }
  if (best.score < MIN_SCORE || !best.core) {
    return {
      kind: 'unknown',
      confidence: 0,
      reasons: [`too little evidence of any family (best: ${explain(best)})`],
    };
  }
  // Against a neighbour (minutes, a general page) a family must clearly lead; between two families
  // the one with more evidence wins, at a lower confidence, and a tie is unknown.
  const margin = second?.family === 'unknown' ? MARGIN : 1.0001;
  if (second && !settled && best.score < margin * second.score) {
    return {
      kind: 'unknown',
      confidence: 0,
      reasons: [`no family clearly leads: ${explain(best)} against ${explain(second)}`],
    };
  }
  const share = settled ? 1 : best.score / (best.score + (second?.score ?? 0));
  const strength = Math.min(1, best.score / 12);
  return {
    kind: best.family,
    confidence: Math.round(share * strength * 100) / 100,
    reasons: best.reasons,
  };
}

function pointsOf(signal: Signal, f: Features): number {
  if (signal.repeat !== undefined && signal.pattern) {
    const found = f.zones.body.match(signal.pattern)?.length ?? 0;
    return signal.weight * Math.min(signal.repeat, found);
  }
  const zone = signal.test ? signal.test(f) : zoneOf(signal.pattern!, f.zones, signal.within ?? 'body');
  if (!zone) return 0;
  if (signal.within && ZONE_FACTOR[zone] < ZONE_FACTOR[signal.within]) return 0;
  return signal.weight * ZONE_FACTOR[zone];
}

/** The most telling zone a pattern is found in: the title, the opening, or only further down. */
function zoneOf(pattern: RegExp, zones: Zones, within: Zone): Zone | null {
  for (const zone of ['title', 'opening', 'body'] as const) {
    pattern.lastIndex = 0;
    if (pattern.test(zones[zone])) return zone;
    if (zone === within) break;
  }
  return null;
}

/** A test of the title, else of the opening. */
function inTop(test: (text: string) => boolean): (f: Features) => Zone | null {
  return (f) => (test(f.zones.title) ? 'title' : test(f.zones.opening) ? 'opening' : null);
}

function has(text: string, source: string): boolean {
  return re(source).test(text);
}

/**
 * A commissioner's press release on a report leads with the commissioner reacting to it ("The
 * Police and Crime Commissioner says…inspectors", "…Commissioner backs the inspectorate's
 * judgement"). A lead, or title, about an Engage decision is news whoever speaks.
 */
const COMMISSIONER_LEAD = re(
  String.raw`^[^.\n]{0,100}?${PCC}[^.\n]{0,120}?\b(?:says?|said|has said|backs?|backed|welcome[sd]?|respond(?:s|ed)?|has received|praise[sd]?|react(?:s|ed)|is (?:confident|pleased|disappointed|concerned))\b[^\n]{0,200}?\b(?:inspectors?|inspectorate|HMIC(?:FRS)?|reports?|inspections?|judge?ments?|findings|PEEL)\b`,
  'im',
);
const ENGAGE_ANY = re(`${ENGAGE}|${SCAN}`);

function commissionerLeads(f: Features): Zone | null {
  if (ENGAGE_ANY.test(f.zones.title) || ENGAGE_ANY.test(f.lead)) return null;
  return COMMISSIONER_LEAD.test(f.zones.title) ? 'title' : COMMISSIONER_LEAD.test(f.lead) ? 'opening' : null;
}

// ── Features ───────────────────────────────────────────────────────────────────────────────

/** Site furniture before the content: cookie banners, skip links, "you are here". */
const CHROME =
  /cookie|skip to (?:main )?content|leave this site|escape key|this site is a beta|technical problem|javascript|^you are here$|^print this document$|^contents$|^menu$|^search$|^share\b|^home$/i;

const FORM_FIELDS: RegExp[] = [
  /^Title of (?:the )?Inspection\b/i,
  /^Date (?:of )?(?:Inspection|Report)(?: was)? Published\b/i,
  /^Type of Inspection\b/i,
  /^Is .{2,60} quoted in the Report\b/i,
  /^Executive Summary of (?:the )?Report\b/i,
  /^(?:PCC|PFCC|Commissioner['’]?s?) (?:response|comments?)\b|^Comment by the (?:PCC|Commissioner)\b/i,
];

const SECTION = re(
  String.raw`^(?:Areas? for improvement|Causes? (?:of|for) concern|Recommendations?|Summary|Foreword|Conclusions?|Introduction|Annex\b.*|Methodology|Overall summary|Overall judgment|Key findings|Main findings.*|Next steps|Detailed findings.*|Questions for \w+)\s*:?$`,
);
const GRADE_LINE = re(String.raw`^[^:|]{3,100}?\s(?:[:–—-]|\|)\s*(?:${GRADE})\.?$`);
const GRADE_CELL = re(`^${GRADE}$`);
/** A heading that is the commissioner's response, alone ("PFCC Response", "Commissioner's comments"). */
const RESPONSE_HEADING = re(
  String.raw`^(?:The )?(?:${PCC}|Commissioner|OPCC|Deputy Mayor)['’]?s?(?: (?:formal|statutory|initial))? (?:response|comments)\s*:?$`,
);
/** A link standing alone as a label, as index pages list documents. */
const LINK_LABEL =
  /^(?:Report|Response|Download|Read (?:more|the report|the response)|View (?:the )?(?:report|response))$/i;
/** A force's area named by its commissioner's office ("the Police and Crime Commissioner for Westmoor"). */
const FORCE_AREA = /\bCommissioner for (?:the )?\p{Lu}\p{Ll}+/u;
/** A force written as one ("Westmoor Police", "Northshire Constabulary"), when the gazetteer knows none. */
const FORCE_NAME =
  /\b(?!(?:The|A|An|Our|Your|Their|Every|All|Each|Any|Local|National|British|Which|This|That|Other|Of|And|For|In|Her|His|Majesty['’]s)\s)\p{Lu}\p{Ll}+ (?:Police|Constabulary)\b(?! (?:and|Act|Federation|Reform|forces?)\b)/u;

function featuresOf(ctx: ReadContext): Features {
  const body = ctx.text.length > HEAD ? ctx.text.slice(0, HEAD) : ctx.text;
  const blocks = ctx.model.blocks;
  const content = blocks.filter((b, i) => i >= 12 || !CHROME.test(b.text));

  // The title: the reader's title and the first headings of the content (a byline may come first).
  const titles: string[] = ctx.title ? [ctx.title] : [];
  for (const b of content.slice(0, 3)) {
    if (b.type === 'heading' && titles.length < 3) titles.push(b.text);
    else if (b.type !== 'heading') break;
  }
  let opening = '';
  let openingEnd = 0;
  for (const b of content) {
    if (opening.length >= OPENING_CHARS) break;
    opening += `${b.text.slice(0, OPENING_CHARS - opening.length)}\n`;
    openingEnd = b.end;
  }
  // The lead: the first sentence of the first paragraph after the title's headings.
  const first = content.find((b) => b.type !== 'heading' && b.text.length >= 40);
  const lead = first ? (/^.{0,300}?[.!?](?=\s|$)/.exec(first.text)?.[0] ?? first.text.slice(0, 300)) : '';

  return {
    zones: { title: titles.join('\n'), opening, body },
    layout: layoutOf(blocks, openingEnd),
    lead,
    namesForce: ctx.ranked.length > 0 || FORCE_NAME.test(body) || FORCE_AREA.test(body),
  };
}

function layoutOf(blocks: Block[], openingEnd: number): Layout {
  const fields = new Set<number>();
  let responseHeading: Zone | null = null;
  let linkLabels = 0;
  let gradeLines = 0;
  let minuteNumbers = 0;
  let reportSections = 0;
  let contents = false;
  let toHomeSecretary = false;
  let letterInformation = false;
  let sentOn = false;
  let fromInspector = false;
  for (const [i, b] of blocks.entries()) {
    if (b.start >= HEAD) break;
    const text = b.text;
    if (i < 15) {
      if (/^(?:the )?Home Secretary$|^Secretary of State for the Home Department$/i.test(text))
        toHomeSecretary = true;
      if (/^Letter information$/i.test(text)) letterInformation = true;
      if (/^Sent on\b:?/i.test(text)) sentOn = true;
      if (/\bMajesty['’]s (?:Chief )?Inspector of Constabulary\b/i.test(text) && text.length < 80)
        fromInspector = true;
      if (/^Contents$/i.test(text) && blocks[i + 1]?.type === 'item') contents = true;
    }
    if (/^Dear Home Secretary\b|\bletter to (?:the )?Home Secretary\b/i.test(text)) toHomeSecretary = true;
    if (text.length < 80) {
      FORM_FIELDS.forEach((field, n) => {
        if (field.test(text)) fields.add(n);
      });
    }
    if (b.type === 'row' && b.cells?.some((c) => GRADE_CELL.test(c.replace(/[‘’'"]/g, '')))) gradeLines++;
    else if (text.length <= 140 && GRADE_LINE.test(text)) gradeLines++;
    if (b.type === 'item' && b.marker && /^\d{1,3}\.\d{1,2}$/.test(b.marker) && b.text.length > 40)
      minuteNumbers++;
    if ((b.type === 'heading' || b.type === 'item') && SECTION.test(text)) reportSections++;
    if (text.length <= 60) {
      if (!responseHeading && RESPONSE_HEADING.test(text))
        responseHeading = b.start < openingEnd ? 'opening' : 'body';
      if (LINK_LABEL.test(text)) linkLabels++;
    }
  }
  return {
    toHomeSecretary,
    inspectorateLetter: letterInformation || (sentOn && fromInspector),
    formFields: fields.size,
    gradeLines,
    minuteNumbers,
    reportSections,
    contents,
    responseHeading,
    linkLabels,
  };
}
