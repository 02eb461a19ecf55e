import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';

describe.each(testDatabaseKinds)('the public page cache on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { PAGE_CACHE: true });
  });
  afterAll(() => t.close());
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { accept: 'text/html', ...headers } });

  it('serves a repeat read from the cache, with the same ETag and a fresh CSP nonce', async () => {
    const first = await get('/forces');
    const second = await get('/forces');
    expect(first.headers['x-cache']).toBe('miss');
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.headers.etag).toBe(first.headers.etag);
    const nonce = load(second.body)('script:not([src])').attr('nonce')!;
    expect(nonce).not.toBe(load(first.body)('script:not([src])').attr('nonce'));
    expect(String(second.headers['content-security-policy'])).toContain(`'nonce-${nonce}'`);
  });

  it('answers a matching If-None-Match with 304 Not Modified', async () => {
    const { headers } = await get('/api/v1/forces', { accept: 'application/json' });
    const res = await get('/api/v1/forces', {
      accept: 'application/json',
      'if-none-match': String(headers.etag),
    });
    expect(res.statusCode).toBe(304);
    expect(res.body).toBe('');
  });

  it('a write anywhere makes the next read fresh', async () => {
    const before = await get('/engage/previous');
    await get('/engage/previous');
    await t.database.db.execute(sql`update force set lpb_title = lpb_title || '' where slug = 'kent-police'`);
    const after = await get('/engage/previous');
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('an embargo lifting changes what is cached, with no write', async () => {
    await t.database.db.execute(
      sql`insert into inspection (slug, title, type, published_on, published_at) values ('cache-embargo', 'Published in a moment', 'thematic', '2026-01-01', now() + interval '2 seconds')`,
    );
    expect((await get('/inspections')).body).not.toContain('Published in a moment');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await get('/inspections')).body).toContain('Published in a moment');
  });
});
