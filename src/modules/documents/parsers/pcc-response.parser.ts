import {
  ExtractionError,
  emptyExtracted,
  type ExtractedFinding,
  type ExtractedJudgement,
  type ExtractedResponse,
  type ForceRef,
  type InspectionType,
  type Parser,
  type SourceRange,
  type Tick,
} from '../extraction.types.js';
import {
  ForceMatcher,
  GRADE_PATTERN,
  HUMAN_DATE,
  finding,
  gradeOf,
  isoOf,
  liftChildAsks,
  listItem,
  programmeOf,
  sentences,
  splitLines,
  subLine,
  type Line,
  type ListItem,
} from './peel-report.parser.js';

type Section =
  'header' | 'details' | 'title' | 'date' | 'type' | 'quoted' | 'summary' | 'findings' | 'response' | 'pcc';

// Headings are tested only on lines short enough to be headings (see `heading`).
const TITLE = /^title of (?:the )?(?:inspection|report)\s*:?\s*(.*)$/i;
const DATE = /^date (?:of )?(?:the )?(?:inspection |report )?(?:published|publication)\s*:?\s*(.*)$/i;
const TYPE = /^type of (?:inspection|report)\s*:?\s*(.*)$/i;
const QUOTED =
  /^(?:is|was|are)\s+(?:the\s+)?(.{2,80}?)\s+(?:quoted|named|mentioned|referred to)\s+in\s+the\s+report\s*\??\s*(.*)$/i;
