import type { FastifyInstance } from 'fastify';
import { ERROR_STATUS, ERROR_TITLES, type ErrorCode } from '../shared/errors.js';

type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: Array<{
    name: string;
    in: string;
    required?: boolean;
    schema?: { enum?: unknown[]; type?: unknown };
  }>;
};

/**
 * The OpenAPI document at /api/docs/openapi.json, and a GOV.UK page at /api/docs that lists every
 * operation from it (so the page can never drift from the routes).
 */
export function registerApiDocs(app: FastifyInstance): void {
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, (_request, reply) =>
    reply.send(app.swagger()),
  );
  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) => {
    const spec = app.swagger() as {
      info: { title: string; description?: string };
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? false,
          values: p.schema?.enum ? p.schema.enum.join(', ') : '',
        })),
      })),
    );
    return reply.view('api-docs.njk', {
      title: 'Open data API',
      currentSection: 'api',
      description: spec.info.description,
      operations,
      problems: (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => ({
        code,
        status: ERROR_STATUS[code],
        title: ERROR_TITLES[code],
      })),
    });
  });
}
