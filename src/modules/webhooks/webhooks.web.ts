import type { FastifyInstance, FastifyReply } from 'fastify';
import { formErrors } from '../../web/forms.js';
import type { Container } from '../../container.js';
import { ConflictError } from '../../db/versioned.js';
import { InputError, notFound } from '../../shared/errors.js';
import { csrf } from '../../web/auth.js';
import { UUID } from '../../shared/ids.js';
import { assertCan } from '../accounts/index.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WEBHOOK_EVENTS,
  WEBHOOK_EVENT_LABELS,
  generateSecret,
  type AnyEventKind,
} from './webhooks.domain.js';
import type { DeliveryRecord, SubscriptionRow, SubscriptionWithCounts } from './webhooks.repository.js';

type Body = Record<string, unknown>;
type FormState = {
  values: Body;
  errors: Array<{ text: string; href: string }>;
  fieldErrors: Record<string, string>;
  conflict?: boolean;
};
type P = { id: string };

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(str).filter(Boolean) : typeof v === 'string' && v ? [v] : [];

/** The form's fields as the shared schema's input. */
function formInput(body: Body, editing: boolean) {
  return {
    url: str(body.url),
    description: str(body.description),
    events: list(body.events),
    forces: list(body.forces),
    ...(editing ? { active: str(body.active), version: body.version } : {}),
  };
}

/** A subscription as the form's values. */
const formValues = (s: SubscriptionRow): Body => ({
  url: s.url,
  description: s.description ?? '',
  events: s.events,
  forces: s.forces,
  active: String(s.active),
  version: String(s.version),
});

const FIELD_IDS: Record<string, string> = {
  url: 'url',
  description: 'description',
  events: 'events',
  forces: 'forces',
  active: 'active',
};