const SUMMARY = /^executive summary\b/i;
const FINDINGS = /^causes? of concern and areas? for improvement\b/i;
const RESPONSE = /^(?:force|chief constable['’]?s?)\s+(?:response|comments?)\b/i;
const PCC =
  /^(?:(?:pcc|pfcc|lpb|commissioner|mayor|police(?:,| and) (?:fire and )?crime commissioner)['’]?s?\s+(?:response|comments?|statement)\b|comments?\s+(?:by|from)\s+the\b)/i;
const AREA_GRADE = new RegExp(`^(.{3,200}?)\\s*\\((${GRADE_PATTERN})\\)\\s*:?$`, 'i');
const COC_HEADING = /^causes?\s+of\s+concern(?:\s+\d{1,2})?:?$/i;
const AFI_HEADING = /^areas?\s+for\s+improvement(?:\s*\(afis?\))?:?$/i;
const RECS_HEADING = /^recommendations?:?$/i;
const COC_LINE = /^(?:coc|cause of concern)\s*(\d{1,2})\s*[-–—:.]\s*(\S.*)$/i;
const LEAD_IN = /\bshould(?:\s+(?:continue\s+to|take\s+immediate\s+steps\s+to))?\s*:?$/i;
const MODAL = /\b(?:should|needs?\s+to|must)\b/i;
const MEETING = new RegExp(
  `\\bscrutiny\\s+(?:meeting|session|board|panel)\\b[^.\\n]{0,40}?\\b(?:on|held|dated)\\s+(?:the\\s+)?(${HUMAN_DATE})`,
  'i',
);
const ASKED = /\b(?:asked the following|following questions?)\b/i;
const RECORDING =
  /\bcrime[- ]recording\b|\brecording (?:of )?(?:data about )?crimes?\b|\bcrime data integrity\b/i;
const GRADED_AS = new RegExp(
  `\\b(?:grade[sd]?|rate[sd]?|judge[sd]?|assesse[sd])\\b[^.]{0,160}?\\bas\\s+['‘’"“]?(${GRADE_PATTERN})\\b`,
  'i',
);

const TICKED = new Set(['☒', '☑', '✓', '✔']);
const UNTICKED = new Set(['☐', '□']);
const TICK_SYMBOL = /[☒☑✓✔☐□]/g;

const TYPE_WORDS: Array<[RegExp, InspectionType]> = [
  [/\bpeel\b/i, 'peel'],
  [/\bspecific\b|\bsingle[- ]force\b/i, 'force-specific'],
  [/\bnational\b|\bthematic\b/i, 'thematic'],
  [/\bfollow[- ]?up\b|\brevisit\b/i, 'revisit'],
  [/\bpartner\b|\bjoint\b/i, 'joint'],
  [/\bcommissioned\b/i, 'commissioned'],
];

type Option = { label: Line; ticked: Tick };

/** The options of a line of tick boxes: "☒ Yes ☐ No" → two options; a label with no symbol → unknown. */
function options(line: Line): Option[] {
  const marks = [...line.text.matchAll(TICK_SYMBOL)];
  if (marks.length === 0) return [{ label: line, ticked: 'unknown' }];
  const out: Option[] = [];
  const before = subLine(line, 0, marks[0]!.index);
  if (before.text) out.push({ label: before, ticked: 'unknown' });
  marks.forEach((m, k) => {
    const label = subLine(line, m.index + m[0].length, marks[k + 1]?.index ?? line.text.length);
    if (label.text)
      out.push({ label, ticked: TICKED.has(m[0]) ? true : UNTICKED.has(m[0]) ? false : 'unknown' });
  });
  return out;
}

/** Publication + 55 days: the last day of the 56 that begin with the day of publication (s55(5A)). */
export function responseDeadline(published: string | null): string | null {
  const m = published ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(published) : null;
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 55)).toISOString().slice(0, 10);
}

const subjectOf = (text: string): string => text.split(/\s+/, 2).join(' ').toLowerCase();
const range = (from: Line, to: Line): SourceRange => ({ start: from.start, end: to.end });
const joined = (parts: Line[]): { text: string; source: SourceRange } | null =>
  parts.length === 0
    ? null
    : { text: parts.map((p) => p.text).join('\n'), source: range(parts[0]!, parts.at(-1)!) };

/**
 * A local policing body's response to an HMICFRS report (Police Act 1996 s55), as the Word form
 * PCCs publish: inspection details with tick boxes, the executive summary, the graded areas with
 * their causes of concern and areas for improvement, the force's response with the
 * recommendations, the PCC's comment and the scrutiny that followed.
 *
 * Numbering: causes of concern "1", "2"… in order; their recommendations "1"… within each (parent =
 * the cause's number), from the force response's "CoC n - …" lists, else the bullets under the
 * heading; areas for improvement "1"…"N" across the document. In the force's "Recommendations"
 * list, a line without a number that carries on the list's wording ("The force needs to…") is kept
 * as its own recommendation with number null: never dropped, never merged into its neighbour. A
 * line in other words ends the list and belongs to the force's narrative.
 */
export const parsePccResponse: Parser = (text, context) => {
  const lines = splitLines(text);
  let section: Section = 'header';
  const header: Line[] = [];
  let titleHeading: Line | null = null;
  let title: Line | null = null;
  let published: string | null = null;
  const typeOptions: Option[] = [];
  const quotedOptions: Option[] = [];
  let quotedSubject: string | null = null;
  const summary: ListItem[] = [];
  const findingLines: Line[] = [];
  const responseLines: Line[] = [];
  const pccLines: Line[] = [];
  let inspectionEnd: Line | null = null;

  for (const line of lines) {
    const t = line.text;
    const short = t.length <= 300;
    const inDetails = section !== 'response' && section !== 'pcc';
    let m: RegExpExecArray | null;
    if (short && inDetails && (m = TITLE.exec(t))) {
      section = 'title';
      titleHeading = line;
      if (m[1]) {
        title = subLine(line, t.length - m[1].length);
        section = 'details';
      }
      continue;
    }
    if (short && inDetails && (m = DATE.exec(t))) {
      section = 'date';
      const iso = m[1] ? isoOf(m[1]) : null;
      if (iso) [published, section] = [iso, 'details'];
      continue;
    }
    if (short && inDetails && (m = TYPE.exec(t))) {
      section = 'type';
      if (m[1]) typeOptions.push(...options(subLine(line, t.length - m[1].length)));
      continue;
    }
    if (short && inDetails && (m = QUOTED.exec(t))) {
      section = 'quoted';
      quotedSubject = m[1] ?? null;
      if (m[2]) quotedOptions.push(...options(subLine(line, t.length - m[2].length)));
      continue;
    }
    if (short && inDetails && SUMMARY.test(t)) {
      section = 'summary';
      continue;
    }
    if (short && inDetails && FINDINGS.test(t)) {
      section = 'findings';
      inspectionEnd = line;
      continue;
    }
    if (short && inDetails && AREA_GRADE.test(t)) section = 'findings';
    const headingLike = t.length <= 80 && !t.endsWith('.');
    if (headingLike && section !== 'pcc' && RESPONSE.test(t)) {
      section = 'response';
      continue;
    }
    if (headingLike && PCC.test(t)) {
      section = 'pcc';
      continue;
    }

    switch (section) {
      case 'header':
        header.push(line);
        break;
      case 'title':
        title = line;
        section = 'details';
        break;
      case 'date': {
        const iso = t.length <= 60 ? isoOf(t) : null;
        if (iso) [published, section] = [iso, 'details'];
        break;
      }
      case 'type':
        typeOptions.push(...options(line));
        break;
      case 'quoted':
        quotedOptions.push(...options(line));
        break;
      case 'summary': {
        const item = listItem(line);
        if (item?.bullet) summary.push(item);
        break;
      }
      case 'findings':
        findingLines.push(line);
        break;
      case 'response':
        responseLines.push(line);
        break;
      case 'pcc':
        pccLines.push(line);
        break;
      case 'details':
        break;
    }
    if (section !== 'response' && section !== 'pcc') inspectionEnd = line;
  }

  // ---- The graded areas and their findings -----------------------------------------------------
  const judgements: ExtractedJudgement[] = [];
  const findings: ExtractedFinding[] = [];
  const causes: ExtractedFinding[] = [];
  let area: string | null = null;
  let mode: 'afi' | 'coc-text' | 'coc-items' = 'afi';
  let afiCount = 0;
  for (const line of findingLines) {
    const t = line.text;
    const graded = t.length <= 300 ? AREA_GRADE.exec(t) : null;
    if (graded) {
      area = graded[1]!.trim();
      judgements.push({ area, grade: gradeOf(graded[2] ?? ''), source: range(line, line) });
      mode = 'afi';
      continue;
    }
    if (t.length <= 60 && COC_HEADING.test(t)) {
      mode = 'coc-text';
      continue;
    }
    if (t.length <= 60 && AFI_HEADING.test(t)) {
      mode = 'afi';
      continue;
    }
    const item = listItem(line);
    if (mode === 'coc-text') {
      const coc = finding('cause-of-concern', item ?? line, { area, number: String(causes.length + 1) });
      causes.push(coc);
      findings.push(coc);
      mode = 'coc-items';
    } else if (mode === 'coc-items') {
      const coc = causes.at(-1)!;
      // Fallback: the bullets under the cause of concern, until the force response lists them.
      if (item)
        coc.children.push(
          finding('recommendation', item, {
            area,
            number: String(coc.children.length + 1),
            parent: coc.number,
          }),
        );
    } else if (item) {
      findings.push(finding('area-for-improvement', item, { area, number: String(++afiCount) }));
    }
  }

  // ---- The force's response: narrative, the causes of concern's recommendations, the list -------
  const narrative: Line[] = [];
  const cocLists = new Map<number, { statement: Line; items: ListItem[] }>();
  const recommendations: ExtractedResponse['recommendations'] = [];
  let state: 'narrative' | 'coc' | 'recs' | 'done' = 'narrative';
  let cocNumber = 0;
  let lastSubject: string | null = null;
  for (const line of responseLines) {
    const t = line.text;
    const cocLine = t.length <= 2000 ? COC_LINE.exec(t) : null;
    if (cocLine) {
      cocNumber = Number(cocLine[1]);
      cocLists.set(cocNumber, { statement: subLine(line, t.length - cocLine[2]!.length), items: [] });
      state = 'coc';
      continue;
    }
    if (t.length <= 40 && RECS_HEADING.test(t) && state !== 'done') {
      state = 'recs';
      continue;
    }
    const item = listItem(line);
    if (state === 'coc') {
      if (item) {
        cocLists.get(cocNumber)!.items.push(item);
        continue;
      }
      if (t.length <= 120 && LEAD_IN.test(t)) continue; // "Cleveland Police should:"
      state = 'narrative';
    }
    if (state === 'recs') {
      if (item) {
        recommendations.push({
          number: item.number,
          text: item.text,
          parent: null,
          source: range(item, item),
        });
        lastSubject = subjectOf(item.text);
        continue;
      }
      // A line without a number that carries on the list's wording ("The force needs to…") is a
      // recommendation whose number was lost; anything else ends the list.
      if (lastSubject !== null && subjectOf(t) === lastSubject && MODAL.test(t)) {
        recommendations.push({ number: null, text: t, parent: null, source: range(line, line) });
        continue;
      }
      state = 'done';
    }
    narrative.push(line);
  }

  for (const [n, list] of [...cocLists].sort((a, b) => a[0] - b[0])) {
    let coc = causes[n - 1];
    if (!coc) {
      coc = finding('cause-of-concern', list.statement, { area: null, number: String(n) });
      causes.push(coc);
      findings.push(coc);
    }
    if (list.items.length === 0) continue;
    const parent = coc;
    parent.children = list.items.map((item, k) =>
      finding('recommendation', item, {
        area: parent.area,
        number: item.number ?? String(k + 1),
        parent: parent.number,
      }),
    );
  }
  for (const coc of causes) liftChildAsks(coc);

  // ---- The PCC's comment and the scrutiny that followed -----------------------------------------
  let scrutinyAt = pccLines.findIndex((l) => l.text.length <= 2000 && MEETING.test(l.text));
  if (scrutinyAt === -1) {
    const asked = pccLines.findIndex((l) => l.text.length <= 300 && ASKED.test(l.text));
    if (asked !== -1 && pccLines.slice(asked + 1).some((l) => listItem(l)?.number)) scrutinyAt = asked;
  }
  const comment: Line[] = scrutinyAt === -1 ? [...pccLines] : pccLines.slice(0, scrutinyAt);
  type Meeting = ExtractedResponse['scrutiny'][number];
  const scrutiny: Meeting[] = [];
  let meeting: (Meeting & { closed: boolean }) | null = null;
  const close = () => {
    if (meeting) {
      const { closed: _closed, ...done } = meeting;
      scrutiny.push(done);
    }
  };
  for (const line of scrutinyAt === -1 ? [] : pccLines.slice(scrutinyAt)) {
    const dated = line.text.length <= 2000 ? MEETING.exec(line.text) : null;
    const date = dated?.[1] ? isoOf(dated[1]) : null;
    if (!meeting || (dated && (meeting.questions.length > 0 || date !== meeting.date))) {
      close();
      const parts = sentences(line);
      const first = dated
        ? Math.max(
            0,
            parts.findIndex((s) => MEETING.test(s.text)),
          )
        : 0;
      if (meeting === null && first > 0) comment.push(...parts.slice(0, first)); // sentences before the meeting belong to the comment
      const opening = parts[first] ?? line;
      const focus = parts.find((s) => /\bfocus\b/i.test(s.text)) ?? null;
      meeting = {
        date,
        focus: focus?.text ?? null,
        questions: [],
        source: { start: opening.start, end: line.end },
        closed: false,
      };
      continue;
    }
    const item = listItem(line);
    if (item && !meeting.closed) {
      meeting.questions.push({ number: item.number, text: item.text, source: range(item, item) });
      meeting.source.end = item.end;
    } else if (!item && meeting.questions.length > 0) {
      meeting.closed = true;
    }
  }
  close();

  // The PCC's statement may quote a grade the form's headings leave out (crime recording).
  const recordingSentence = comment
    .flatMap((l) => (l.text.length <= 20000 ? sentences(l) : []))
    .find((s) => s.text.length <= 1000 && RECORDING.test(s.text) && GRADED_AS.test(s.text));
  if (recordingSentence && !judgements.some((j) => /recording/i.test(j.area))) {
    const grade = gradeOf(GRADED_AS.exec(recordingSentence.text)?.[1] ?? '');
    if (grade)
      judgements.push({
        area: 'Recording data about crime',
        grade,
        source: range(recordingSentence, recordingSentence),
      });
  }

  if (
    !title &&
    summary.length === 0 &&
    judgements.length === 0 &&
    findings.length === 0 &&
    responseLines.length === 0 &&
    pccLines.length === 0
  ) {
    throw new ExtractionError(
      'The text is not a PCC response form this parser can read: it has no "Title of Inspection", executive summary, graded areas, force response or PCC comment.',
    );
  }

  // ---- The force ---------------------------------------------------------------------------------
  const matcher = new ForceMatcher(context.forces);
  const headerText = header
    .slice(0, 12)
    .map((l) => l.text)
    .join(' ')
    .slice(0, 600);
  const headerSubject =
    /\binspections?\s+(?:of|into)\s+(?:the\s+)?(.{2,80})$/i.exec(headerText)?.[1]?.trim() ?? null;
  const specific =
    typeOptions.map((o) => /^(.{2,60}?)\s+specific$/i.exec(o.label.text)?.[1]).find((s) => s !== undefined) ??
    null;
  const candidates = [quotedSubject, headerSubject, specific].filter((c): c is string => c !== null);
  const resolved = candidates
    .map((name) => ({ name, slug: matcher.resolve(name) }))
    .find((c) => c.slug !== null);
  const slug = resolved?.slug ?? matcher.within(headerText);
  const forceRef: ForceRef = { force: slug, forceName: resolved?.name ?? candidates[0] ?? '' };

  // ---- Ticks -------------------------------------------------------------------------------------
  const types = new Set(
    typeOptions
      .filter((o) => o.ticked === true)
      .flatMap((o) => TYPE_WORDS.filter(([re]) => re.test(o.label.text)).map(([, type]) => type)),
  );
  const type: InspectionType | null = types.size === 1 ? [...types][0]! : null;
  const yes = quotedOptions.find((o) => /^yes\b/i.test(o.label.text))?.ticked;
  const no = quotedOptions.find((o) => /^no\b/i.test(o.label.text))?.ticked;
  const forceQuoted: Tick =
    yes === true && no !== true ? true : no === true && yes !== true ? false : 'unknown';

  const titleText = title?.text ?? '';
  const first = lines[0]!;
  const last = lines.at(-1)!;
  const inspectionStart = titleHeading ?? title ?? findingLines[0] ?? first;
  const inspectionLast =
    inspectionEnd && inspectionEnd.end >= inspectionStart.end ? inspectionEnd : inspectionStart;

  const response: ExtractedResponse = {
    ...forceRef,
    inspection: titleText,
    published,
    deadline: responseDeadline(published),
    inspectionType: { options: typeOptions.map((o) => ({ label: o.label.text, ticked: o.ticked })) },
    forceQuoted,
    summary: summary.map((s) => ({ text: s.text, source: range(s, s) })),
    forceResponse: joined(narrative),
    recommendations,
    lpbComment: joined(comment),
    scrutiny,
    source: range(first, last),
  };
  return {
    ...emptyExtracted(),
    inspections: [
      {
        ...forceRef,
        programme: programmeOf(titleText),
        title: titleText,
        published,
        type,
        judgements,
        findings,
        source: range(inspectionStart, inspectionLast),
      },
    ],
    responses: [response],
  };
};
