import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { pageOf } from '../../shared/paging.js';
import { errorSchema, listQuery, pagedListOf } from '../../web/api-schemas.js';
import { paged, pageRequest, type ListQuery } from '../../web/api-paging.js';
import { MAX_RESULTS } from './search.repository.js';
import { SEARCH_KINDS, SEARCH_STATUSES } from './search.domain.js';
import { PAGE_SIZE, searchFiltersOf, searchQuerySchema } from './search.schemas.js';

const resultSchema = {
  type: 'object',
  required: ['kind', 'force', 'text', 'url', 'rank'],
  properties: {
    kind: { type: 'string', enum: [...SEARCH_KINDS] },
    force: { type: 'string', description: 'slug of the force' },
    forceName: { type: 'string' },
    area: { type: ['string', 'null'], description: 'the graded area, where the result has one' },
    status: {
      type: ['string', 'null'],
      enum: [...SEARCH_STATUSES, null],
      description:
        'whether a finding or Engage reason is open now (with asAt: was open that day); null for other kinds',
    },
    programme: { type: ['string', 'null'], description: 'slug of the inspection programme' },
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

type Query = ListQuery & {
  q?: string;
  force?: string;
  kind?: string;
  year?: number;
  area?: string;
  status?: string;
  programme?: string;
  page?: number;
};

export function registerSearchApi(api: FastifyInstance, c: Container): void {
  api.get<{ Querystring: Query }>(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'Search findings, Engage reasons, judgements, scrutiny questions and responses (websearch syntax: "quoted phrase", -word, or)',
        description: `Best match first; at most ${MAX_RESULTS} results are ranked, so total is at most ${MAX_RESULTS}. With asAt, only what was on the record at the end of that day (findings and judgements of inspections published by then, Engage reasons of periods entered or left by then, questions of meetings held by then, responses published by then).`,
        querystring: listQuery({
          q: { type: 'string', maxLength: 200 },
          force: { type: 'string', pattern: '^[a-z0-9-]{1,120}$', description: 'slug of a force' },
          kind: { type: 'string', enum: [...SEARCH_KINDS] },
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          area: {
            type: 'string',
            minLength: 1,
            maxLength: 200,
            description: 'words in the graded area (findings, judgements, responses to recommendations)',
          },
          status: {
            type: 'string',
            enum: [...SEARCH_STATUSES],
            description:
              'open: findings not yet closed and reasons of Engage periods still running; closed: the rest of those two kinds (other kinds are left out). With asAt, as they stood that day',
          },
          programme: {
            type: 'string',
            pattern: '^[a-z0-9-]{1,120}$',
            description: 'slug of an inspection programme, as in /api/v1/programmes',
          },
          page: {
            type: 'integer',
            minimum: 1,
            maximum: 10,
            deprecated: true,
            description: `Replaced by limit and offset: page n of ${PAGE_SIZE} is limit=${PAGE_SIZE}&offset=${PAGE_SIZE}×(n-1)`,
          },
        }),
        response: { 200: pagedListOf(resultSchema), 400: errorSchema },
      },
    },
    async (request) => {
      const query = searchQuerySchema.parse(request.query);
      // The old `page` (of 20) still works when neither limit nor offset is given.
      const given = new URL(request.url, 'http://localhost').searchParams;
      const old = request.query.page !== undefined && !given.has('limit') && !given.has('offset');
      const page = old
        ? { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }
        : pageRequest(request.query);
      const results = await c.search.search(
        query.q,
        { ...searchFiltersOf(query), asAt: request.query.asAt },
        request.viewer,
      );
      return paged(request, page, pageOf(results, page), (r) => ({
        kind: r.kind,
        force: r.force.slug,
        forceName: r.force.name,
        area: r.area,
        status: r.status,
        programme: r.programme,
        text: r.text,
        snippet: r.snippetHtml,
        url: r.url,
        source: r.sourceUrl,
        rank: r.rank,
        nearMatch: r.nearMatch,
        embargoed: r.embargoedUntil !== null,
      }));
    },
  );
}
