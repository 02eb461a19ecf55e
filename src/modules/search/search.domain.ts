import { escapeHtml } from '../../shared/html.js';

export const SEARCH_KINDS = [
  'finding',
  'engage-reason',
  'judgement',
  'scrutiny-question',
  'response-recommendation',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  finding: 'Finding',
  'engage-reason': 'Engage reason',
  judgement: 'Judgement',
  'scrutiny-question': 'Scrutiny question',
  'response-recommendation': 'Response to a recommendation',
};

/** Open: a finding not yet closed, or a reason of an Engage period still running; closed: the rest. */
export const SEARCH_STATUSES = ['open', 'closed'] as const;
export type SearchStatus = (typeof SEARCH_STATUSES)[number];
export const SEARCH_STATUS_LABELS: Record<SearchStatus, string> = {
  open: 'Open now',
  closed: 'Closed or ended',
};

/** Markers ts_headline puts around matches; replaced by <mark> after the text is escaped. */
export const HIGHLIGHT_START = '\u27E6';
export const HIGHLIGHT_END = '\u27E7';

/** A snippet from the database as safe HTML: the source text escaped, the matches in <mark>. */
export function snippetHtml(snippet: string): string {
  return escapeHtml(snippet.replaceAll(HIGHLIGHT_START, '\u0001').replaceAll(HIGHLIGHT_END, '\u0002'))
    .replaceAll('\u0001', '<mark>')
    .replaceAll('\u0002', '</mark>');
}
