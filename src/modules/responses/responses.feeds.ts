import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { dataVersion } from '../../db/data-version.js';
import { slugParams } from '../../web/api-schemas.js';
import { atomFeed, feedAuthor } from '../../web/atom.js';
import { partialDate } from '../../web/filters.js';
import { addDays } from './responses.deadline.js';
import { publishedTime, type ResponseTimeliness } from './responses.timeliness.js';

const dateArray = (day: string): DateArray => {
  const [y, m, d] = day.split('-').map(Number);
  return [y!, m!, d!];
};

/**
 * An all-day event on the last day to publish each unanswered response. The UID is made from the
 * inspection and the force, so it stays the same before and after a response row exists.
 */
export function deadlineCalendar(root: string, name: string, rows: readonly ResponseTimeliness[]): string {
  const events: EventAttributes[] = rows.map((r) => ({
    uid: `s55-response-${r.inspectionId}-${r.forceId}@oversight`,
    start: dateArray(r.deadline!),
    end: dateArray(addDays(r.deadline!, 1)),
    title: `s55 response due: ${r.lpbName}, ${r.inspectionTitle}`,
    description:
      `${r.lpbName} must publish its response to “${r.inspectionTitle}”` +
      (r.publicationDay ? ` (published ${partialDate(r.publicationDay)})` : '') +
      ` by the end of ${partialDate(r.deadline)} (Police Act 1996 s55(5A)). ${r.headline}.`,
    url: `${root}${r.responseId ? `/responses/${r.responseId}` : `/inspections/${r.inspectionSlug}`}`,
    categories: ['s55 response deadline'],
    status: 'CONFIRMED',
    busyStatus: 'FREE',
    // Stable output (and ETags): the moment the deadline became known, not the moment of the request.
    timestamp: Date.parse(`${r.publicationDay ?? addDays(r.deadline!, -55)}T00:00:00Z`),
  }));
  const { error, value } = createEvents(events, {
    productId: '-//Oversight//s55 response deadlines//EN',
    method: 'PUBLISH',
    calName: name,
  });
  if (error || value === null) throw error ?? new Error('The calendar could not be written');
  return value;
}

/** Atom: responses published in their own right, newest first (`emptyUpdated` when there are none). */
export function publishedResponsesAtom(
  root: string,
  path: string,
  title: string,
  rows: readonly ResponseTimeliness[],
  emptyUpdated: Date,
): string {
  const entries = rows.slice(0, 100);
  return atomFeed({
    id: `${root}${path}`,
    title,
    link: `${root}/responses`,
    self: `${root}${path}`,
    emptyUpdated,
    author: feedAuthor(root),
    language: 'en-GB',
    rights: 'Facts from HMICFRS and local policing body publications',
    entries: entries.map((r) => ({
      id: `${root}/responses/${r.responseId}`,
      link: `${root}/responses/${r.responseId}`,
      title: `${r.lpbName}: response to ${r.inspectionTitle}`,
      updated: new Date(publishedTime(r)),
      summary: `${r.headline}.${r.publicUrl ? ` Read it at ${r.publicUrl}` : ''}`,
    })),
  });
}

export function registerResponseFeeds(app: FastifyInstance, c: Container, config: Config): void {
  const rootOf = (request: FastifyRequest) =>
    config.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${request.headers.host ?? `localhost:${config.PORT}`}`;
  const sendCalendar = (reply: FastifyReply, body: string) =>
    reply.type('text/calendar; charset=utf-8').send(body);

  app.get('/responses/deadlines.ics', { schema: { hide: true } }, async (request, reply) =>
    sendCalendar(
      reply,
      deadlineCalendar(
        rootOf(request),
        'Oversight: s55 response deadlines',
        await c.responseTimeliness.unansweredDeadlines({}, request.viewer),
      ),
    ),
  );
  app.get<{ Params: { slug: string } }>(
    '/forces/:slug/responses/deadlines.ics',
    { schema: { hide: true, params: slugParams } },
    async (request, reply) => {
      const force = await c.forces.get(request.params.slug);
      return sendCalendar(
        reply,
        deadlineCalendar(
          rootOf(request),
          `Oversight: s55 response deadlines, ${force.lpbName}`,
          await c.responseTimeliness.unansweredDeadlines({ forceId: force.id }, request.viewer),
        ),
      );
    },
  );
  app.get<{ Querystring: { force?: string } }>(
    '/feeds/responses.atom',
    { schema: { hide: true } },
    async (request, reply) => {
      const slug =
        typeof request.query.force === 'string' && /^[a-z0-9-]{1,120}$/.test(request.query.force)
          ? request.query.force
          : undefined;
      const force = slug ? await c.forces.get(slug) : undefined;
      const xml = publishedResponsesAtom(
        rootOf(request),
        `/feeds/responses.atom${force ? `?force=${force.slug}` : ''}`,
        `Oversight: published s55 responses${force ? ` (${force.lpbName})` : ''}`,
        await c.responseTimeliness.published(force ? { forceId: force.id } : {}, request.viewer),
        (await dataVersion(c.database.db)).lastModified,
      );
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );
}
