import { describe, expect, it } from 'vitest';
import { atomFeed, xmlText } from './atom.js';

const base = {
  id: 'https://oversight.example/feeds/x.atom',
  title: 'Oversight: <test> & "quotes"',
  link: 'https://oversight.example',
  self: 'https://oversight.example/feeds/x.atom?force=a&b',
  emptyUpdated: new Date('2026-12-01T10:00:00Z'),
  author: { name: 'Oversight', uri: 'https://oversight.example' },
};

describe('atomFeed', () => {
  it('escapes text, attributes included, and drops characters XML forbids', () => {
    expect(xmlText('a < b & "c" > d\u0001')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
    const xml = atomFeed({ ...base, entries: [] });
    expect(xml).toContain('<title type="text">Oversight: &lt;test&gt; &amp; &quot;quotes&quot;</title>');
    expect(xml).toContain('href="https://oversight.example/feeds/x.atom?force=a&amp;b"');
  });

  it('an empty feed is updated when its data last changed; otherwise at its newest entry', () => {
    expect(atomFeed({ ...base, entries: [] })).toContain('<updated>2026-12-01T10:00:00.000Z</updated>');
    const entry = (day: string) => ({
      id: `https://oversight.example/e/${day}`,
      title: day,
      link: 'https://oversight.example/e',
      updated: new Date(`${day}T00:00:00Z`),
      summary: 'S',
    });
    const xml = atomFeed({
      ...base,
      entries: [entry('2024-05-01'), entry('2025-01-02'), entry('2023-01-01')],
    });
    expect(xml.split('<entry>')[0]).toContain('<updated>2025-01-02T00:00:00.000Z</updated>');
  });

  it('has an author and declares every title and summary as text', () => {
    const xml = atomFeed({
      ...base,
      entries: [{ id: 'urn:x', title: 'T', link: 'https://e.example', updated: new Date(0), summary: 'S' }],
    });
    expect(xml).toMatch(
      /<author>\s*<name>Oversight<\/name>\s*<uri>https:\/\/oversight\.example<\/uri>\s*<\/author>/,
    );
    expect(xml).not.toContain('type="html"');
    expect(xml).toContain('<summary type="text">S</summary>');
  });
});
