import { sql } from 'drizzle-orm';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../src/container.js';
import { openDatabase, queryRows, type Database } from '../src/db/index.js';
import type { Viewer } from '../src/modules/accounts/accounts.domain.js';
import { verifySignature, MAX_ATTEMPTS } from '../src/modules/webhooks/webhooks.domain.js';
import { createWebhookDispatcher } from '../src/modules/webhooks/webhooks.dispatcher.js';
import { claimDue } from '../src/modules/webhooks/webhooks.repository.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.js';
import { insertInspectionWithFindings } from './fixtures-db.js';
import { startReceiver, type Receiver, type Received } from './webhook-receiver.js';

const BASE = 'https://oversight.example.org';
const admin: Viewer = {
  role: 'admin',
  userId: null,
  actor: 'admin@example.org',
  name: null,
  forceId: null,
  forceSlug: null,
};
const inspectorate: Viewer = { ...admin, role: 'inspectorate', actor: 'inspector@example.org' };
const ALL = ['inspection.published', 'engage.entered', 'engage.exited', 'finding.status-changed'];

type Body = { id: string; event: string; occurredAt: string; data: Record<string, unknown> };
const bodyOf = (r: Received) => JSON.parse(r.body) as Body;

function checkSigned(r: Received, secret: string) {
  expect(r.headers['content-type']).toMatch(/^application\/json/);
  expect(r.headers['x-oversight-delivery']).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.headers['x-oversight-event']).toBe(bodyOf(r).event);
  expect(
    verifySignature({
      secret,
      body: r.body,
      timestamp: r.headers['x-oversight-timestamp'] as string,
      signature: r.headers['x-oversight-signature'] as string,
    }),
  ).toEqual({ ok: true });
  // The same request with another secret does not pass.
  expect(
    verifySignature({
      secret: `${secret}-not`,
      body: r.body,
      timestamp: r.headers['x-oversight-timestamp'] as string,
      signature: r.headers['x-oversight-signature'] as string,
    }).ok,
  ).toBe(false);
}

