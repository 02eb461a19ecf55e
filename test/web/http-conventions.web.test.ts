import { sql } from 'drizzle-orm';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';

type Page = { limit: number; offset: number; total: number; next: string | null };
type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  [extra: string]: unknown;
};

const ELSEWHERE = 'https://notebook.example.net';

/**
 * The HTTP conventions of the whole app: RFC 9457 problems, 405 with Allow, CORS on public reads
 * only, Cache-Control on every response, weak ETag comparison and Last-Modified, compression, and
 * lists that page through every row exactly once.
 */
describe.each(testDatabaseKinds)('HTTP conventions on %s', (kind) => {
  let t: TestApp;
  let inspector: Session;
  let findingId: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { PAGE_CACHE: true });
    inspector = await accountSession(t, 'inspectorate');
    const made = await insertInspectionWithFindings(t.database.db, { slug: 'http-conventions-2025' });
    findingId = made.findingIds[0]!;
    // Rows that tie on every sort key but the id (one statement: the same created_at, position,
    // raised_on and force), and inspections that tie on date and title: the case that lost rows.
    await t.database.db.execute(sql`
      insert into finding (force_id, inspection_id, kind, number, position, area_label, text, raised_on)
      select ${made.forceId}, ${made.inspectionId}, 'recommendation', null, 0, 'Tied', 'A tied recommendation ' || n, '2025-02-03'
      from generate_series(1, 40) as n`);
    await t.database.db.execute(sql`
      insert into inspection (slug, title, type, published_on, published_at)
      select 'tied-inspection-' || n, 'A tied inspection', 'thematic', '2025-03-01', '2025-03-01T09:00:00Z'
      from generate_series(1, 12) as n`);
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  const expectProblem = (res: Awaited<ReturnType<typeof get>>, status: number, code: string): Problem => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<Problem>();
    expect(body).toMatchObject({ status, code, type: `/api/docs#problem-${code}` });
    expect(body.title).toEqual(expect.any(String));
    expect(body.detail).toEqual(expect.any(String));
    expect(body.instance).toMatch(/^\/[^?]*$/);
    return body;
  };

  describe('errors are RFC 9457 problems', () => {
    it('404 and 400 name what was asked and what is wrong', async () => {
      const missing = expectProblem(await get('/api/v1/forces/atlantis-police'), 404, 'not-found');
      expect(missing.detail).toMatch(/atlantis-police/);
      expect(missing.instance).toBe('/api/v1/forces/atlantis-police');
      expectProblem(await get('/api/v1/nothing-here'), 404, 'not-found');
      const bad = expectProblem(await get('/api/v1/findings?limit=0'), 400, 'bad-request');
      expect(bad.detail).toMatch(/limit/);
      expect(bad.instance).toBe('/api/v1/findings');
      // A bad token is a problem too, and still private.
      const unknownToken = await get('/api/v1/forces', { authorization: 'Bearer not-a-token' });
      expectProblem(unknownToken, 401, 'unauthorised');
      expect(unknownToken.headers['cache-control']).toBe('private, no-store');
    });

    it('a method a known path does not take is a 405 with Allow, not a 404', async () => {
      const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/forces' });
      const body = expectProblem(res, 405, 'method-not-allowed');
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(body.detail).toMatch(/DELETE/);
      const withParam = await t.app.inject({ method: 'PUT', url: '/api/v1/forces/cleveland-police' });
      expect(withParam.statusCode).toBe(405);
      expect(withParam.headers.allow).toBe('GET, HEAD');
      // A path that takes PATCH and GET says so.
      const finding = await t.app.inject({ method: 'DELETE', url: `/api/v1/findings/${findingId}` });
      expect(finding.statusCode).toBe(405);
      expect(String(finding.headers.allow).split(', ')).toEqual(
        expect.arrayContaining(['GET', 'HEAD', 'PATCH']),
      );
      // People get the GOV.UK page with the same status and header.
      const page = await t.app.inject({ method: 'POST', url: '/forces', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(405);
      expect(page.headers.allow).toBe('GET, HEAD');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      // An unknown path is still a 404.
      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/no-such-list' })).statusCode).toBe(404);
    });

    it('a 409 carries the current version, never the database row', async () => {
      const first = await apiAs(t, inspector, 'PATCH', `/api/v1/findings/${findingId}`, {
        version: 1,
        number: '7',
      });
      expect(first.statusCode, first.body).toBe(200);
      const stale = await apiAs(t, inspector, 'PATCH', `/api/v1/findings/${findingId}`, {
        version: 1,
        number: '8',
      });
      const body = expectProblem(stale, 409, 'conflict');
      expect(body.currentVersion).toBe(2);
      expect(Object.keys(body).sort()).toEqual(
        ['code', 'currentVersion', 'detail', 'instance', 'status', 'title', 'type'].sort(),
      );
      expect(stale.body).not.toMatch(/forceId|force_id|createdAt|sourceStart|source_document_id/);
    });

    it('a 422 names each field that is wrong', async () => {
      const res = await apiAs(t, inspector, 'PATCH', `/api/v1/findings/${findingId}`, {
        version: 2,
        kind: 'not-a-kind',
      });
      expect([400, 422]).toContain(res.statusCode);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('CORS', () => {
    it('public reads, feeds and calendars are open to any origin, without credentials', async () => {
      for (const url of [
        '/api/v1/findings',
        '/api/v1/forces/cleveland-police',
        '/api/docs/openapi.json',
        '/feeds/inspections.atom',
        '/forces/cleveland-police/feed.atom',
        '/responses/deadlines.ics',
      ]) {
        const res = await get(url, { origin: ELSEWHERE });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['access-control-allow-origin'], url).toBe('*');
        expect(res.headers['access-control-allow-credentials'], url).toBeUndefined();
        expect(String(res.headers['access-control-expose-headers']), url).toMatch(/ETag/);
        expect(res.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
      }
    });

    it('a preflight for a public read is allowed, for GET and HEAD only and without Authorization', async () => {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/findings?limit=7',
        headers: {
          origin: ELSEWHERE,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(String(res.headers['access-control-allow-methods'])).toBe('GET, HEAD');
      expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('if-none-match');
      expect(String(res.headers['access-control-allow-headers']).toLowerCase()).not.toContain(
        'authorization',
      );
    });

    it('writes, token-only reads and pages are not open to other origins', async () => {
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url: `/api/v1/findings/${findingId}`,
        headers: { origin: ELSEWHERE, 'access-control-request-method': 'PATCH' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.statusCode).toBe(405);
      const write = await t.app.inject({
        method: 'POST',
        url: `/api/v1/findings/${findingId}/updates`,
        headers: { origin: ELSEWHERE, 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(write.headers['access-control-allow-origin']).toBeUndefined();
      for (const url of ['/api/v1/my-work', '/api/v1/audit', '/forces', '/my-work']) {
        const res = await get(url, { origin: ELSEWHERE });
        expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
      }
      // A read sent with a token is not a public read either.
      const withToken = await get('/api/v1/findings', {
        origin: ELSEWHERE,
        authorization: `Bearer ${inspector.token}`,
      });
      expect(withToken.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('Cache-Control', () => {
    it('public pages and data may be kept a minute and revalidated', async () => {
      for (const url of ['/forces', '/api/v1/forces', '/feeds/engage.atom']) {
        const res = await get(url);
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control'], url).toBe('public, max-age=60, must-revalidate');
        expect(String(res.headers.vary), url).toMatch(/Cookie/);
        expect(res.headers.etag, url).toBeTruthy();
        expect(new Date(String(res.headers['last-modified'])).getTime(), url).toBeGreaterThan(
          Date.parse('2020-01-01'),
        );
      }
    });

    it('anything a signed-in person or a token sees is private, no-store, error pages included', async () => {
      for (const url of ['/forces', '/my-work', '/no-such-page']) {
        const res = await pageAs(t, inspector, url);
        expect(res.headers['cache-control'], url).toBe('private, no-store');
      }
      for (const url of ['/api/v1/findings', '/api/v1/my-work', '/api/v1/forces/atlantis-police']) {
        const res = await apiAs(t, inspector, 'GET', url);
        expect(res.headers['cache-control'], url).toBe('private, no-store');
        expect(res.headers.etag, url).toBeUndefined();
      }
    });

    it('writes, errors and health checks are not stored', async () => {
      expect((await get('/api/v1/forces/atlantis-police')).headers['cache-control']).toBe('no-store');
      expect((await get('/health')).headers['cache-control']).toBe('no-store');
      const write = await apiAs(t, inspector, 'PATCH', `/api/v1/findings/${findingId}`, { version: 99 });
      expect(write.headers['cache-control']).toBe('private, no-store');
      expect((await get('/sign-in')).headers['cache-control']).toBe('private, no-store');
    });
  });

  describe('revalidation', () => {
    it('a weak If-None-Match matches (as a gzip proxy sends it), alone or in a list', async () => {
      const first = await get('/api/v1/forces');
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"/);
      for (const header of [etag, `W/${etag}`, `"something-else", W/${etag}`, '*']) {
        const res = await get('/api/v1/forces', { 'if-none-match': header });
        expect(res.statusCode, header).toBe(304);
        expect(res.body).toBe('');
        expect(res.headers.etag).toBe(etag);
        expect(res.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
      }
      expect((await get('/api/v1/forces', { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
      expect((await get('/api/v1/forces', { 'if-none-match': 'W/"something-else"' })).statusCode).toBe(200);
    });

    it('If-Modified-Since at Last-Modified gives 304, earlier gives the page', async () => {
      const first = await get('/forces');
      const lastModified = String(first.headers['last-modified']);
      expect((await get('/forces', { 'if-modified-since': lastModified })).statusCode).toBe(304);
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      expect((await get('/forces', { 'if-modified-since': earlier })).statusCode).toBe(200);
      // If-None-Match wins over If-Modified-Since.
      expect(
        (await get('/forces', { 'if-modified-since': lastModified, 'if-none-match': '"other"' })).statusCode,
      ).toBe(200);
    });
  });

  it('text is compressed with brotli or gzip as the client asks', async () => {
    const gzip = await t.app.inject({
      url: '/api/docs/openapi.json',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(String(gzip.headers.vary)).toMatch(/accept-encoding/i);
    const spec = JSON.parse(gunzipSync(gzip.rawPayload).toString('utf8')) as { openapi: string };
    expect(spec.openapi).toBe('3.1.0');
    const br = await t.app.inject({ url: '/forces', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toContain('Cleveland Police');
    const plain = await t.app.inject({ url: '/forces' });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  describe('paging', () => {
    /** Every paged list of the API, from the OpenAPI document: GETs without path parameters answering { data, page }. */
    const pagedLists = () => {
      const spec = t.app.swagger() as {
        paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      };
      return Object.entries(spec.paths)
        .filter(([path, ops]) => {
          const ok = ops.get?.responses?.['200'] as
            { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } | undefined;
          return !path.includes('{') && Boolean(ok?.content?.['application/json']?.schema?.properties?.page);
        })
        .map(([path]) => path);
    };
    const extra: Record<string, string> = { '/api/v1/search': 'q=police' };
    // The most one page can hold (meetings are few, and capped lower).
    const most: Record<string, number> = { '/api/v1/meetings': 200 };
    const identity = (item: Record<string, unknown>): string => {
      for (const key of ['id', 'slug', 'url']) if (typeof item[key] === 'string') return item[key];
      return JSON.stringify(item);
    };

    it('following page.next with odd page sizes gives every row of every list exactly once', async () => {
      const lists = pagedLists();
      expect(lists).toEqual(
        expect.arrayContaining([
          '/api/v1/findings',
          '/api/v1/inspections',
          '/api/v1/judgements',
          '/api/v1/forces',
          '/api/v1/engage',
          '/api/v1/responses',
          '/api/v1/search',
        ]),
      );
      for (const path of lists)
        for (const limit of [7, 13]) {
          const query = [extra[path], `limit=${limit}`].filter(Boolean).join('&');
          const whole = await apiAs(
            t,
            inspector,
            'GET',
            `${path}?${[extra[path], `limit=${most[path] ?? 500}`].filter(Boolean).join('&')}`,
          );
          expect(whole.statusCode, `${path}: ${whole.body.slice(0, 200)}`).toBe(200);
          const all = whole.json<{ data: Array<Record<string, unknown>>; page: Page }>();
          const seen: string[] = [];
          let url: string | null = `${path}?${query}`;
          let pages = 0;
          while (url) {
            const res = await apiAs(t, inspector, 'GET', url);
            expect(res.statusCode, url).toBe(200);
            const body = res.json<{ data: Array<Record<string, unknown>>; page: Page }>();
            expect(body.data.length, url).toBeLessThanOrEqual(limit);
            seen.push(...body.data.map(identity));
            url = body.page.next;
            expect(++pages, path).toBeLessThan(200);
          }
          expect(seen.length, `${path} limit ${limit}`).toBe(all.page.total);
          expect(new Set(seen).size, `${path} limit ${limit}: a row came twice`).toBe(seen.length);
          expect([...seen].sort(), `${path} limit ${limit}`).toEqual(all.data.map(identity).sort());
        }
    });

    it('the tied findings page through /api/v1/findings?limit=7 exactly once, in the same order as one page', async () => {
      const seen: string[] = [];
      let url: string | null = '/api/v1/findings?limit=7';
      while (url) {
        const res = await get(url);
        const body: { data: Array<{ id: string }>; page: Page } = res.json();
        seen.push(...body.data.map((f) => f.id));
        url = body.page.next;
      }
      const whole = (await get('/api/v1/findings?limit=500')).json<{ data: Array<{ id: string }> }>();
      expect(seen.length).toBeGreaterThanOrEqual(41);
      expect(seen).toEqual(whole.data.map((f) => f.id));
    });
  });
});
