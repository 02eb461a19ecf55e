import { ERROR_STATUS } from '../shared/errors.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../shared/paging.js';

/** JSON Schema fragments shared by the API routes (validation, serialisation and OpenAPI). */
export const partialDateSchema = {
  type: 'string',
  pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$',
  description: 'ISO date or prefix at the precision the source gives: "2019", "2023-09", "2024-07-23"',
} as const;

export const nullable = <T extends Record<string, unknown>>(schema: T) =>
  ({ ...schema, type: [schema.type as string, 'null'] }) as const;

/**
 * An error: an RFC 9457 problem, sent as `application/problem+json`. `code` repeats the end of
 * `type` as a word to switch on; `fields` and `currentVersion`/`current` come with 422 and 409.
 */
export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
  properties: {
    type: {
      type: 'string',
      description: 'Where this kind of problem is described (a URI reference): /api/docs#problem-<code>',
    },
    title: {
      type: 'string',
      description: 'The kind of problem, in words (the same for every problem of its kind)',
    },
    status: { type: 'integer', description: 'The HTTP status' },
    detail: { type: 'string', description: 'What went wrong this time, and what to change' },
    instance: { type: 'string', description: 'The path that was asked for' },
    code: {
      type: 'string',
      enum: Object.keys(ERROR_STATUS),
      description: 'The kind of problem as a word: not-found, bad-request, validation, conflict…',
    },
    fields: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'For 422: the message for each field that is wrong',
    },
    currentVersion: {
      type: 'integer',
      description:
        'For 409: the version the record is at now; read it again and make the change on top of it',
    },
    current: {
      type: 'object',
      additionalProperties: true,
      description:
        'For 409, where the record has a public form (webhook subscriptions): the record as it is now',
    },
  },
} as const;

/** The response of an error status in a route's schema: a problem, as `application/problem+json`. */
export const errorSchema = {
  description: 'A problem (RFC 9457)',
  content: { 'application/problem+json': { schema: problemSchema } },
} as const;

export const listOf = (item: Record<string, unknown>) =>
  ({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: item } } }) as const;

/** The answer of one record: `{ data: {...} }`. */
export const dataOf = (item: Record<string, unknown>) =>
  ({ type: 'object', required: ['data'], properties: { data: item } }) as const;

/** A write that answers with no body. */
export const noContent = { type: 'null', description: 'Done: no body' } as const;

/** What a write answers with: the record's id and the version to send with the next change. */
export const writtenSchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    version: { type: 'integer', description: 'Send it back with the next change' },
  },
} as const;

/** `limit` and `offset` of every paged list: one window of the list, at most MAX_PAGE_LIMIT items. */
export const pageQueryProperties = {
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_PAGE_LIMIT,
    description: `How many items to give (1–${MAX_PAGE_LIMIT})`,
  },
  offset: { type: 'integer', minimum: 0, default: 0, description: 'How many items to skip' },
} as const;

/** `asAt` of every list: the record as it stood at the end of that day. */
export const asAtProperty = {
  asAt: {
    type: 'string',
    format: 'date',
    description:
      'YYYY-MM-DD: the record as it stood at the end of that day (Europe/London). A date known only to a month or a year counts once the whole month or year has passed.',
  },
} as const;

/** The query string of a list: its own filters, then paging and asAt; anything else is a 400. */
export const listQuery = <P extends Record<string, unknown>>(filters: P) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties: { ...filters, ...pageQueryProperties, ...asAtProperty },
  }) as const;

/** Where a page sits in its list; `next` is the URL of the next page, or null on the last. */
export const pageSchema = {
  type: 'object',
  required: ['limit', 'offset', 'total', 'next'],
  properties: {
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    total: { type: 'integer', description: 'How many items the whole list has, with these filters' },
    next: { type: ['string', 'null'], description: 'The URL of the next page; null on the last' },
  },
} as const;

