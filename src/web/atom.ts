/**
 * Atom 1.0 (RFC 4287) documents, written here rather than with the `feed` package, which declares
 * every title `type="html"` while we hold plain text (so a title with "<" was cut by readers) and
 * gives no way to say otherwise. Titles, summaries and rights are `type="text"`, escaped; the feed
 * has an author (so every entry has one, RFC 4287 4.1.2); `updated` is always a real moment.
 */
export type AtomEntry = { id: string; title: string; link: string; updated: Date; summary: string };

export type AtomFeed = {
  /** The feed's permanent IRI (its own address). */
  id: string;
  title: string;
  /** The page the feed is about (rel="alternate"). */
  link: string;
  /** The feed's own address (rel="self"). */
  self: string;
  /** When nothing is in the feed: when the data it is made from last changed. */
  emptyUpdated: Date;
  author: { name: string; uri?: string };
  rights?: string;
  language?: string;
  entries: readonly AtomEntry[];
};

/** Who writes Oversight's feeds (RFC 4287: a feed, or each of its entries, has an author). */
export const feedAuthor = (base: string) => ({ name: 'Oversight', uri: base });

// Characters XML 1.0 does not allow at all (C0 controls other than tab, line feed, carriage return).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as XML character data or an attribute value: escaped, with characters XML forbids removed. */
export const xmlText = (value: string): string =>
  value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const text = (name: string, value: string, indent: string) =>
  `${indent}<${name} type="text">${xmlText(value)}</${name}>`;

/** The Atom document: entries newest first, as given. */
export function atomFeed(feed: AtomFeed): string {
  const updated = feed.entries.reduce<Date | null>(
    (latest, e) => (latest === null || e.updated > latest ? e.updated : latest),
    null,
  );
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${feed.language ? ` xml:lang="${xmlText(feed.language)}"` : ''}>`,
    `  <id>${xmlText(feed.id)}</id>`,
    text('title', feed.title, '  '),
    `  <updated>${(updated ?? feed.emptyUpdated).toISOString()}</updated>`,
    '  <author>',
    `    <name>${xmlText(feed.author.name)}</name>`,
    ...(feed.author.uri ? [`    <uri>${xmlText(feed.author.uri)}</uri>`] : []),
    '  </author>',
    `  <link rel="alternate" type="text/html" href="${xmlText(feed.link)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>`,
    ...(feed.rights ? [text('rights', feed.rights, '  ')] : []),
    '  <generator>Oversight</generator>',
  ];
  for (const e of feed.entries)
    lines.push(
      '  <entry>',
      `    <id>${xmlText(e.id)}</id>`,
      text('title', e.title, '    '),
      `    <link rel="alternate" type="text/html" href="${xmlText(e.link)}"/>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      text('summary', e.summary, '    '),
      '  </entry>',
    );
  lines.push('</feed>', '');
  return lines.join('\n');
}
