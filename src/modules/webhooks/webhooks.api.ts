import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { errorSchema, idParams, listOf, writeErrors } from '../../web/api-schemas.js';
import { requireToken } from '../../web/auth.js';
import { WEBHOOK_EVENTS } from './webhooks.domain.js';
import { presentDelivery, presentSubscription } from './webhooks.service.js';

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const eventKinds = {
  type: 'array',
  items: { type: 'string', enum: [...WEBHOOK_EVENTS] },
  description: 'The kinds of event to send',
} as const;
const forceSlugs = {
  type: 'array',
  items: { type: 'string' },
  description: 'Force slugs: only events about one of these forces. Empty or left out: every force.',
} as const;

const subscriptionProperties = {
  id: { type: 'string', format: 'uuid' },
  url: { type: 'string', description: 'Where events are POSTed' },
  description: { type: ['string', 'null'] },
  events: eventKinds,
  forces: forceSlugs,
  active: { type: 'boolean', description: 'false: paused, nothing is queued or sent' },
  createdBy: { type: 'string' },
  createdAt: dateTime,
  updatedAt: dateTime,
  version: { type: 'integer', description: 'Send it back with a change; a stale one gets 409' },
  deliveries: {
    type: 'object',
    description: 'How many deliveries are waiting, were delivered, and failed for good',
    properties: {
      pending: { type: 'integer' },
      delivered: { type: 'integer' },
      failed: { type: 'integer' },
    },
  },
  lastDeliveredAt: nullableDateTime,
};
const subscriptionSchema = {
  type: 'object',
  required: ['id', 'url', 'events', 'forces', 'active', 'version'],
  properties: subscriptionProperties,
} as const;
const createdSchema = {
  type: 'object',
  required: ['id', 'url', 'events', 'forces', 'active', 'version', 'secret'],
  properties: {
    ...subscriptionProperties,
    secret: {
      type: 'string',
      description: 'The signing secret. Shown in this answer only: keep it; it is never returned again.',
    },
  },
} as const;
const deliverySchema = {
  type: 'object',
  required: ['id', 'event', 'status', 'attempts'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Sent as X-Oversight-Delivery' },
    event: { type: 'string', enum: [...WEBHOOK_EVENTS, 'ping'] },
    eventId: { type: 'string', format: 'uuid', description: 'The body’s id' },
    key: { type: 'string', description: 'What the event is about, e.g. inspection.published:<id>' },
    occurredAt: dateTime,
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { ...nullableDateTime, description: 'While pending: when it is tried next' },
    lastAttemptAt: nullableDateTime,
    lastStatusCode: { type: ['integer', 'null'] },
    lastError: { type: ['string', 'null'] },
    deliveredAt: nullableDateTime,
    createdAt: dateTime,
  },
} as const;
const one = (schema: object) =>
  ({ type: 'object', required: ['data'], properties: { data: schema } }) as const;
const readErrors = { 401: errorSchema, 403: errorSchema, 404: errorSchema };

const input = {
  url: { type: 'string', description: 'An http:// or https:// address' },
  description: { type: ['string', 'null'], description: 'A label for people, up to 200 characters' },
  events: eventKinds,
  forces: forceSlugs,
  secret: {
    type: 'string',
    description:
      'Your own signing secret (16 to 200 printable characters); left out on create, the server makes one',
  },
  active: { type: 'boolean' },
};

type P = { id: string };
type Body = Record<string, unknown>;

/** Webhook subscriptions for administrators: reads with a session or token, writes with an API token. */
export function registerWebhooksApi(api: FastifyInstance, c: Container): void {
  api.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Webhook subscriptions, newest first, with their delivery counts (administrators)',
        response: { 200: listOf(subscriptionSchema), 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => ({ data: (await c.webhooks.list(request.viewer)).map(presentSubscription) }),
  );

  api.post<{ Body: Body }>(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Subscribe an address to events (administrators). It is sent what happens from now on, not history. The answer carries the secret, once.',
        body: { type: 'object', required: ['url', 'events'], properties: input },
        response: { 201: one(createdSchema), ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      const { subscription, secret } = await c.webhooks.create(viewer, request.body);
      return reply.status(201).send({ data: { ...presentSubscription(subscription), secret } });
    },
  );

  api.get<{ Params: P }>(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'One webhook subscription (administrators); never its secret',
        params: idParams,
        response: { 200: one(subscriptionSchema), ...readErrors },
      },
    },
    async (request) => ({
      data: presentSubscription(await c.webhooks.get(request.viewer, request.params.id)),
    }),
  );

  api.patch<{ Params: P; Body: Body }>(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Change a subscription (administrators): what is given replaces what was there; `active: false` pauses it; a new `secret` replaces the old at once',
        params: idParams,
        body: {
          type: 'object',
          required: ['version'],
          properties: { ...input, version: { type: 'integer', minimum: 1 } },
        },
        response: { 200: one(subscriptionSchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      return { data: presentSubscription(await c.webhooks.update(viewer, request.params.id, request.body)) };
    },
  );

  api.delete<{ Params: P }>(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a subscription and its deliveries (administrators)',
        params: idParams,
        response: { 204: { type: 'null' }, ...writeErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireToken(request);
      await c.webhooks.remove(viewer, request.params.id);
      return reply.status(204).send();
    },
  );

  api.get<{ Params: P; Querystring: Record<string, string | number | undefined> }>(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'A subscription’s deliveries, newest first (administrators)',
        params: idParams,
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: { 200: listOf(deliverySchema), ...readErrors },
      },
    },
    async (request) => ({
      data: (await c.webhooks.deliveries(request.viewer, request.params.id, request.query)).map(
        presentDelivery,
      ),
    }),
  );

  api.post<{ Params: P & { deliveryId: string } }>(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Try a delivery that failed for good once more, now, with the same delivery id (administrators); answers with the delivery as it ended, 409 when it has not failed',
        params: {
          type: 'object',
          required: ['id', 'deliveryId'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            deliveryId: { type: 'string', format: 'uuid' },
          },
        },
        response: { 200: one(deliverySchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      const { id, deliveryId } = request.params;
      return { data: presentDelivery(await c.webhooks.redeliver(viewer, id, deliveryId)) };
    },
  );

  api.post<{ Params: P }>(
    '/webhooks/:id/test',
    {
      schema: {
        tags: ['webhooks'],
        summary:
          'Send a signed `ping` event to the subscription now, once, paused or not (administrators); answers with the delivery as it ended',
        params: idParams,
        response: { 200: one(deliverySchema), ...writeErrors },
      },
    },
    async (request) => {
      const viewer = requireToken(request);
      return { data: presentDelivery(await c.webhooks.test(viewer, request.params.id)) };
    },
  );
}
