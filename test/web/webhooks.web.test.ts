import * as cheerio from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { verifySignature } from '../../src/modules/webhooks/webhooks.domain.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, formPost, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { startReceiver, type Receiver } from '../webhook-receiver.js';

type Subscription = {
  id: string;
  url: string;
  events: string[];
  forces: string[];
  active: boolean;
  version: number;
  secret?: string;
};

describe.each(testDatabaseKinds)('managing webhooks on %s', (kind) => {
  let t: TestApp;
  let admin: Session;
  let inspectorate: Session;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await createTestApp(kind);
    [admin, inspectorate] = await Promise.all([
      accountSession(t, 'admin'),
      accountSession(t, 'inspectorate'),
    ]);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('through the API: the secret once, never in lists; 422 for a bad address; 409 for a stale change', async () => {
    const created = await apiAs(t, admin, 'POST', '/api/v1/webhooks', {
      url: receiver.url('/api'),
      description: 'Newsroom',
      events: ['inspection.published', 'engage.entered'],
      forces: ['durham-constabulary', 'cleveland-police'],
    });
    expect(created.statusCode).toBe(201);
    const made = created.json<{ data: Subscription }>().data;
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(made).toMatchObject({
      forces: ['cleveland-police', 'durham-constabulary'],
      active: true,
      version: 1,
    });

    const listed = (await apiAs(t, admin, 'GET', '/api/v1/webhooks')).json<{ data: Subscription[] }>().data;
    expect(listed.map((s) => s.id)).toContain(made.id);
    const one = await apiAs(t, admin, 'GET', `/api/v1/webhooks/${made.id}`);
    expect(one.statusCode).toBe(200);
    for (const body of [JSON.stringify(listed), one.body]) {
      expect(body).not.toContain(made.secret);
      expect(body).not.toContain('"secret"');
    }
    // Nor in the audit log.
    const audit = await queryRows<{ after: unknown }>(
      t.database.db,
      sql`select after from audit_event where entity = 'webhook_subscription' and entity_id = ${made.id}`,
    );
    expect(JSON.stringify(audit)).not.toContain(made.secret!);
    expect(audit).toHaveLength(1);

    const bad = await apiAs(t, admin, 'POST', '/api/v1/webhooks', {
      url: 'ftp://example.org/in',
      events: [],
      forces: ['atlantis-police'],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ fields: Record<string, string> }>().fields).toMatchObject({
      url: 'Enter an address that starts with https:// or http://',
      events: 'Choose at least one kind of event',
    });
    const unknownForce = await apiAs(t, admin, 'POST', '/api/v1/webhooks', {
      url: 'https://example.org/in',
      events: ['engage.exited'],
      forces: ['atlantis-police'],
    });
    expect(unknownForce.statusCode).toBe(422);
    expect(unknownForce.json<{ fields: Record<string, string> }>().fields.forces).toMatch(/atlantis-police/);

    const patched = await apiAs(t, admin, 'PATCH', `/api/v1/webhooks/${made.id}`, {
      active: false,
      forces: [],
      version: 1,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<{ data: Subscription }>().data).toMatchObject({
      active: false,
      forces: [],
      version: 2,
    });
    const stale = await apiAs(t, admin, 'PATCH', `/api/v1/webhooks/${made.id}`, { active: true, version: 1 });
    expect(stale.statusCode).toBe(409);
    const current = stale.json<{ current: Subscription }>().current;
    expect(current).toMatchObject({ id: made.id, active: false, version: 2 });
    expect(stale.body).not.toContain(made.secret);

    // A cookie is not enough to write through the API; other roles are refused.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/webhooks',
          headers: { cookie: admin.cookie, 'content-type': 'application/json' },
          payload: JSON.stringify({ url: 'https://example.org/x', events: ['engage.entered'] }),
        })
      ).statusCode,
    ).toBe(401);
    expect((await apiAs(t, inspectorate, 'GET', '/api/v1/webhooks')).statusCode).toBe(403);
    expect((await apiAs(t, null, 'GET', '/api/v1/webhooks')).statusCode).toBe(401);

    const gone = await apiAs(t, admin, 'DELETE', `/api/v1/webhooks/${made.id}`);
    expect(gone.statusCode).toBe(204);
    expect((await apiAs(t, admin, 'GET', `/api/v1/webhooks/${made.id}`)).statusCode).toBe(404);
    const actions = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_event where entity_id = ${made.id}`,
    );
    expect(actions.map((a) => a.action).sort()).toEqual([
      'webhook.create',
      'webhook.delete',
      'webhook.update',
    ]);
  });

  it('a test event reaches the receiver signed with the secret given, and shows in the deliveries', async () => {
    const secret = 'our-own-secret-of-some-length';
    const made = (
      await apiAs(t, admin, 'POST', '/api/v1/webhooks', {
        url: receiver.url('/ping'),
        events: ['finding.status-changed'],
        secret,
        active: false,
      })
    ).json<{ data: Subscription }>().data;
    expect(made.secret).toBe(secret);
    const res = await apiAs(t, admin, 'POST', `/api/v1/webhooks/${made.id}/test`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      data: { event: 'ping', status: 'delivered', attempts: 1, lastStatusCode: 204 },
    });
    const [ping] = receiver.on('/ping');
    expect(ping).toBeDefined();
    expect(ping!.headers['x-oversight-event']).toBe('ping');
    expect(
      verifySignature({
        secret,
        body: ping!.body,
        timestamp: ping!.headers['x-oversight-timestamp'] as string,
        signature: ping!.headers['x-oversight-signature'] as string,
      }),
    ).toEqual({ ok: true });
    expect(JSON.parse(ping!.body)).toMatchObject({ event: 'ping', data: { subscription: made.id } });

    const failing = (
      await apiAs(t, admin, 'POST', '/api/v1/webhooks', {
        url: receiver.url('/status/503'),
        events: ['engage.exited'],
      })
    ).json<{ data: Subscription }>().data;
    const failed = await apiAs(t, admin, 'POST', `/api/v1/webhooks/${failing.id}/test`);
    expect(failed.json()).toMatchObject({
      data: { status: 'failed', attempts: 1, lastStatusCode: 503, lastError: 'The receiver answered 503' },
    });
    // A test event is tried once: the dispatcher does not take it up again.
    await t.container.webhooks.dispatcher.runOnce();
    expect(receiver.on('/status/503')).toHaveLength(1);

    const deliveries = await apiAs(t, admin, 'GET', `/api/v1/webhooks/${made.id}/deliveries`);
    expect(deliveries.json<{ data: Array<{ event: string; status: string }> }>().data).toEqual([
      expect.objectContaining({ event: 'ping', status: 'delivered' }),
    ]);
    const onlyFailed = await apiAs(
      t,
      admin,
      'GET',
      `/api/v1/webhooks/${failing.id}/deliveries?status=delivered`,
    );
    expect(onlyFailed.json()).toEqual({ data: [] });
  });

  it('a failed delivery can be tried again, once, from its page or the API; one that has not failed cannot', async () => {
    const made = (
      await apiAs(t, admin, 'POST', '/api/v1/webhooks', {
        url: receiver.url('/status/500'),
        events: ['engage.entered'],
      })
    ).json<{ data: Subscription }>().data;
    const failed = (await apiAs(t, admin, 'POST', `/api/v1/webhooks/${made.id}/test`)).json<{
      data: { id: string; status: string };
    }>().data;
    expect(failed.status).toBe('failed');
    const retry = (who: Session, id = failed.id) =>
      apiAs(t, who, 'POST', `/api/v1/webhooks/${made.id}/deliveries/${id}/retry`);
    expect((await retry(inspectorate)).statusCode).toBe(403);
    const again = await retry(admin);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ data: { id: failed.id, status: 'failed', attempts: 2 } });
    expect(receiver.on('/status/500')).toHaveLength(2);

    // The receiver is mended: the page's "Try again" delivers it, with the same delivery id.
    await apiAs(t, admin, 'PATCH', `/api/v1/webhooks/${made.id}`, {
      url: receiver.url('/mended'),
      version: made.version,
    });
    const $ = cheerio.load((await pageAs(t, admin, `/admin/webhooks/${made.id}`)).body);
    const action = $('#deliveries-table form').attr('action')!;
    expect(action).toBe(`/admin/webhooks/${made.id}/deliveries/${failed.id}/retry`);
    const posted = await formPost(t, admin, action, {});
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/admin/webhooks/${made.id}?retried=delivered#deliveries`);
    const [mended] = receiver.on('/mended');
    expect(mended!.headers['x-oversight-delivery']).toBe(failed.id);
    const page = cheerio.load((await pageAs(t, admin, posted.headers.location as string)).body);
    expect(page('.govuk-notification-banner').text()).toMatch(/tried again and delivered/);
    expect(page('#deliveries-table form')).toHaveLength(0);

    const twice = await retry(admin);
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ detail: string }>().detail).toMatch(/Only a delivery that has failed/);
    expect((await retry(admin, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const [audit] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_event where action = 'webhook.redeliver' and entity_id = ${made.id}`,
    );
    expect(audit!.n).toBe(2);
  });

  it('through the pages: add (the secret shown once), see deliveries, change, pause, delete', async () => {
    const list = await pageAs(t, admin, '/admin/webhooks');
    expect(list.statusCode).toBe(200);
    expect(cheerio.load(list.body)('h1').text()).toBe('Webhooks');

    const form = await pageAs(t, admin, '/admin/webhooks/new');
    const $form = cheerio.load(form.body);
    expect($form('input[name="events"]:checked')).toHaveLength(4);
    expect($form('input[name="forces"]').length).toBeGreaterThanOrEqual(43);

    const invalid = await formPost(t, admin, '/admin/webhooks/new', {
      url: 'not an address',
      description: 'Ours',
    });
    expect(invalid.statusCode).toBe(422);
    const $invalid = cheerio.load(invalid.body);
    expect($invalid('.govuk-error-summary').text()).toMatch(/Enter a web address/);
    expect($invalid('.govuk-error-summary').text()).toMatch(/Choose at least one kind of event/);
    expect($invalid('#url').val()).toBe('not an address');
    expect($invalid('#description').val()).toBe('Ours');
    expect($invalid('title').text()).toMatch(/^Error: /);

    const added = await t.app.inject({
      method: 'POST',
      url: '/admin/webhooks/new',
      headers: {
        cookie: admin.cookie,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams([
        ['_csrf', admin.csrf],
        ['url', receiver.url('/pages')],
        ['description', 'Pages test'],
        ['events', 'inspection.published'],
        ['events', 'engage.exited'],
        ['forces', 'cleveland-police'],
      ]).toString(),
    });
    expect(added.statusCode).toBe(200);
    expect(added.headers['cache-control']).toBe('private, no-store');
    const $added = cheerio.load(added.body);
    const secret = $added('#secret').text();
    expect(secret).toMatch(/^whsec_/);
    const href = $added('a[href^="/admin/webhooks/"]').last().attr('href')!;
    const id = href.split('/').pop()!;

    const page = await pageAs(t, admin, href);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(secret);
    expect(page.body).toContain('Cleveland Police');
    expect(page.body).toContain('Nothing has been sent to this address yet.');
    expect((await pageAs(t, admin, '/admin/webhooks')).body).not.toContain(secret);

    const tested = await formPost(t, admin, `/admin/webhooks/${id}/test`, {});
    expect(tested.statusCode).toBe(303);
    expect(tested.headers.location).toBe(`/admin/webhooks/${id}?tested=delivered`);
    const after = cheerio.load((await pageAs(t, admin, String(tested.headers.location))).body);
    expect(after('.govuk-notification-banner').text()).toMatch(/The test event was delivered/);
    expect(after('#deliveries-table tbody tr')).toHaveLength(1);
    expect(after('#deliveries-table').text()).toMatch(/Test event/);

    const edit = cheerio.load((await pageAs(t, admin, `/admin/webhooks/${id}/edit`)).body);
    expect(edit('#url').val()).toBe(receiver.url('/pages'));
    expect(edit('input[name="forces"]:checked').val()).toBe('cleveland-police');
    const version = String(edit('input[name="version"]').val());
    const changed = await formPost(t, admin, `/admin/webhooks/${id}/edit`, {
      url: receiver.url('/pages-2'),
      description: 'Pages test',
      events: 'engage.entered',
      active: 'false',
      version,
    });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe(`/admin/webhooks/${id}?saved=changed`);
    const saved = (await pageAs(t, admin, String(changed.headers.location))).body;
    expect(saved).toContain('Your changes have been saved.');
    expect(saved).toContain('Paused');
    expect(saved).toContain('Every force');

    // The same stale form again: the current values come back with a 409.
    const stale = await formPost(t, admin, `/admin/webhooks/${id}/edit`, {
      url: receiver.url('/pages-3'),
      events: 'engage.entered',
      active: 'true',
      version,
    });
    expect(stale.statusCode).toBe(409);
    expect(cheerio.load(stale.body)('#url').val()).toBe(receiver.url('/pages-2'));

    // A new secret is shown once; the old one no longer signs.
    const current = cheerio.load((await pageAs(t, admin, `/admin/webhooks/${id}/edit`)).body);
    const rotated = await formPost(t, admin, `/admin/webhooks/${id}/edit`, {
      url: receiver.url('/pages-2'),
      events: 'engage.entered',
      active: 'true',
      newSecret: 'yes',
      version: String(current('input[name="version"]').val()),
    });
    expect(rotated.statusCode).toBe(200);
    const newSecret = cheerio.load(rotated.body)('#secret').text();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await formPost(t, admin, `/admin/webhooks/${id}/test`, {});
    const [ping] = receiver.on('/pages-2');
    const signed = (s: string) =>
      verifySignature({
        secret: s,
        body: ping!.body,
        timestamp: ping!.headers['x-oversight-timestamp'] as string,
        signature: ping!.headers['x-oversight-signature'] as string,
      }).ok;
    expect(signed(newSecret)).toBe(true);
    expect(signed(secret)).toBe(false);

    const confirm = await pageAs(t, admin, `/admin/webhooks/${id}/delete`);
    expect(cheerio.load(confirm.body)('h1').text()).toBe('Delete this webhook?');
    const deleted = await formPost(t, admin, `/admin/webhooks/${id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/admin/webhooks?deleted=1');
    expect((await pageAs(t, admin, `/admin/webhooks/${id}`)).statusCode).toBe(404);
  });

  it('pages escape what was entered', async () => {
    const made = (
      await apiAs(t, admin, 'POST', '/api/v1/webhooks', {
        url: 'https://example.org/in?a=<b>',
        description: '<script>alert("hook")</script>',
        events: ['engage.entered'],
      })
    ).json<{ data: Subscription }>().data;
    for (const url of [
      '/admin/webhooks',
      `/admin/webhooks/${made.id}`,
      `/admin/webhooks/${made.id}/delete`,
    ]) {
      const body = (await pageAs(t, admin, url)).body;
      expect(body, url).not.toContain('<script>alert');
      expect(body, url).not.toContain('a=<b>');
    }
    expect((await pageAs(t, admin, '/admin/webhooks')).body).toContain('&lt;script&gt;alert');
  });

  it('pages refuse other roles, and forms without the CSRF token', async () => {
    expect((await pageAs(t, inspectorate, '/admin/webhooks')).statusCode).toBe(403);
    expect((await pageAs(t, null, '/admin/webhooks')).statusCode).toBe(302);
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/admin/webhooks/new',
      headers: {
        cookie: admin.cookie,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ url: 'https://example.org/x', events: 'engage.entered' }).toString(),
    });
    expect(noToken.statusCode).toBe(403);
    const refused = await formPost(t, inspectorate, '/admin/webhooks/new', {
      url: 'https://example.org/x',
      events: 'engage.entered',
    });
    expect(refused.statusCode).toBe(403);
    const [{ n }] = (await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from webhook_subscription where url = 'https://example.org/x'`,
    )) as [{ n: number }];
    expect(n).toBe(0);
  });
});
