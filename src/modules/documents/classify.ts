import type { Classification, DocumentKind } from './extraction.types.js';

type Signal = { kind: Exclude<DocumentKind, 'unknown'>; weight: number; pattern: RegExp; reason: string };

/**
 * Signals of each kind of document, read from the content alone. The kind with the highest score
 * wins; its confidence is its share of the evidence, damped when the evidence is thin.
 */
const SIGNALS: Signal[] = [
  {
    kind: 'engage-current',
    weight: 4,
    pattern: /^\s*Police forces (?:currently )?in Engage\s*$/im,
    reason: 'title "Police forces in Engage"',
  },
  {
    kind: 'engage-current',
    weight: 1,
    pattern: /^\s*Entered Engage\s*$/im,
    reason: '"Entered Engage" headings',
  },
  {
    kind: 'engage-previous',
    weight: 5,
    pattern: /^\s*Police forces previously in Engage\s*$/im,
    reason: 'title "Police forces previously in Engage"',
  },
  {
    kind: 'engage-previous',
    weight: 3,
    pattern: /^\s*Moved out of Engage\s*$/im,
    reason: '"Moved out of Engage" headings',
  },
  { kind: 'peel-report', weight: 3, pattern: /\bPEEL\b/, reason: 'mentions PEEL' },
  {
    kind: 'peel-report',
    weight: 3,
    pattern: /^\s*How (?:effective|efficient|legitimate|well) (?:is|are|does) the force/im,
    reason: 'PEEL question headings',
  },
  {
    kind: 'peel-report',
    weight: 2,
    pattern: /^\s*Areas? for improvement\s*$/im,
    reason: '"Areas for improvement" headings',
  },
  {
    kind: 'peel-report',
    weight: 2,
    pattern: /\b(?:is|was) (?:good|outstanding|adequate|inadequate) at\b|\brequires improvement (?:in|at)\b/i,
    reason: 'graded findings ("is good at", "requires improvement in")',
  },
  {
    kind: 'peel-report',
    weight: 2,
    pattern: /^\s*Causes? of concern\s*$/im,
    reason: '"Cause of concern" headings',
  },
  {
    kind: 'pcc-response',
    weight: 5,
    pattern: /RESPONSE (?:BY|FROM) THE (?:PCC|P(?:F)?CC|COMMISSIONER|MAYOR)/i,
    reason: 'titled as the commissioner’s response',
  },
  {
    kind: 'pcc-response',
    weight: 3,
    pattern: /^\s*Title of Inspection\s*$/im,
    reason: 'form field "Title of Inspection"',
  },
  {
    kind: 'pcc-response',
    weight: 3,
    pattern: /^\s*Date (?:Inspection|Report) Published\s*$/im,
    reason: 'form field "Date Inspection Published"',
  },
  {
    kind: 'pcc-response',
    weight: 2,
    pattern: /\bType of Inspection\b/i,
    reason: 'form field "Type of Inspection"',
  },
  {
    kind: 'pcc-response',
    weight: 2,
    pattern: /\bComment by the (?:PCC|Commissioner)\b|\bPCC RESPONSE\b/i,
    reason: 'the commissioner’s comment section',
  },
  {
    kind: 'news',
    weight: 2,
    pattern: /\b(?:said|says)\s*:\s*["“]/i,
    reason: 'quoted statements ("… said:")',
  },
  { kind: 'news', weight: 2, pattern: /\bspecial measures\b/i, reason: 'press wording "special measures"' },
  {
    kind: 'news',
    weight: 2,
    pattern: /\b(?:broadcast|reported by|press release|news release)\b/i,
    reason: 'press markers (broadcast, press release)',
  },
  {
    kind: 'news',
    weight: 1,
    pattern: /\bChief Constable [A-Z][a-z]+ [A-Z][a-z]+\b/,
    reason: 'names a chief constable',
  },
  {
    kind: 'news',
    weight: 1,
    pattern: /\b(?:in|for) (?:one|two|three|four|five|six|seven|eight|nine|ten) areas?\b/i,
    reason: 'grade counts in words',
  },
];

const MIN_SCORE = 4;

/** What a document is shows in its first pages; reading further only costs time on big files. */
const HEAD = 200_000;

export function classify(whole: string): Classification {
  const text = whole.length > HEAD ? whole.slice(0, HEAD) : whole;
  const scores = new Map<DocumentKind, { score: number; reasons: string[] }>();
  for (const signal of SIGNALS) {
    // A signal repeated (one "Entered Engage" per force) counts up to three times.
    const found = Math.min(
      3,
      text.match(new RegExp(signal.pattern.source, `${signal.pattern.flags}g`))?.length ?? 0,
    );
    if (found === 0) continue;
    const entry = scores.get(signal.kind) ?? { score: 0, reasons: [] };
    entry.score += signal.weight * found;
    entry.reasons.push(signal.reason);
    scores.set(signal.kind, entry);
  }
  // The previous-Engage page also contains "Entered Engage": it is not a current list.
  const previous = scores.get('engage-previous');
  const current = scores.get('engage-current');
  if (previous && current && previous.score >= 5) scores.delete('engage-current');

  const ranked = [...scores].sort((a, b) => b[1].score - a[1].score);
  const total = ranked.reduce((sum, [, v]) => sum + v.score, 0);
  const best = ranked[0];
  if (!best || best[1].score < MIN_SCORE) {
    return {
      kind: 'unknown',
      confidence: 0,
      reasons: best
        ? [`too little evidence of any known kind (best: ${best[0]}, ${best[1].reasons.join('; ')})`]
        : ['none of the signals of an Engage page, PEEL report, PCC response or news article'],
    };
  }
  const share = best[1].score / total;
  const strength = Math.min(1, best[1].score / 8);
  return { kind: best[0], confidence: Math.round(share * strength * 100) / 100, reasons: best[1].reasons };
}