describe.each(testDatabaseKinds)('outgoing webhooks on %s', (kind) => {
  let database: TestDatabase;
  let c: Container;
  let receiver: Receiver;
  const dispatcher = () => c.webhooks.dispatcher;
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);

  /** A force that has never been in Engage, for recording a move. */
  async function forceOutOfEngage(skip: string[] = []): Promise<string> {
    const found = await rows<{ slug: string }>(
      sql`select slug from force f where not exists (select 1 from engage_period p where p.force_id = f.id)
          order by slug`,
    );
    return found.map((f) => f.slug).find((s) => !skip.includes(s))!;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    c = createContainer(database, {
      passwordCost: 'test',
      webhooks: { baseUrl: BASE, timeoutMs: 1000, random: () => 0 },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.dispose();
  });
  beforeEach(async () => {
    // Each test starts with no subscriptions; the events seen so far stay seen.
    await database.db.execute(sql`delete from webhook_subscription`);
    receiver.received.length = 0;
  });

  it('records nothing while no one is subscribed, and history as seen (never sent) when someone subscribes', async () => {
    await dispatcher().runOnce();
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from webhook_event`))[0]!.n).toBe(0);
    const { subscription, secret } = await c.webhooks.create(admin, {
      url: receiver.url('/history'),
      events: ALL,
    });
    expect(secret).toMatch(/^whsec_/);
    // The reference data's public inspections and Engage periods are all on record already, as seen.
    const [seen] = await rows<{ recorded: number; inspections: number; entered: number; periods: number }>(
      sql`select (select count(*)::int from webhook_event where kind = 'inspection.published') as recorded,
                 (select count(*)::int from inspection where (published_at is null or published_at <= now())
                    and (published_on is not null or published_at is not null)) as inspections,
                 (select count(*)::int from webhook_event where kind = 'engage.entered') as entered,
                 (select count(*)::int from engage_period) as periods`,
    );
    expect(seen!.recorded).toBeGreaterThan(0);
    expect(seen!.entered).toBeGreaterThan(5);
    expect(seen!.recorded).toBe(seen!.inspections);
    expect(seen!.entered).toBe(seen!.periods);
    expect((await rows(sql`select 1 from webhook_delivery`)).length).toBe(0);
    const result = await dispatcher().runOnce();
    expect(result).toMatchObject({ recorded: 0, claimed: 0 });
    expect(receiver.received).toEqual([]);
    expect((await c.webhooks.get(admin, subscription.id)).counts).toEqual({
      pending: 0,
      delivered: 0,
      failed: 0,
    });
  });

  it('sends each new inspection, Engage move and status change once, signed, with public facts only', async () => {
    const before = await insertInspectionWithFindings(database.db, { findings: 1 });
    const { secret } = await c.webhooks.create(admin, {
      url: receiver.url('/all'),
      description: 'Everything',
      events: ALL,
    });
    const durhamOnly = await c.webhooks.create(admin, {
      url: receiver.url('/durham'),
      events: ALL,
      forces: ['durham-constabulary'],
    });
    const engageOnly = await c.webhooks.create(admin, {
      url: receiver.url('/engage'),
      events: ['engage.entered'],
    });
    expect(durhamOnly.subscription.forces).toEqual(['durham-constabulary']);

    const inspection = await c.inspectionsWrite.create(inspectorate, {
      title: 'An invented inspection of how calls are answered',
      type: 'force-specific',
      forces: ['cleveland-police'],
      publishedOn: '2026-01-20',
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
      sourceUrl: 'https://example.org/report',
    });
    const force = await forceOutOfEngage(['durham-constabulary']);
    const period = await c.engageWrite.create(inspectorate, { force, startedOn: '2025-11' });
    const finding = before.findingIds[0]!;
    const [{ version }] = (await rows<{ version: number }>(
      sql`select version from finding where id = ${finding}`,
    )) as [{ version: number }];
    await c.workflow.decide(inspectorate, finding, { status: 'closed', note: 'Done', version });

    const dataVersion = async () =>
      (
        await rows<{ v: string }>(sql`select value #>> '{}' as v from app_meta where key = 'data-version'`)
      )[0]!.v;
    const versionBefore = await dataVersion();
    const first = await dispatcher().runOnce();
    expect(first.recorded).toBe(3);
    // Recording events and deliveries is not a change to the public record: the page cache stays.
    expect(await dataVersion()).toBe(versionBefore);
    const all = receiver.on('/all');
    expect(all.map((r) => bodyOf(r).event).sort()).toEqual([
      'engage.entered',
      'finding.status-changed',
      'inspection.published',
    ]);
    for (const r of all) checkSigned(r, secret);

    const published = bodyOf(all.find((r) => bodyOf(r).event === 'inspection.published')!);
    expect(published.data).toMatchObject({
      slug: inspection.slug,
      title: 'An invented inspection of how calls are answered',
      published: '2026-01-20',
      forces: ['cleveland-police'],
      url: `${BASE}/inspections/${inspection.slug}`,
    });
    expect(published.data).not.toHaveProperty('embargoed');
    const entered = bodyOf(all.find((r) => bodyOf(r).event === 'engage.entered')!);
    expect(entered.data).toMatchObject({
      id: period.id,
      force: { slug: force },
      entered: '2025-11',
      exited: null,
      current: true,
      url: `${BASE}/forces/${force}#engage-history`,
    });
    const changed = bodyOf(all.find((r) => bodyOf(r).event === 'finding.status-changed')!);
    expect(changed.data).toMatchObject({
      status: 'closed',
      finding: { id: finding, url: `${BASE}/findings/${finding}` },
      force: { slug: 'cleveland-police' },
      inspection: { slug: before.slug },
    });

    // Filters: no Cleveland or Engage event for Durham only; only the Engage entry for its subscriber.
    expect(receiver.on('/durham')).toEqual([]);
    expect(receiver.on('/engage').map((r) => bodyOf(r).event)).toEqual(['engage.entered']);
    checkSigned(receiver.on('/engage')[0]!, engageOnly.secret);

    // The force leaves Engage: one more event; nothing is sent twice.
    await c.engageWrite.update(inspectorate, period.id, { endedOn: '2026-01', version: period.version });
    await dispatcher().runOnce();
    await dispatcher().runOnce();
    expect(
      receiver
        .on('/all')
        .map((r) => bodyOf(r).event)
        .sort(),
    ).toEqual(['engage.entered', 'engage.exited', 'finding.status-changed', 'inspection.published']);
    expect(new Set(receiver.on('/all').map((r) => r.headers['x-oversight-delivery'])).size).toBe(4);
    expect(receiver.on('/engage')).toHaveLength(1);
    const [counts] = await rows<{ delivered: number; other: number }>(
      sql`select count(*) filter (where status = 'delivered')::int as delivered,
                 count(*) filter (where status <> 'delivered')::int as other from webhook_delivery`,
    );
    expect(counts).toEqual({ delivered: 5, other: 0 });
  });

  it('keeps an embargoed inspection back until its moment, then sends it without a restart', async () => {
    await c.webhooks.create(admin, { url: receiver.url('/embargo'), events: ['inspection.published'] });
    const hidden = await insertInspectionWithFindings(database.db, {
      title: 'A pretend inspection under embargo',
      publishedAt: new Date(Date.now() + 3_600_000),
      findings: 1,
    });
    // A status change to one of its findings is under the same embargo.
    const [{ version }] = (await rows<{ version: number }>(
      sql`select version from finding where id = ${hidden.findingIds[0]!}`,
    )) as [{ version: number }];
    await c.workflow.decide(inspectorate, hidden.findingIds[0]!, { status: 'closed', version });
    await c.webhooks.create(admin, {
      url: receiver.url('/embargo-status'),
      events: ['finding.status-changed'],
    });

    await dispatcher().runOnce();
    expect(receiver.on('/embargo')).toEqual([]);
    expect(receiver.on('/embargo-status')).toEqual([]);
    const recorded = await rows<{ key: string }>(
      sql`select key from webhook_event where key like ${`%${hidden.inspectionId}`}`,
    );
    expect(recorded).toEqual([]);

    await database.db.execute(
      sql`update inspection set published_at = now() - interval '1 second' where id = ${hidden.inspectionId}`,
    );
    await dispatcher().runOnce();
    expect(receiver.on('/embargo').map((r) => bodyOf(r).data.title)).toEqual([
      'A pretend inspection under embargo',
    ]);
    expect(receiver.on('/embargo-status').map((r) => bodyOf(r).data.status)).toEqual(['closed']);
    await dispatcher().runOnce();
    expect(receiver.on('/embargo')).toHaveLength(1);
  });

  it('tries a failing address again with growing waits, then stops after the last attempt', async () => {
    const { subscription } = await c.webhooks.create(admin, {
      url: receiver.url('/status/500'),
      events: ['inspection.published'],
    });
    await insertInspectionWithFindings(database.db, { findings: 0 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await dispatcher().runOnce();
      expect(result.claimed, `attempt ${attempt}`).toBe(1);
      const [d] = await rows<{ status: string; attempts: number; wait: number; code: number; error: string }>(
        sql`select status, attempts, extract(epoch from next_attempt_at - updated_at)::float8 as wait,
                   last_status_code as code, last_error as error
            from webhook_delivery where subscription_id = ${subscription.id}`,
      );
      expect(d!.attempts).toBe(attempt);
      expect(d!.code).toBe(500);
      expect(d!.error).toBe('The receiver answered 500');
      if (attempt < MAX_ATTEMPTS) {
        expect(d!.status).toBe('pending');
        waits.push(Math.round(d!.wait));
        // Not due yet: a round now sends nothing.
        expect((await dispatcher().runOnce()).claimed).toBe(0);
        await database.db.execute(
          sql`update webhook_delivery set next_attempt_at = now() where subscription_id = ${subscription.id}`,
        );
      } else {
        expect(d!.status).toBe('failed');
      }
    }
    expect(waits).toEqual([30, 120, 480, 1920, 7680, 21600, 21600]);
    expect(receiver.on('/status/500')).toHaveLength(MAX_ATTEMPTS);
    // Failed for good: never tried again.
    await database.db.execute(
      sql`update webhook_delivery set next_attempt_at = now() - interval '1 day' where subscription_id = ${subscription.id}`,
    );
    expect((await dispatcher().runOnce()).claimed).toBe(0);
    expect(receiver.on('/status/500')).toHaveLength(MAX_ATTEMPTS);
    expect((await c.webhooks.get(admin, subscription.id)).counts).toEqual({
      pending: 0,
      delivered: 0,
      failed: 1,
    });
  });

  it('says why a delivery failed: a redirect, no answer in time, nothing listening', async () => {
    const made = await Promise.all(
      ['/status/302', '/slow/3000'].map((path) =>
        c.webhooks.create(admin, { url: receiver.url(path), events: ['inspection.published'] }),
      ),
    );
    // A port nothing listens on: one the system gave out and took back.
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const closed = await c.webhooks.create(admin, {
      url: `http://127.0.0.1:${port}/nothing-listens`,
      events: ['inspection.published'],
    });
    await insertInspectionWithFindings(database.db, { findings: 0 });
    await dispatcher().runOnce();
    const errors = await rows<{ id: string; error: string; code: number | null }>(
      sql`select subscription_id as id, last_error as error, last_status_code as code from webhook_delivery
          where subscription_id in (${made[0]!.subscription.id}, ${made[1]!.subscription.id}, ${closed.subscription.id})`,
    );
    const by = (id: string) => errors.find((e) => e.id === id)!;
    expect(by(made[0]!.subscription.id)).toMatchObject({
      code: 302,
      error: 'The receiver answered 302 (redirects are not followed)',
    });
    expect(by(made[1]!.subscription.id)).toMatchObject({ code: null, error: 'No answer within 1 second' });
    expect(by(closed.subscription.id)).toMatchObject({
      code: null,
      error: 'Could not connect: ECONNREFUSED',
    });
  });

  it('queues nothing for a paused subscription; once resumed it is sent what comes next', async () => {
    const { subscription } = await c.webhooks.create(admin, {
      url: receiver.url('/paused'),
      events: ['inspection.published'],
      active: false,
    });
    await insertInspectionWithFindings(database.db, { title: 'Recorded while paused', findings: 0 });
    await dispatcher().runOnce();
    const resumed = await c.webhooks.update(admin, subscription.id, {
      active: true,
      version: subscription.version,
    });
    expect(resumed.version).toBe(subscription.version + 1);
    await insertInspectionWithFindings(database.db, { title: 'Recorded after resuming', findings: 0 });
    await dispatcher().runOnce();
    expect(receiver.on('/paused').map((r) => bodyOf(r).data.title)).toEqual(['Recorded after resuming']);
  });

  it('takes a claimed delivery back when its claim runs out (a crashed instance), and keeps the later outcome', async () => {
    const { subscription } = await c.webhooks.create(admin, {
      url: receiver.url('/lease'),
      events: ['inspection.published'],
    });
    await insertInspectionWithFindings(database.db, { findings: 0 });
    // Record the event, then claim its delivery as an instance that dies before answering.
    await database.db.transaction((tx) => dispatcher().recordNew(tx));
    const [claimed] = await claimDue(database.db, { limit: 10, leaseMs: 60_000 });
    expect(claimed).toBeDefined();
    expect((await dispatcher().runOnce()).claimed).toBe(0);
    await database.db.execute(
      sql`update webhook_delivery set next_attempt_at = now() where subscription_id = ${subscription.id}`,
    );
    expect((await dispatcher().runOnce()).delivered).toBe(1);
    const [d] = await rows<{ status: string; attempts: number }>(
      sql`select status, attempts from webhook_delivery where subscription_id = ${subscription.id}`,
    );
    expect(d).toEqual({ status: 'delivered', attempts: 2 });
    expect(receiver.on('/lease')).toHaveLength(1);
  });

  it('forgets deliveries that finished more than the retention ago, hourly, and keeps the events and pending ones', async () => {
    const { subscription } = await c.webhooks.create(admin, {
      url: receiver.url('/prune'),
      events: ['inspection.published'],
    });
    for (let i = 0; i < 3; i++) await insertInspectionWithFindings(database.db, { findings: 0 });
    expect((await dispatcher().runOnce()).delivered).toBe(3);
    const ids = (
      await rows<{ id: string }>(
        sql`select id from webhook_delivery where subscription_id = ${subscription.id} order by id`,
      )
    ).map((r) => r.id);
    const age = (id: string, status: string, days: number) =>
      database.db.execute(
        sql`update webhook_delivery set status = ${status}, updated_at = now() - make_interval(days => ${days})
            where id = ${id}`,
      );
    await age(ids[0]!, 'delivered', 40);
    await age(ids[1]!, 'failed', 40);
    await age(ids[2]!, 'pending', 40); // still to be tried: never forgotten
    await database.db.execute(
      sql`update webhook_delivery set next_attempt_at = now() + interval '1 day' where id = ${ids[2]!}`,
    );
    const events = async () =>
      (await rows<{ n: number }>(sql`select count(*)::int as n from webhook_event`))[0]!.n;
    const eventsBefore = await events();

    let now = new Date('2026-12-01T12:00:00Z');
    const pruner = createWebhookDispatcher(database.db, {
      baseUrl: BASE,
      retentionDays: 30,
      now: () => now,
      fetch: () => Promise.resolve(new Response(null, { status: 204 })),
    });
    expect((await pruner.runOnce()).pruned).toBe(2);
    const left = await rows<{ id: string; status: string }>(
      sql`select id, status from webhook_delivery where subscription_id = ${subscription.id}`,
    );
    expect(left).toEqual([{ id: ids[2], status: 'pending' }]);
    // The events stay recorded, so nothing is recorded or sent again.
    expect(await events()).toBe(eventsBefore);
    await age(ids[2]!, 'delivered', 40);
    expect((await pruner.runOnce()).pruned).toBe(0); // within the hour: no second delete
    now = new Date(now.getTime() + 3_600_000);
    const later = await pruner.runOnce();
    expect(later).toMatchObject({ pruned: 1, recorded: 0 });
    expect(receiver.on('/prune')).toHaveLength(3);
  });

  it('two dispatchers running at once, on separate connections, record each event and deliver each delivery exactly once', async () => {
    const subscriptions = await Promise.all(
      ['/race-a', '/race-b'].map((path) =>
        c.webhooks.create(admin, { url: receiver.url(`/slow/15${path}`), events: ALL }),
      ),
    );
    for (let i = 0; i < 15; i++) await insertInspectionWithFindings(database.db, { findings: 0 });
    // Two app instances: on PostgreSQL, two pools on the same database; PGlite has one connection.
    let second: Database | null = null;
    if (kind === 'postgres') {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = database.location.slice(database.location.indexOf('/'));
      second = await openDatabase({ dataDir: 'unused', databaseUrl: url.toString(), poolMax: 4 });
    }
    const options = { baseUrl: BASE, batchSize: 4, random: () => 0 };
    const one = createWebhookDispatcher(database.db, options);
    const two = createWebhookDispatcher((second ?? database).db, options);
    try {
      const loop = async (d: typeof one) => {
        let claimed = 0;
        for (let quiet = 0; quiet < 3;) {
          const r = await d.runOnce();
          claimed += r.claimed;
          quiet = r.claimed === 0 ? quiet + 1 : 0;
        }
        return claimed;
      };
      const [a, b] = await Promise.all([loop(one), loop(two)]);
      expect(a + b).toBe(30);
      if (kind === 'postgres') expect(Math.min(a, b)).toBeGreaterThan(0);
    } finally {
      await second?.close();
    }
    const got = receiver.received.filter((r) => r.path.startsWith('/slow/15/race-'));
    expect(got).toHaveLength(30);
    expect(new Set(got.map((r) => r.headers['x-oversight-delivery'])).size).toBe(30);
    for (const s of subscriptions)
      expect(got.filter((r) => r.path.endsWith(s.subscription.url.slice(-7)))).toHaveLength(15);
    const [dupes] = await rows<{ n: number }>(
      sql`select count(*)::int as n from (select key from webhook_event group by key having count(*) > 1) x`,
    );
    expect(dupes!.n).toBe(0);
    const [states] = await rows<{ delivered: number; attempts: number }>(
      sql`select count(*)::int as delivered, sum(attempts)::int as attempts from webhook_delivery
          where subscription_id in (${subscriptions[0]!.subscription.id}, ${subscriptions[1]!.subscription.id}) and status = 'delivered'`,
    );
    expect(states).toEqual({ delivered: 30, attempts: 30 });
  });

  it('runs in the background once started, and stops cleanly', async () => {
    await c.webhooks.create(admin, { url: receiver.url('/loop'), events: ['inspection.published'] });
    const loop = createWebhookDispatcher(database.db, { baseUrl: BASE });
    loop.start(50);
    await insertInspectionWithFindings(database.db, { findings: 0 });
    for (let i = 0; i < 100 && receiver.on('/loop').length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await loop.stop();
    expect(receiver.on('/loop')).toHaveLength(1);
  });
});
