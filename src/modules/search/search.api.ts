import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { listOf } from '../../web/api-schemas.js';
import { SEARCH_KINDS } from './search.domain.js';
import { PAGE_SIZE, searchQuerySchema } from './search.schemas.js';

const resultSchema = {
  type: 'object',
  required: ['kind', 'force', 'text', 'url', 'rank'],
  properties: {
    kind: { type: 'string', enum: [...SEARCH_KINDS] },
    force: { type: 'string', description: 'slug of the force' },
    forceName: { type: 'string' },
    text: { type: 'string' },
    snippet: { type: 'string', description: 'HTML: the text escaped, matches in <mark>' },
    url: { type: 'string' },
    source: { type: ['string', 'null'], description: 'the passage of the document it came from' },
    rank: { type: 'number' },
    nearMatch: { type: 'boolean', description: 'found by spelling similarity rather than the words' },
    embargoed: {
      type: 'boolean',
      description:
        'from an inspection not yet published (found only by the inspectorate and the forces it covers)',
    },
  },
} as const;

export function registerSearchApi(api: FastifyInstance, c: Container): void {
  api.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'Search findings, Engage reasons, judgements, scrutiny questions and responses (websearch syntax: "quoted phrase", -word, or)',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200 },
            force: { type: 'string' },
            kind: { type: 'string', enum: [...SEARCH_KINDS] },
            year: { type: 'integer' },
            page: { type: 'integer', minimum: 1 },
          },
        },
        response: { 200: listOf(resultSchema) },
      },
    },
    async (request) => {
      const query = searchQuerySchema.parse(request.query ?? {});
      const results = await c.search.search(
        query.q,
        { force: query.force, kind: query.kind, year: query.year },
        request.viewer,
      );
      return {
        data: results.slice((query.page - 1) * PAGE_SIZE, query.page * PAGE_SIZE).map((r) => ({
          kind: r.kind,
          force: r.force.slug,
          forceName: r.force.name,
          text: r.text,
          snippet: r.snippetHtml,
          url: r.url,
          source: r.sourceUrl,
          rank: r.rank,
          nearMatch: r.nearMatch,
          embargoed: r.embargoedUntil !== null,
        })),
      };
    },
  );
}
