import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';

type Operation = {
  summary?: string;
  parameters?: Array<{ name: string; in: string }>;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};
type Spec = { openapi: string; paths: Record<string, Record<string, Operation>> };

/**
 * The OpenAPI document the app serves is valid OpenAPI, and complete: every route registered under
 * /api/v1 is in it with each of its methods, a summary and the schema of its success answer. (The
 * schema comes from the route's own definition, so a route cannot drift from its document.)
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let spec: Spec;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    spec = res.json<Spec>();
  });
  afterAll(() => t.close());

  const apiRoutes = () =>
    t.app.routeList
      .filter((r) => r.url.startsWith('/api/v1/') && !r.hidden)
      .map((r) => ({
        method: r.method.toLowerCase(),
        url: r.url,
        path: r.url.replace(/:(\w+)/g, '{$1}'),
      }));

  it('is valid OpenAPI 3.1 (checked against the official schema)', async () => {
    expect(spec.openapi).toBe('3.1.0');
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every /api/v1 route with each of its methods', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => !spec.paths[r.path]?.[r.method]).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    // And nothing the app does not serve.
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const extra = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
      .filter((key) => !served.has(key));
    expect(extra).toEqual([]);
  });

  it('gives every operation a summary and the schema of its success answer (204 when there is no body)', () => {
    const problems: string[] = [];
    for (const r of apiRoutes()) {
      const op = spec.paths[r.path]?.[r.method];
      if (!op) continue;
      if (!op.summary?.trim()) problems.push(`${r.method} ${r.url}: no summary`);
      const responses = op.responses ?? {};
      const withBody = ['200', '201'].filter((s) => responses[s]?.content?.['application/json']?.schema);
      if (withBody.length === 0 && !responses['204'])
        problems.push(
          `${r.method} ${r.url}: no 200/201 response schema (answers: ${Object.keys(responses).join(', ')})`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('documents the paging, filters and asAt of every list', () => {
    const lists = [
      '/api/v1/forces',
      '/api/v1/engage',
      '/api/v1/inspections',
      '/api/v1/judgements',
      '/api/v1/findings',
      '/api/v1/responses',
      '/api/v1/search',
    ];
    for (const path of lists) {
      const op = spec.paths[path]?.get;
      const names = (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['limit', 'offset', 'asAt']));
      const schema = op?.responses?.['200']?.content?.['application/json']?.schema as {
        properties?: Record<string, unknown>;
      };
      expect(Object.keys(schema?.properties ?? {}), path).toEqual(expect.arrayContaining(['data', 'page']));
    }
  });
});
