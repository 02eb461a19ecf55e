import { load } from 'cheerio';
import FeedParser from 'feedparser';
import { sql } from 'drizzle-orm';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';

/** The feed as an independent reader (feedparser, strict) sees it. */
function parse(xml: string): Promise<{ meta: FeedParser.Meta; items: FeedParser.Item[] }> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ strict: true });
    const items: FeedParser.Item[] = [];
    parser.on('error', reject);
    parser.on('readable', function (this: FeedParser) {
      let item: FeedParser.Item | null;
      while ((item = this.read())) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta, items }));
    Readable.from([xml]).pipe(parser);
  });
}

// A title an HTML reader would cut at "<" (as the feeds' old type="html" titles were).
const TRICKY = 'Forces with < 5 vetting staff <and> counter-corruption: "A & B" é';

const FEEDS = [
  '/feeds/inspections.atom',
  '/feeds/engage.atom',
  '/feeds/status-changes.atom',
  '/feeds/status-changes.atom?force=essex-police',
  '/feeds/responses.atom',
  '/forces/cleveland-police/feed.atom',
  '/themes/call-handling/feed.atom',
];

/**
 * Every Atom feed is valid under RFC 4287 as read by an independent parser: an author, text titles
 * (a title with "<" arrives whole), and a real `updated` even when the feed is empty.
 */
describe.each(testDatabaseKinds)('Atom feeds under RFC 4287 on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: 'https://oversight.example' });
    await t.database.db.execute(
      sql`insert into inspection (slug, title, type, published_on, published_at)
          values ('tricky-title', ${TRICKY}, 'thematic', '2026-11-01', '2026-11-01T09:30:00Z')`,
    );
  });
  afterAll(() => t.close());

  const feed = async (url: string) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, url).toBe(200);
    expect(res.headers['content-type'], url).toMatch(/^application\/atom\+xml/);
    return res.body;
  };

  it('each feed parses, with an author, an id, a self link and a real updated', async () => {
    for (const url of FEEDS) {
      const xml = await feed(url);
      const { meta, items } = await parse(xml);
      expect(meta['#type'], url).toBe('atom');
      expect(meta.author, url).toBe('Oversight');
      expect(meta.date, url).toBeInstanceOf(Date);
      expect(meta.date!.getUTCFullYear(), url).toBeGreaterThanOrEqual(2000);
      expect(meta.xmlurl, url).toMatch(/^https:\/\/oversight\.example\//);
      for (const item of items) {
        expect(item.guid, url).toMatch(/^https:\/\/oversight\.example\//);
        expect(item.title, url).toBeTruthy();
        expect(item.date, url).toBeInstanceOf(Date);
        // The feed's author is every entry's author (RFC 4287 4.1.2).
        expect(item.author, url).toBe('Oversight');
      }
      // The structure itself: RFC 4287's required elements, titles and summaries as text.
      const $ = load(xml, { xml: true });
      expect($('feed').attr('xmlns'), url).toBe('http://www.w3.org/2005/Atom');
      expect($('feed > id').length, url).toBe(1);
      expect($('feed > title').attr('type'), url).toBe('text');
      expect($('feed > author > name').text(), url).toBe('Oversight');
      expect($('feed > link[rel=self]').length, url).toBe(1);
      $('entry').each((_, entry) => {
        const e = $(entry);
        expect(e.children('id').length, url).toBe(1);
        expect(e.children('updated').length, url).toBe(1);
        expect(e.children('title').attr('type'), url).toBe('text');
        expect(e.children('summary').attr('type'), url).toBe('text');
      });
      expect($('[type=html]').length, url).toBe(0);
    }
  });

  it('a title with "<", "&" and quotes arrives whole, as text', async () => {
    const { items } = await parse(await feed('/feeds/inspections.atom'));
    const titles = items.map((i) => i.title);
    expect(titles, JSON.stringify(titles)).toContain(TRICKY);
    const $ = load(await feed('/feeds/inspections.atom'), { xml: true });
    expect(
      $('entry > title')
        .map((_, e) => $(e).text())
        .get(),
    ).toContain(TRICKY);
  });

  it('an empty feed is dated by the data, not 1970', async () => {
    const xml = await feed('/feeds/status-changes.atom?force=essex-police');
    const { meta, items } = await parse(xml);
    expect(items).toHaveLength(0);
    expect(meta.date!.getTime()).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(meta.date!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(xml).not.toContain('1970-01-01');
  });
});
