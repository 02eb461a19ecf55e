import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';

const isoPrefix = /^\d{4}(-\d{2}(-\d{2})?)?$/;

describe.each(testDatabaseKinds)('JSON API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('GET /api/v1/forces returns the 43 forces in { data }', async () => {
    const res = await get('/api/v1/forces');
    expect(res.statusCode).toBe(200);
    const { data } = res.json<{ data: Array<Record<string, unknown>> }>();
    expect(data).toHaveLength(43);
    expect(data.find((f) => f.slug === 'metropolitan-police-service')).toMatchObject({
      name: 'Metropolitan Police Service',
      country: 'england',
      localPolicingBody: { kind: 'mopac' },
      engageStatus: 'previously-in-engage',
    });
    const current = await get('/api/v1/forces?engageStatus=in-engage');
    expect(current.json<{ data: Array<{ slug: string }> }>().data.map((f) => f.slug)).toEqual([
      'lincolnshire-police',
    ]);
  });

  it('GET /api/v1/forces/{slug} includes Engage periods with partial dates as ISO prefixes, and graded inspections', async () => {
    const force = (await get('/api/v1/forces/cleveland-police')).json<{
      engagePeriods: Array<{ entered: string; exited: string; entryReasons: unknown[] }>;
      inspections: Array<{
        programme: { slug: string };
        published: string;
        judgements: Array<{ area: string; grade: string | null }>;
      }>;
    }>();
    expect(force.engagePeriods).toHaveLength(1);
    expect(force.engagePeriods[0]).toMatchObject({ entered: '2019', exited: '2023-09' });
    expect(force.engagePeriods[0]!.entryReasons.length).toBe(6);
    const peel2016 = force.inspections.find((i) => i.programme.slug === 'peel-2016')!;
    expect(peel2016.judgements.map((j) => j.grade)).toEqual([
      'good',
      'good',
      'requires-improvement',
      'good',
      null,
    ]);
    const peel2021 = force.inspections.find((i) => i.programme.slug === 'peel-2021-22')!;
    expect(peel2021.published).toBe('2023-03-17');
  });

  it('GET /api/v1/engage returns current and past periods', async () => {
    const body = (await get('/api/v1/engage')).json<{
      data: Array<{ entered: string; exited: string | null }>;
      current: Array<{ force: { slug: string } }>;
      previous: unknown[];
    }>();
    expect(body.data).toHaveLength(10);
    expect(body.current.map((p) => p.force.slug)).toEqual(['lincolnshire-police']);
    expect(body.previous).toHaveLength(9);
    for (const p of body.data) {
      expect(p.entered).toMatch(isoPrefix);
      if (p.exited !== null) expect(p.exited).toMatch(isoPrefix);
    }
  });

  it('errors are RFC 9457 problems with a code', async () => {
    const missing = await get('/api/v1/forces/atlantis-police');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not-found' });
    expect(missing.json<{ detail: string }>().detail).toMatch(/atlantis-police/);
    const bad = await get('/api/v1/forces?engageStatus=sometimes');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'bad-request' });
    const nowhere = await get('/api/v1/nothing-here');
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json()).toMatchObject({ code: 'not-found' });
  });

  it('the OpenAPI document describes every API route', async () => {
    const spec = (await get('/api/docs/openapi.json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/forces',
        '/api/v1/forces/{slug}',
        '/api/v1/engage',
        '/api/v1/inspections',
        '/api/v1/programmes',
      ]),
    );
  });

  it('GET /api/v1/search returns { data: [{ kind, force, text, url, rank }] }', async () => {
    const res = await get('/api/v1/search?q=vulnerability');
    expect(res.statusCode).toBe(200);
    const { data } = res.json<{
      data: Array<{ kind: string; force: string; text: string; url: string; rank: number }>;
    }>();
    expect(data.length).toBeGreaterThan(0);
    const reason = data.find((r) => r.kind === 'engage-reason')!;
    expect(reason.url).toMatch(/^\/engage(\/previous)?#period-[0-9a-f-]{36}$/);
    // Every result's link opens its record, at the passage's anchor where it has one.
    for (const r of data.slice(0, 30)) {
      const [path, anchor] = r.url.split('#');
      const page = await t.app.inject({ url: path!, headers: { accept: 'text/html' } });
      expect(page.statusCode, r.url).toBe(200);
      if (anchor) expect(page.body, r.url).toContain(`id="${anchor}"`);
    }
    expect(data.every((r) => typeof r.rank === 'number' && r.text.length > 0)).toBe(true);
    expect((await get('/api/v1/search?q=')).json()).toEqual({
      data: [],
      page: { limit: 100, offset: 0, total: 0, next: null },
    });
  });

  it('GET /api/v1/programmes describes the PEEL frameworks with their scales', async () => {
    const { data } = (await get('/api/v1/programmes')).json<{
      data: Array<{ slug: string; grades: string[] }>;
    }>();
    expect(data.find((p) => p.slug === 'peel-2021-22')?.grades).toEqual([
      'outstanding',
      'good',
      'adequate',
      'requires-improvement',
      'inadequate',
    ]);
    expect(data.find((p) => p.slug === 'peel-2016')?.grades).not.toContain('adequate');
  });
});