const eventLabel = (kind: string) => WEBHOOK_EVENT_LABELS[kind as AnyEventKind] ?? kind;
const STATUS_TAGS: Record<DeliveryRecord['status'], { text: string; classes: string }> = {
  pending: { text: 'Waiting', classes: 'govuk-tag--yellow' },
  delivered: { text: 'Delivered', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
};

/** Managing webhook subscriptions, for administrators: /admin/webhooks and a page for each. */
/** The banner after sending something now: success when it was delivered, else where to look. */
const outcomeBanner = (outcome: string | undefined, delivered: string, failed: string) =>
  outcome === 'delivered'
    ? { type: 'success', text: delivered }
    : outcome === 'failed'
      ? { type: undefined, text: failed }
      : null;

export function registerWebhooksWeb(app: FastifyInstance, c: Container): void {
  const forceNames = async () => new Map((await c.forces.list()).map((f) => [f.slug, f.name]));

  async function renderForm(
    reply: FastifyReply,
    record: SubscriptionRow | null,
    state: FormState,
    status = 200,
  ) {
    const v = state.values;
    const chosenEvents = list(v.events);
    const chosenForces = list(v.forces);
    const forces = await c.forces.list();
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .view('webhooks/views/form.njk', {
        title: record ? 'Change the webhook' : 'Add a webhook',
        backLink: record
          ? { href: `/admin/webhooks/${record.id}`, text: 'Back to the webhook' }
          : { href: '/admin/webhooks', text: 'Webhooks' },
        action: record ? `/admin/webhooks/${record.id}/edit` : '/admin/webhooks/new',
        record,
        v,
        errors: state.errors.length ? state.errors : undefined,
        errorPage: state.errors.length > 0,
        fieldErrors: state.fieldErrors,
        conflict: state.conflict ?? false,
        eventItems: WEBHOOK_EVENTS.map((e) => ({
          value: e,
          text: eventLabel(e),
          hint: { text: e },
          checked: chosenEvents.includes(e),
        })),
        forceItems: forces.map((f) => ({
          value: f.slug,
          text: f.name,
          checked: chosenForces.includes(f.slug),
        })),
        activeItems: [
          { value: 'true', text: 'Send events to this address', checked: str(v.active) !== 'false' },
          { value: 'false', text: 'Pause: queue and send nothing', checked: str(v.active) === 'false' },
        ],
      });
  }

  /** The secret, once: after adding a webhook or making it a new secret. Never cached. */
  function renderSecret(reply: FastifyReply, subscription: SubscriptionRow, secret: string, isNew: boolean) {
    return reply.header('cache-control', 'no-store').view('webhooks/views/secret.njk', {
      title: isNew ? 'Webhook added' : 'New secret made',
      subscription,
      secret,
      isNew,
      headers: {
        event: EVENT_HEADER,
        delivery: DELIVERY_HEADER,
        timestamp: TIMESTAMP_HEADER,
        signature: SIGNATURE_HEADER,
      },
    });
  }

  /** A write from a form: 422 with the problems, 409 with the current values, or what `done` renders. */
  async function submit(
    reply: FastifyReply,
    body: Body,
    record: SubscriptionRow | null,
    write: () => Promise<unknown>,
  ) {
    try {
      return await write();
    } catch (error) {
      if (error instanceof InputError) {
        const { errors, fieldErrors } = formErrors(error, (path) => FIELD_IDS[String(path[0])] ?? 'url');
        return renderForm(reply, record, { values: body, errors, fieldErrors }, 422);
      }
      if (error instanceof ConflictError && record) {
        const current = await c.webhooks.get(reply.request.viewer, record.id);
        return renderForm(
          reply,
          current,
          {
            values: formValues(current),
            errors: [{ text: error.message, href: '#url' }],
            fieldErrors: {},
            conflict: true,
          },
          409,
        );
      }
      throw error;
    }
  }

  app.get<{ Querystring: { deleted?: string } }>(
    '/admin/webhooks',
    { schema: { hide: true } },
    async (request, reply) => {
      const subscriptions = await c.webhooks.list(request.viewer);
      const names = await forceNames();
      return reply.view('webhooks/views/list.njk', {
        title: 'Webhooks',
        deleted: request.query.deleted === '1',
        subscriptions: subscriptions.map((s) => view(s, names)),
      });
    },
  );

  app.get('/admin/webhooks/new', { schema: { hide: true } }, async (request, reply) => {
    assertCan(request.viewer, 'webhook.manage');
    return renderForm(reply, null, { values: { events: [...WEBHOOK_EVENTS] }, errors: [], fieldErrors: {} });
  });

  app.post<{ Body: Body }>(
    '/admin/webhooks/new',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      assertCan(request.viewer, 'webhook.manage');
      return submit(reply, request.body, null, async () => {
        const { subscription, secret } = await c.webhooks.create(
          request.viewer,
          formInput(request.body, false),
        );
        return renderSecret(reply, subscription, secret, true);
      });
    },
  );

  app.get<{ Params: P; Querystring: { saved?: string; tested?: string; retried?: string } }>(
    '/admin/webhooks/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const subscription = await c.webhooks.get(request.viewer, request.params.id);
      const deliveries = await c.webhooks.deliveries(request.viewer, subscription.id, { limit: 50 });
      const { saved, tested, retried } = request.query;
      return reply.header('cache-control', 'no-store').view('webhooks/views/subscription.njk', {
        title: subscription.description ?? 'Webhook',
        backLink: { href: '/admin/webhooks', text: 'Webhooks' },
        subscription: view(subscription, await forceNames()),
        saved: saved === 'changed' ? 'Your changes have been saved.' : null,
        tested: outcomeBanner(
          tested,
          'The test event was delivered.',
          'The test event was not delivered. Its row below says why.',
        ),
        retried: outcomeBanner(
          retried,
          'The delivery was tried again and delivered.',
          'The delivery was tried again and failed. Its row below says why.',
        ),
        deliveries: deliveries.map((d) => ({
          ...d,
          eventLabel: eventLabel(d.kind),
          tag: STATUS_TAGS[d.status],
        })),
      });
    },
  );

  app.get<{ Params: P }>('/admin/webhooks/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const subscription = await c.webhooks.get(request.viewer, request.params.id);
    return renderForm(reply, subscription, { values: formValues(subscription), errors: [], fieldErrors: {} });
  });

  app.post<{ Params: P; Body: Body }>(
    '/admin/webhooks/:id/edit',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      const record = await c.webhooks.get(request.viewer, request.params.id);
      return submit(reply, request.body, record, async () => {
        const secret = request.body.newSecret === 'yes' ? generateSecret() : undefined;
        const saved = await c.webhooks.update(request.viewer, record.id, {
          ...formInput(request.body, true),
          ...(secret ? { secret } : {}),
        });
        if (secret) return renderSecret(reply, saved, secret, false);
        return reply.redirect(`/admin/webhooks/${saved.id}?saved=changed`, 303);
      });
    },
  );

  app.post<{ Params: P }>(
    '/admin/webhooks/:id/test',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      const delivery = await c.webhooks.test(request.viewer, request.params.id);
      return reply.redirect(
        `/admin/webhooks/${request.params.id}?tested=${delivery.status === 'delivered' ? 'delivered' : 'failed'}`,
        303,
      );
    },
  );

  app.post<{ Params: P & { deliveryId: string } }>(
    '/admin/webhooks/:id/deliveries/:deliveryId/retry',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      if (!UUID.test(request.params.deliveryId)) throw notFound('The delivery');
      const delivery = await c.webhooks.redeliver(
        request.viewer,
        request.params.id,
        request.params.deliveryId,
      );
      return reply.redirect(
        `/admin/webhooks/${request.params.id}?retried=${delivery.status === 'delivered' ? 'delivered' : 'failed'}#deliveries`,
        303,
      );
    },
  );

  app.get<{ Params: P }>('/admin/webhooks/:id/delete', { schema: { hide: true } }, async (request, reply) => {
    const subscription = await c.webhooks.get(request.viewer, request.params.id);
    return reply.view('webhooks/views/delete.njk', {
      title: 'Delete this webhook?',
      backLink: { href: `/admin/webhooks/${subscription.id}`, text: 'Back to the webhook' },
      subscription,
    });
  });

  app.post<{ Params: P }>(
    '/admin/webhooks/:id/delete',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      await c.webhooks.remove(request.viewer, request.params.id);
      return reply.redirect('/admin/webhooks?deleted=1', 303);
    },
  );
}

/** A subscription as the pages show it: labels for its events and forces. */
function view(s: SubscriptionWithCounts, names: Map<string, string>) {
  return {
    ...s,
    eventLabels: s.events.map(eventLabel),
    forceLabels: s.forces.length ? s.forces.map((f) => names.get(f) ?? f) : ['Every force'],
    tag: s.active
      ? { text: 'Sending', classes: 'govuk-tag--green' }
      : { text: 'Paused', classes: 'govuk-tag--grey' },
  };
}