/** The answer of a paged list: `{ data: [...], page: { limit, offset, total, next } }`. */
export const pagedListOf = (item: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  ({
    type: 'object',
    required: ['data', 'page'],
    properties: { data: { type: 'array', items: item }, page: pageSchema, ...more },
  }) as const;

export const slugParams = {
  type: 'object',
  required: ['slug'],
  properties: { slug: { type: 'string', pattern: '^[a-z0-9-]{1,120}$' } },
} as const;

const reason: Record<string, unknown> = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: {
      type: ['string', 'null'],
      description: 'The reason’s page: its themes and forces that overcame the like (null for a note)',
    },
    kind: {
      type: 'string',
      enum: ['reason', 'note'],
      description:
        'reason, or note: a line of the list saying what became of the reasons above it ("These causes of concern were closed during 2024."), kept where the source puts it',
    },
    numbered: {
      type: 'boolean',
      description: 'The source numbered this item (1., 2.) rather than bulleting it',
    },
    theme: { type: ['string', 'null'], description: "Oversight's short label for the reason" },
    text: { type: ['string', 'null'], description: 'The wording of the source, when imported' },
    source: {
      type: ['object', 'null'],
      description: 'The document and character range the wording came from',
      properties: {
        documentId: { type: 'string' },
        start: { type: ['integer', 'null'] },
        end: { type: ['integer', 'null'] },
      },
    },
    causeOfConcern: {
      type: ['object', 'null'],
      description: 'When the reason is a cause of concern: its status and when it took it',
      properties: { status: { type: 'string' }, statusOn: { type: ['string', 'null'] } },
    },
    items: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
};

export const engagePeriodSchema = {
  type: 'object',
  required: ['id', 'force', 'entered', 'exited', 'current'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    force: { type: 'object', properties: { slug: { type: 'string' }, name: { type: 'string' } } },
    entered: partialDateSchema,
    exited: nullable(partialDateSchema),
    current: { type: 'boolean' },
    entryReasons: { type: 'array', items: reason },
    exitReasons: { type: 'array', items: reason },
    exitIntro: {
      type: ['string', 'null'],
      description: 'The source’s line introducing the exit reasons, when it has one',
    },
    exitNote: { type: ['string', 'null'], description: 'The source’s closing note after the exit reasons' },
    openCausesOfConcernAtExit: { type: ['integer', 'null'] },
    relatedInspections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          slug: { type: 'string' },
          title: { type: 'string' },
          published: nullable(partialDateSchema),
          embargoed: { type: 'boolean', description: 'true before the inspection is published' },
        },
      },
    },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        properties: { supports: { type: 'string' }, url: { type: ['string', 'null'] } },
      },
    },
  },
} as const;

export const inspectionSchema = {
  type: 'object',
  required: ['slug', 'title', 'type', 'published', 'publishedAt', 'embargoed', 'forces'],
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    type: {
      type: 'string',
      enum: ['peel', 'thematic', 'force-specific', 'revisit', 'joint', 'commissioned'],
    },
    programme: {
      type: ['object', 'null'],
      properties: { slug: { type: 'string' }, name: { type: 'string' }, cycle: { type: ['string', 'null'] } },
    },
    published: nullable(partialDateSchema),
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    embargoed: {
      type: 'boolean',
      description:
        'true before publishedAt: shown only to the inspectorate and to accounts of the forces covered',
    },
    forces: { type: 'array', items: { type: 'string' } },
    sourceUrl: { type: ['string', 'null'] },
    judgements: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          area: { type: 'string' },
          areaSlug: { type: ['string', 'null'] },
          grade: {
            type: ['string', 'null'],
            enum: ['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate', null],
            description: 'null when the area is ungraded',
          },
        },
      },
    },
  },
} as const;

export const forceSchema = {
  type: 'object',
  required: ['slug', 'name', 'country', 'localPolicingBody', 'engageStatus'],
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    country: { type: 'string', enum: ['england', 'wales'] },
    localPolicingBody: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        kind: { type: 'string', enum: ['pcc', 'pfcc', 'mayor', 'mopac', 'city-of-london-corporation'] },
        title: { type: 'string' },
        since: nullable(partialDateSchema),
      },
    },
    engageStatus: { type: 'string', enum: ['in-engage', 'previously-in-engage', 'never-in-engage'] },
    url: { type: 'string' },
  },
} as const;

export const forceDetailSchema = {
  ...forceSchema,
  properties: {
    ...forceSchema.properties,
    aliases: { type: 'array', items: { type: 'string' } },
    engagePeriods: { type: 'array', items: engagePeriodSchema },
    inspections: { type: 'array', items: inspectionSchema },
  },
} as const;

/** Path parameters of a record addressed by its UUID. */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

/** The error answers every write route can give (401, 403, 404, 409 with `current`, 422 with `fields`). */
export const writeErrors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  422: errorSchema,
};
