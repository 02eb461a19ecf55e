import type { Extracted, ExtractedFinding, ExtractedReason, SourceRange } from './extraction.types.js';

/** One value the importer read, where it read it, and the passage itself (for the review page). */
export type ReadItem = {
  /** What kind of value: "Engage period", "judgement", "finding", "response", "mention"… */
  item: string;
  /** The value as a person would say it: "Effectiveness: good", "entered Engage 2019". */
  value: string;
  source: SourceRange;
  /** The passage of the normalised text (at most PASSAGE_MAX characters). */
  passage: string;
};

const PASSAGE_MAX = 300;

/**
 * Every value extracted from a document, in document order, each with its character range and
 * the passage it was read from: what the review page shows beside "what the import would do".
 */
export function readItems(extracted: Extracted, text: string): ReadItem[] {
  const out: ReadItem[] = [];
  const add = (item: string, value: string, source: SourceRange) => {
    const passage = text.slice(source.start, Math.min(source.end, source.start + PASSAGE_MAX));
    out.push({
      item,
      value,
      source,
      passage: source.end - source.start > PASSAGE_MAX ? `${passage}…` : passage,
    });
  };
  const force = (f: { forceName: string; force: string | null }) =>
    f.forceName || f.force || 'force not named';
  const reasons = (label: string, list: ExtractedReason[]) => {
    for (const r of list) {
      if (!r.note) add(label, r.text, r.source);
      reasons(label, r.items);
    }
  };
  for (const p of extracted.engagePeriods) {
    const span = [p.entered ? `entered ${p.entered}` : null, p.exited ? `left ${p.exited}` : null]
      .filter(Boolean)
      .join(', ');
    add('Engage period', `${force(p)}${span ? `: ${span}` : ''}`, p.source);
    reasons('reason for entering Engage', p.entryReasons);
    reasons('reason for leaving Engage', p.exitReasons);
    for (const c of p.causesOfConcern)
      add(
        'cause of concern',
        `${c.status}${c.closedOn ? ` (closed ${c.closedOn})` : ''}: ${c.text}`,
        c.source,
      );
  }
  const findings = (list: ExtractedFinding[]) => {
    for (const f of list) {
      add(f.kind.replace(/-/g, ' '), `${f.number ? `${f.number}. ` : ''}${f.text}`, f.source);
      findings(f.children);
    }
  };
  for (const i of extracted.inspections) {
    const facts = [i.programme, i.published ? `published ${i.published}` : null].filter(Boolean).join(', ');
    add('inspection', `${i.title} (${force(i)}${facts ? `; ${facts}` : ''})`, i.source);
    for (const j of i.judgements) add('judgement', `${j.area}: ${j.grade ?? 'not graded'}`, j.source);
    findings(i.findings);
  }
  for (const r of extracted.responses) {
    const dates = [
      r.published ? `published ${r.published}` : null,
      r.deadline ? `deadline ${r.deadline}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    add('response', `to ${r.inspection} (${force(r)}${dates ? `; ${dates}` : ''})`, r.source);
  }
  for (const m of extracted.mentions) {
    const counts = Object.entries(m.gradeCounts ?? {})
      .map(([grade, n]) => `${grade.replace(/-/g, ' ')} in ${n}`)
      .join(', ');
    add(
      'mention',
      `${force(m)}: ${m.event.replace(/-/g, ' ')}${m.date ? ` ${m.date}` : ''}${counts ? `; ${counts}` : ''}`,
      m.source,
    );
  }
  return out.sort((a, b) => a.source.start - b.source.start);
}
