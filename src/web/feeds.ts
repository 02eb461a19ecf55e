import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Container } from '../container.js';
import type { StatusChange } from '../modules/findings/index.js';
import type { InspectionSummary } from '../modules/inspections/index.js';
import type { EngagePeriod } from '../modules/monitoring/index.js';
import { dataVersion } from '../db/data-version.js';
import { earliest, format, parseIso } from '../shared/partial-date.js';
import { atomFeed, feedAuthor } from './atom.js';

type Entry = { id: string; title: string; link: string; date: Date; summary: string };

const dateOf = (iso: string) => new Date(`${earliest(parseIso(iso))}T00:00:00Z`);

function inspectionEntries(base: string, list: InspectionSummary[]): Entry[] {
  return list
    .filter((i) => i.publishedOn || i.publishedAt)
    .map((i) => ({
      id: `${base}/inspections/${i.slug}`,
      title: i.title,
      link: `${base}/inspections/${i.slug}`,
      date: i.publishedAt ?? dateOf(i.publishedOn!),
      summary: `${i.forces.map((f) => f.name).join(', ')}: published ${format(parseIso(i.publishedOn ?? i.publishedAt!.toISOString().slice(0, 10)))}.`,
    }));
}

function engageEntries(base: string, periods: EngagePeriod[]): Entry[] {
  return periods.flatMap((p) => [
    {
      id: `${base}/engage/${p.id}/entered`,
      title: `${p.force.name} moved into Engage`,
      link: `${base}/forces/${p.force.slug}#engage-history`,
      date: dateOf(p.enteredOn),
      summary: `${p.force.name} entered Engage, HMICFRS's enhanced monitoring, in ${format(parseIso(p.enteredOn))}.`,
    },
    ...(p.exitedOn
      ? [
          {
            id: `${base}/engage/${p.id}/exited`,
            title: `${p.force.name} moved out of Engage`,
            link: `${base}/forces/${p.force.slug}#engage-history`,
            date: dateOf(p.exitedOn),
            summary: `${p.force.name} left Engage in ${format(parseIso(p.exitedOn))}, after entering in ${format(parseIso(p.enteredOn))}.`,
          },
        ]
      : []),
  ]);
}

function statusEntries(root: string, changes: StatusChange[]): Entry[] {
  return changes.map((e) => ({
    id: `${root}/findings/events/${e.id}`,
    title: `${e.forceName}: a finding is now ${e.status.replace(/-/g, ' ')}`,
    link: e.inspectionSlug
      ? `${root}/inspections/${e.inspectionSlug}#finding-${e.findingId}`
      : `${root}/forces/${e.forceSlug}#engage-history`,
    date: e.occurredOn ? dateOf(e.occurredOn) : new Date(e.recordedAt),
    summary: `${e.text}${e.occurredOn ? ` (${e.status.replace(/-/g, ' ')} ${format(parseIso(e.occurredOn))})` : ''}`,
  }));
}

function atom(base: string, path: string, title: string, entries: Entry[], emptyUpdated: Date): string {
  const sorted = entries.sort((a, b) => b.date.getTime() - a.date.getTime()).slice(0, 100);
  return atomFeed({
    id: `${base}${path}`,
    title,
    link: base,
    self: `${base}${path}`,
    emptyUpdated,
    author: feedAuthor(base),
    language: 'en-GB',
    rights: 'Facts from HMICFRS, local policing body and press publications',
    entries: sorted.map((e) => ({
      id: e.id,
      title: e.title,
      link: e.link,
      updated: e.date,
      summary: e.summary,
    })),
  });
}

/** Atom feeds of new inspections and Engage moves, for everyone and per force. Embargo applies. */
export function registerFeeds(app: FastifyInstance, c: Container, config: Config): void {
  const base = (host: string | undefined) =>
    config.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${host ?? `localhost:${config.PORT}`}`;
  const send = (reply: import('fastify').FastifyReply, xml: string) =>
    reply.type('application/atom+xml; charset=utf-8').send(xml);
  // An empty feed is as new as the data it is made from.
  const changed = async () => (await dataVersion(c.database.db)).lastModified;

  app.get('/feeds/inspections.atom', { schema: { hide: true } }, async (request, reply) =>
    send(
      reply,
      atom(
        base(request.headers.host),
        '/feeds/inspections.atom',
        'Oversight: new inspections',
        inspectionEntries(base(request.headers.host), await c.inspections.list()),
        await changed(),
      ),
    ),
  );
  app.get('/feeds/engage.atom', { schema: { hide: true } }, async (request, reply) =>
    send(
      reply,
      atom(
        base(request.headers.host),
        '/feeds/engage.atom',
        'Oversight: Engage moves',
        engageEntries(base(request.headers.host), await c.monitoring.periods()),
        await changed(),
      ),
    ),
  );
  app.get<{ Querystring: { force?: string } }>(
    '/feeds/status-changes.atom',
    { schema: { hide: true } },
    async (request, reply) => {
      const root = base(request.headers.host);
      const force =
        typeof request.query.force === 'string' && /^[a-z0-9-]{1,120}$/.test(request.query.force)
          ? request.query.force
          : undefined;
      const entries = statusEntries(root, await c.findings.statusChanges(force));
      return send(
        reply,
        atom(
          root,
          '/feeds/status-changes.atom',
          `Oversight: status changes${force ? ` (${force})` : ''}`,
          entries,
          await changed(),
        ),
      );
    },
  );
  app.get<{ Params: { slug: string } }>(
    '/forces/:slug/feed.atom',
    { schema: { hide: true } },
    async (request, reply) => {
      const force = await c.forces.get(request.params.slug);
      const root = base(request.headers.host);
      const [inspections, periods] = await Promise.all([
        c.inspections.forForce(force.id),
        c.monitoring.periods({ forceId: force.id }),
      ]);
      return send(
        reply,
        atom(
          root,
          `/forces/${force.slug}/feed.atom`,
          `Oversight: ${force.name}`,
          [...inspectionEntries(root, inspections), ...engageEntries(root, periods)],
          await changed(),
        ),
      );
    },
  );
  app.get<{ Params: { slug: string } }>(
    '/themes/:slug/feed.atom',
    { schema: { hide: true } },
    async (request, reply) => {
      const root = base(request.headers.host);
      const [theme, items] = await Promise.all([
        c.themes.theme(request.params.slug),
        c.themes.itemsOf(request.params.slug),
      ]);
      const inspectionSlugs = new Set(items.flatMap((i) => (i.inspectionSlug ? [i.inspectionSlug] : [])));
      const periodIds = new Set(items.flatMap((i) => (i.periodId ? [i.periodId] : [])));
      const findingIds = items.flatMap((i) => (i.subject.kind === 'finding' ? [i.subject.id] : []));
      const [inspections, periods, changes] = await Promise.all([
        c.inspections.list(),
        c.monitoring.periods(),
        c.themes.statusChangesOf(findingIds),
      ]);
      return send(
        reply,
        atom(
          root,
          `/themes/${theme.slug}/feed.atom`,
          `Oversight: ${theme.name}`,
          [
            ...inspectionEntries(
              root,
              inspections.filter((i) => inspectionSlugs.has(i.slug)),
            ),
            ...engageEntries(
              root,
              periods.filter((p) => periodIds.has(p.id)),
            ),
            ...statusEntries(root, changes),
          ],
          await changed(),
        ),
      );
    },
  );
}
