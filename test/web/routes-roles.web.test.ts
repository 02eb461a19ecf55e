import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { documents } from '../../src/modules/documents/documents.table.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';

/**
 * Every route of the web and the API, under every role, on both databases: the outcome each role
 * gets, as a table. Writes are real (valid input), made by the forbidden roles first and the
 * allowed role last, so that the refusals are checked against a record still in the right state.
 * Embargoed material is checked before and after its publication moment.
 */
const WHO = ['public', 'force', 'otherForce', 'lpb', 'otherLpb', 'inspectorate', 'admin'] as const;
type Who = (typeof WHO)[number];
type Outcomes = Record<Who, number>;
type Ctx = Record<string, string>;
type Case = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With :placeholders filled from the context. */
  url: string;
  /** The route as registered, when the URL's shape differs (query strings). */
  route?: string;
  api?: boolean;
  /** Send the form as multipart/form-data (upload forms). */
  multipart?: boolean;
  body?: (ctx: Ctx, who: Who) => Promise<Record<string, unknown>> | Record<string, unknown>;
  expect: Outcomes;
};

const all = (status: number): Outcomes => Object.fromEntries(WHO.map((w) => [w, status])) as Outcomes;
const only = (allowed: Who[], ok: number, others: number, publicStatus: number): Outcomes =>
  Object.fromEntries(
    WHO.map((w) => [w, w === 'public' ? publicStatus : allowed.includes(w) ? ok : others]),
  ) as Outcomes;
const signedIn = (status: number, publicStatus: number): Outcomes => ({
  ...all(status),
  public: publicStatus,
});
/** Who may see an embargoed inspection of Cleveland: its force and LPB, the inspectorate, admins. */
const embargoed = (ok: number, hidden: number): Outcomes => ({
  public: hidden,
  force: ok,
  otherForce: hidden,
  lpb: ok,
  otherLpb: hidden,
  inspectorate: ok,
  admin: ok,
});

const PUBLIC_PAGES = [
  '/',
  '/forces',
  '/forces/map',
  '/forces/cleveland-police',
  '/forces/cleveland-police/history',
  '/forces/cleveland-police/feed.atom',
  '/engage',
  '/engage/previous',
  '/inspections',
  '/inspections/:inspection',
  '/inspections/:inspection/history',
  '/frameworks',
  '/frameworks/peel-2016',
  '/findings',
  '/findings/:finding',
  '/search',
  '/themes',
  '/themes/vulnerability-at-first-contact',
  '/themes/vulnerability-at-first-contact/feed.atom',
  '/engage/reasons/:reason',
  '/feeds/inspections.atom',
  '/feeds/engage.atom',
  '/feeds/status-changes.atom',
  '/downloads/oversight.zip',
  '/documents/:document',
  '/api/docs',
  '/api/docs/openapi.json',
  '/health',
  '/ping',
];
const PUBLIC_API = [
  '/api/v1/forces',
  '/api/v1/forces/cleveland-police',
  '/api/v1/engage',
  '/api/v1/findings',
  '/api/v1/findings/:finding',
  '/api/v1/inspections',
  '/api/v1/inspections/:inspection',
  '/api/v1/judgements',
  '/api/v1/programmes',
  '/api/v1/themes',
  '/api/v1/themes/vulnerability-at-first-contact',
  '/api/v1/findings/:finding/themes',
  '/api/v1/engage/reasons/:reason/themes',
  '/api/v1/search?q=calls',
];

const versionOf = async (
  t: TestApp,
  table:
    | 'finding'
    | 'finding_action'
    | 'closure_request'
    | 'response'
    | 'scrutiny_meeting'
    | 'webhook_subscription',
  id: string,
) =>
  (
    await queryRows<{ version: number }>(
      t.database.db,
      sql`select version from ${sql.identifier(table)} where id = ${id}`,
    )
  )[0]!.version;

const overrideVersion = async (t: TestApp, column: 'finding_id' | 'engage_reason_id', id: string) =>
  (
    await queryRows<{ version: number }>(
      t.database.db,
      sql`select version from theme_override where ${sql.identifier(column)} = ${id}`,
    )
  )[0]?.version;

function cases(t: TestApp): Case[] {
  const forceOnly = (ok: number, form: boolean) => only(['force'], ok, 403, form ? 403 : 401);
  const adminOnly = (ok: number, publicStatus: number) => only(['admin'], ok, 403, publicStatus);
  return [
    ...PUBLIC_PAGES.map((url): Case => ({ method: 'GET', url, expect: all(200) })),
    ...PUBLIC_API.map((url): Case => ({ method: 'GET', url, api: true, expect: all(200) })),
    { method: 'GET', url: '/sign-in', expect: signedIn(302, 200) },
    { method: 'GET', url: '/my-work', expect: signedIn(200, 302) },
    { method: 'GET', url: '/api/v1/my-work', api: true, expect: signedIn(200, 401) },
    { method: 'GET', url: '/admin/audit', expect: only(['inspectorate', 'admin'], 200, 403, 302) },
    {
      method: 'GET',
      url: '/api/v1/audit',
      api: true,
      expect: only(['inspectorate', 'admin'], 200, 403, 401),
    },
    { method: 'GET', url: '/admin/users', expect: only(['admin'], 200, 403, 302) },
    { method: 'GET', url: '/import', expect: only(['inspectorate', 'admin'], 200, 403, 302) },
    { method: 'GET', url: '/evidence/:evidence', expect: { ...embargoed(200, 403), public: 302 } },
    // Recording by hand: the inspectorate only.
    { method: 'GET', url: '/inspections/new', expect: only(['inspectorate'], 200, 403, 302) },
    { method: 'GET', url: '/inspections/:inspection/edit', expect: only(['inspectorate'], 200, 403, 302) },
    { method: 'GET', url: '/findings/new', expect: only(['inspectorate'], 200, 403, 302) },
    { method: 'GET', url: '/findings/:finding/edit', expect: only(['inspectorate'], 200, 403, 302) },
    { method: 'GET', url: '/engage/new', expect: only(['inspectorate'], 200, 403, 302) },
    { method: 'GET', url: '/engage/periods/:period/edit', expect: only(['inspectorate'], 200, 403, 302) },
    // The workflow through the pages (forms carry the CSRF token; the public has none: 403).
    {
      method: 'POST',
      url: '/findings/:finding/actions',
      body: () => ({ title: 'Hire call handlers', owner: 'Head of contact', dueOn: '2026-09-30' }),
      expect: forceOnly(303, true),
    },
    {
      method: 'POST',
      url: '/findings/:finding/actions/:action',
      body: async (ctx) => ({
        dueOn: '2026-12-31',
        reason: 'Delayed',
        version: await versionOf(t, 'finding_action', ctx.action!),
      }),
      expect: forceOnly(303, true),
    },
    {
      method: 'POST',
      url: '/findings/:finding/force-status',
      body: async (ctx) => ({
        forceStatus: 'on-track',
        version: await versionOf(t, 'finding', ctx.finding!),
      }),
      expect: forceOnly(303, true),
    },
    {
      method: 'POST',
      url: '/findings/:finding/assurance',
      body: async (ctx) => ({
        assurance: 'assured',
        note: 'Seen it',
        version: await versionOf(t, 'finding', ctx.finding!),
      }),
      expect: only(['lpb'], 303, 403, 403),
    },
    {
      method: 'POST',
      url: '/findings/:finding/updates',
      body: () => ({ text: 'Progress made' }),
      expect: forceOnly(303, true),
    },
    {
      method: 'POST',
      url: '/findings/:finding/closure-requests',
      body: () => ({ summary: 'Done, please close' }),
      expect: forceOnly(303, true),
    },
    {
      method: 'POST',
      url: '/findings/:finding/closure-requests/:webRequest/decision',
      body: async (ctx) => ({
        decision: 'accept',
        version: await versionOf(t, 'closure_request', ctx.webRequest!),
      }),
      expect: only(['inspectorate'], 303, 403, 403),
    },
    {
      method: 'POST',
      url: '/findings/:decided/decision',
      body: async (ctx) => ({
        status: 'no-longer-relevant',
        note: 'Overtaken',
        version: await versionOf(t, 'finding', ctx.decided!),
      }),
      expect: only(['inspectorate'], 303, 403, 403),
    },
    // The workflow through the API (a bearer token; the public has none: 401).
    {
      method: 'POST',
      url: '/api/v1/findings/:apiFinding/actions',
      api: true,
      body: () => ({ title: 'Buy a new phone system', owner: 'Chief digital officer', dueOn: '2026-10-31' }),
      expect: forceOnly(201, false),
    },
    {
      method: 'PATCH',
      url: '/api/v1/findings/:apiFinding/actions/:apiAction',
      api: true,
      body: async (ctx) => ({
        owner: 'Head of IT',
        reason: 'Restructure',
        version: await versionOf(t, 'finding_action', ctx.apiAction!),
      }),
      expect: forceOnly(200, false),
    },
    {
      method: 'POST',
      url: '/api/v1/findings/:apiFinding/force-status',
      api: true,
      body: async (ctx) => ({
        forceStatus: 'at-risk',
        version: await versionOf(t, 'finding', ctx.apiFinding!),
      }),
      expect: forceOnly(204, false),
    },
    {
      method: 'POST',
      url: '/api/v1/findings/:apiFinding/assurance',
      api: true,
      body: async (ctx) => ({
        assurance: 'not-assured',
        version: await versionOf(t, 'finding', ctx.apiFinding!),
      }),
      expect: only(['lpb'], 204, 403, 401),
    },
    {
      method: 'POST',
      url: '/api/v1/findings/:apiFinding/updates',
      api: true,
      body: () => ({ text: 'Contract signed' }),
      expect: forceOnly(201, false),
    },
    {
      method: 'POST',
      url: '/api/v1/findings/:apiFinding/closure-requests',
      api: true,
      body: () => ({ summary: 'The new system is live' }),
      expect: forceOnly(201, false),
    },
    {
      method: 'POST',
      url: '/api/v1/findings/:apiFinding/closure-requests/:apiRequest/decision',
      api: true,
      body: async (ctx) => ({
        decision: 'return',
        note: 'Show the figures',
        version: await versionOf(t, 'closure_request', ctx.apiRequest!),
      }),
      expect: only(['inspectorate'], 204, 403, 401),
    },
    {
      method: 'POST',
      url: '/api/v1/findings/:apiDecided/decision',
      api: true,
      body: async (ctx) => ({ status: 'closed', version: await versionOf(t, 'finding', ctx.apiDecided!) }),
      expect: only(['inspectorate'], 204, 403, 401),
    },
    // Importing documents: the inspectorate and administrators (no file: 400).
    {
      method: 'POST',
      url: '/import',
      multipart: true,
      body: () => ({ mode: 'check' }),
      expect: only(['inspectorate', 'admin'], 400, 403, 401),
    },
    {
      method: 'POST',
      url: '/api/v1/imports',
      api: true,
      body: () => ({}),
      expect: only(['inspectorate', 'admin'], 400, 403, 401),
    },
    // Recording by hand (forms and API): the inspectorate only; these bodies are incomplete, so the
    // inspectorate gets 422 (nothing written) and everyone else is refused first.
    {
      method: 'POST',
      url: '/inspections/new',
      body: () => ({ title: '' }),
      expect: only(['inspectorate'], 422, 403, 403),
    },
    {
      method: 'POST',
      url: '/inspections/:inspection/edit',
      body: () => ({ title: '', version: 1 }),
      expect: only(['inspectorate'], 422, 403, 403),
    },
    {
      method: 'POST',
      url: '/findings/new',
      body: () => ({ text: '' }),
      expect: only(['inspectorate'], 422, 403, 403),
    },
    {
      method: 'POST',
      url: '/findings/:finding/edit',
      body: () => ({ text: '', version: 1 }),
      expect: only(['inspectorate'], 422, 403, 403),
    },
    {
      method: 'POST',
      url: '/engage/new',
      body: () => ({ force: '' }),
      expect: only(['inspectorate'], 422, 403, 403),
    },
    {
      method: 'POST',
      url: '/engage/periods/:period/edit',
      body: () => ({ enteredOn: 'soon', version: 1 }),
      expect: only(['inspectorate'], 303, 403, 403),
    },
    {
      method: 'POST',
      url: '/api/v1/inspections',
      api: true,
      body: () => ({ title: '' }),
      expect: only(['inspectorate'], 422, 403, 401),
    },
    {
      method: 'PATCH',
      url: '/api/v1/inspections/:inspection',
      api: true,
      body: () => ({ title: '', version: 1 }),
      expect: only(['inspectorate'], 422, 403, 401),
    },
    {
      method: 'POST',
      url: '/api/v1/findings',
      api: true,
      body: () => ({ text: '' }),
      expect: only(['inspectorate'], 422, 403, 401),
    },
    {
      method: 'PATCH',
      url: '/api/v1/findings/:finding',
      api: true,
      body: () => ({ text: '', version: 1 }),
      expect: only(['inspectorate'], 422, 403, 401),
    },
    {
      method: 'POST',
      url: '/api/v1/engage',
      api: true,
      body: () => ({ force: '' }),
      expect: only(['inspectorate'], 422, 403, 401),
    },
    {
      method: 'PATCH',
      url: '/api/v1/engage/:period',
      api: true,
      body: () => ({ enteredOn: 'soon', version: 1 }),
      // The page's save above moved the period on: the API's copy is stale.
      expect: only(['inspectorate'], 409, 403, 401),
    },
    // s55 responses: public timeliness; drafts for the force, its LPB and the inspectorate.
    { method: 'GET', url: '/responses', expect: all(200) },
    { method: 'GET', url: '/responses/deadlines.ics', expect: all(200) },
    { method: 'GET', url: '/forces/cleveland-police/responses/deadlines.ics', expect: all(200) },
    { method: 'GET', url: '/feeds/responses.atom', expect: all(200) },
    { method: 'GET', url: '/api/v1/responses', api: true, expect: all(200) },
    { method: 'GET', url: '/responses/:response', expect: { ...embargoed(200, 404), admin: 404 } },
    {
      method: 'GET',
      url: '/responses/:response/document.docx',
      expect: { ...embargoed(200, 404), admin: 404 },
    },
    {
      method: 'GET',
      url: '/responses/:response/edit',
      expect: { ...embargoed(200, 404), admin: 404, inspectorate: 403 },
    },
    {
      method: 'POST',
      url: '/responses/:response/edit',
      body: () => ({ lpbComment: 'x', version: 0 }),
      expect: { ...only(['lpb'], 422, 403, 403) },
    },
    {
      method: 'POST',
      url: '/responses/:response/chief-comments',
      body: () => ({ chiefComments: 'x', version: 0 }),
      expect: { ...only(['force'], 422, 403, 403) },
    },
    {
      method: 'POST',
      url: '/responses/:response/status',
      body: () => ({ status: 'nonsense', version: 0 }),
      expect: { ...only(['lpb'], 422, 403, 403) },
    },
    {
      method: 'POST',
      url: '/responses/:response/publish',
      body: () => ({ version: 0 }),
      expect: { ...only(['lpb'], 422, 403, 403) },
    },
    {
      method: 'POST',
      url: '/responses/:response/findings',
      body: () => ({}),
      expect: { ...only(['lpb'], 303, 403, 403) },
    },
    {
      method: 'POST',
      url: '/inspections/:otherInspection/responses',
      body: () => ({}),
      // Accounts without Cleveland's LPB name no force of this inspection to answer for: 422.
      expect: { ...only(['lpb'], 303, 422, 403), force: 403, otherForce: 403 },
    },
    {
      method: 'PATCH',
      url: '/api/v1/responses/:response',
      api: true,
      body: async (ctx) => ({
        lpbComment: 'We welcome the report.',
        version: await versionOf(t, 'response', ctx.response!),
      }),
      expect: { ...only(['lpb'], 200, 403, 401) },
    },
    {
      method: 'POST',
      url: '/api/v1/responses/:response/publish',
      api: true,
      // A draft cannot be published (only a response marked ready): 422 for the LPB.
      body: async (ctx) => ({ version: await versionOf(t, 'response', ctx.response!) }),
      expect: { ...only(['lpb'], 422, 403, 401) },
    },
    {
      method: 'POST',
      url: '/api/v1/inspections/:otherInspection/responses',
      api: true,
      body: () => ({}),
      expect: { ...only(['lpb'], 200, 422, 401), force: 403, otherForce: 403 },
    },
    // Scrutiny meetings: published ones public; drafts for the force, its LPB and the inspectorate.
    { method: 'GET', url: '/forces/cleveland-police/meetings', expect: all(200) },
    { method: 'GET', url: '/api/v1/meetings', api: true, expect: all(200) },
    { method: 'GET', url: '/meetings/:meeting', expect: { ...embargoed(200, 404), admin: 404 } },
    { method: 'GET', url: '/meetings/:meeting/pack', expect: { ...embargoed(200, 404), admin: 404 } },
    { method: 'GET', url: '/meetings/:meeting/pack.docx', expect: { ...embargoed(200, 404), admin: 404 } },
    {
      method: 'GET',
      url: '/api/v1/meetings/:meeting',
      api: true,
      expect: { ...embargoed(200, 404), admin: 404 },
    },
    { method: 'GET', url: '/meetings/new?force=cleveland-police', expect: only(['lpb'], 200, 403, 302) },
    {
      method: 'GET',
      url: '/meetings/:meeting/edit',
      expect: { ...only(['lpb'], 200, 403, 302) },
    },
    {
      method: 'POST',
      url: '/meetings/new',
      body: () => ({ force: 'cleveland-police', heldOn: 'nonsense' }),
      expect: only(['lpb'], 422, 403, 403),
    },
    {
      method: 'POST',
      url: '/meetings/:meeting/edit',
      body: () => ({ heldOn: 'nonsense', version: 1 }),
      expect: { ...only(['lpb'], 422, 403, 403) },
    },
    {
      method: 'POST',
      url: '/meetings/:meeting/publish',
      body: () => ({ version: 0 }),
      expect: { ...only(['lpb'], 422, 403, 403) },
    },
    {
      method: 'POST',
      url: '/api/v1/meetings',
      api: true,
      body: () => ({ force: 'cleveland-police', heldOn: '2025-04-01', body: 'Police and crime panel' }),
      expect: only(['lpb'], 201, 403, 401),
    },
    {
      method: 'PATCH',
      url: '/api/v1/meetings/:meeting',
      api: true,
      body: () => ({ heldOn: 'nonsense', version: 1 }),
      expect: { ...only(['lpb'], 422, 403, 401) },
    },
    {
      method: 'POST',
      url: '/api/v1/meetings/:meeting/publish',
      api: true,
      body: async (ctx) => ({ version: await versionOf(t, 'scrutiny_meeting', ctx.meeting!) }),
      expect: { ...only(['lpb'], 200, 403, 401) },
    },
    // Webhooks: administrators only. The test event goes to an address fetch refuses at once.
    { method: 'GET', url: '/admin/webhooks', expect: adminOnly(200, 302) },
    { method: 'GET', url: '/admin/webhooks/new', expect: adminOnly(200, 302) },
    {
      method: 'POST',
      url: '/admin/webhooks/new',
      body: () => ({ url: 'ftp://example.org/', events: 'engage.entered' }),
      expect: adminOnly(422, 403),
    },
    { method: 'GET', url: '/admin/webhooks/:webhook', expect: adminOnly(200, 302) },
    { method: 'GET', url: '/admin/webhooks/:webhook/edit', expect: adminOnly(200, 302) },
    {
      method: 'POST',
      url: '/admin/webhooks/:webhook/edit',
      body: () => ({ url: 'nowhere', events: 'engage.entered', active: 'true', version: 1 }),
      expect: adminOnly(422, 403),
    },
    { method: 'POST', url: '/admin/webhooks/:webhook/test', body: () => ({}), expect: adminOnly(303, 403) },
    {
      method: 'POST',
      url: '/admin/webhooks/:webhook/deliveries/:failedDelivery/retry',
      body: () => ({}),
      expect: adminOnly(303, 403),
    },
    { method: 'GET', url: '/admin/webhooks/:webhook/delete', expect: adminOnly(200, 302) },
    {
      method: 'POST',
      url: '/admin/webhooks/:webWebhookToDelete/delete',
      body: () => ({}),
      expect: adminOnly(303, 403),
    },
    { method: 'GET', url: '/api/v1/webhooks', api: true, expect: adminOnly(200, 401) },
    {
      method: 'POST',
      url: '/api/v1/webhooks',
      api: true,
      body: () => ({ url: 'https://example.org/oversight', events: ['inspection.published'] }),
      expect: adminOnly(201, 401),
    },
    { method: 'GET', url: '/api/v1/webhooks/:webhook', api: true, expect: adminOnly(200, 401) },
    {
      method: 'PATCH',
      url: '/api/v1/webhooks/:webhook',
      api: true,
      body: async (ctx) => ({
        description: 'Changed',
        version: await versionOf(t, 'webhook_subscription', ctx.webhook!),
      }),
      expect: adminOnly(200, 401),
    },
    { method: 'GET', url: '/api/v1/webhooks/:webhook/deliveries', api: true, expect: adminOnly(200, 401) },
    { method: 'POST', url: '/api/v1/webhooks/:webhook/test', api: true, expect: adminOnly(200, 401) },
    {
      method: 'POST',
      url: '/api/v1/webhooks/:webhook/deliveries/:failedDelivery/retry',
      api: true,
      expect: adminOnly(200, 401),
    },
    {
      method: 'DELETE',
      url: '/api/v1/webhooks/:apiWebhookToDelete',
      api: true,
      expect: adminOnly(204, 401),
    },
    // Themes chosen instead of the rules: the inspectorate only.
    {
      method: 'POST',
      url: '/findings/:finding/themes',
      body: async (ctx) => ({
        themes: 'workforce',
        reason: 'About staffing',
        version: (await overrideVersion(t, 'finding_id', ctx.finding!)) ?? '',
      }),
      expect: only(['inspectorate'], 303, 403, 403),
    },
    {
      method: 'POST',
      url: '/engage/reasons/:reason/themes',
      body: async (ctx) => ({
        themes: 'workforce',
        reason: 'About staffing',
        version: (await overrideVersion(t, 'engage_reason_id', ctx.reason!)) ?? '',
      }),
      expect: only(['inspectorate'], 303, 403, 403),
    },
    ...['/api/v1/findings/:apiFinding/themes', '/api/v1/engage/reasons/:reason/themes'].map((url): Case => ({
      method: 'PUT',
      url,
      api: true,
      body: async (ctx) => {
        const [column, id] = url.includes('findings')
          ? ['finding_id', ctx.apiFinding!]
          : ['engage_reason_id', ctx.reason!];
        const version = await overrideVersion(t, column as 'finding_id' | 'engage_reason_id', id);
        return {
          themes: ['ethics-counter-corruption'],
          reason: 'Integrity',
          ...(version ? { version } : {}),
        };
      },
      expect: only(['inspectorate'], 200, 403, 401),
    })),
    // Embargo: an inspection of Cleveland published an hour from now.
    { method: 'GET', url: '/inspections/:embargoedInspection', expect: embargoed(200, 404) },
    { method: 'GET', url: '/findings/:embargoedFinding', expect: embargoed(200, 404) },
    {
      method: 'GET',
      url: '/api/v1/inspections/:embargoedInspection',
      api: true,
      expect: embargoed(200, 404),
    },
    { method: 'GET', url: '/api/v1/findings/:embargoedFinding', api: true, expect: embargoed(200, 404) },
  ];
}

/** Requests whose outcome also depends on what the body shows, before and after the embargo lifts. */
const EMBARGO_LISTS = [
  '/inspections',
  '/findings?force=cleveland-police',
  '/api/v1/inspections',
  '/api/v1/findings?force=cleveland-police',
  '/search?q=custody',
  '/api/v1/search?q=custody',
];

describe.each(testDatabaseKinds)('every route under every role on %s', (kind) => {
  let t: TestApp;
  const sessions = {} as Record<Who, Session | null>;
  const ctx: Ctx = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    const published = await insertInspectionWithFindings(t.database.db, { findings: 4 });
    const hidden = await insertInspectionWithFindings(t.database.db, {
      title: 'A pretend inspection still under embargo',
      findingText: () => 'A pretend concern: custody records are not kept up to date.',
      publishedAt: new Date(Date.now() + 3_600_000),
    });
    [ctx.finding, ctx.decided, ctx.apiFinding, ctx.apiDecided] = published.findingIds as [
      string,
      string,
      string,
      string,
    ];
    ctx.inspection = published.slug;
    ctx.embargoedInspection = hidden.slug;
    ctx.embargoedFinding = hidden.findingIds[0]!;
    const [doc] = await t.database.db
      .insert(documents)
      .values({ origin: 'manual', kind: 'news', title: 'A note we wrote', text: 'Our own words.' })
      .returning({ id: documents.id });
    ctx.document = doc!.id;
    const [period] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from engage_period limit 1`,
    );
    ctx.period = period!.id;
    const [reason] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from engage_reason where finding_id is null and kind = 'reason' limit 1`,
    );
    ctx.reason = reason!.id;
    sessions.public = null;
    [
      sessions.force,
      sessions.otherForce,
      sessions.lpb,
      sessions.otherLpb,
      sessions.inspectorate,
      sessions.admin,
    ] = await Promise.all([
      accountSession(t, 'force', 'cleveland-police'),
      accountSession(t, 'force', 'durham-constabulary'),
      accountSession(t, 'lpb', 'cleveland-police'),
      accountSession(t, 'lpb', 'durham-constabulary'),
      accountSession(t, 'inspectorate'),
      accountSession(t, 'admin'),
    ]);
    // Records the table's routes act on: an action, evidence and a closure request on each path.
    const force = (await t.accounts.viewerForToken(sessions.force.token))!;
    ctx.action = (
      await t.container.workflow.addAction(force, ctx.finding, {
        title: 'Plan',
        owner: 'Someone',
        dueOn: '2026-06-30',
      })
    ).id;
    ctx.apiAction = (
      await t.container.workflow.addAction(force, ctx.apiFinding, {
        title: 'Plan',
        owner: 'Someone',
        dueOn: '2026-06-30',
      })
    ).id;
    const update = await t.container.workflow.postUpdate(force, ctx.finding, { text: 'Evidence attached' }, [
      { name: 'minutes.txt', bytes: new TextEncoder().encode('Minutes.') },
    ]);
    ctx.evidence = update.evidence[0]!.id;
    // A draft s55 response and a draft scrutiny meeting of Cleveland's local policing body.
    const lpb = (await t.accounts.viewerForToken(sessions.lpb.token))!;
    await t.container.responses.ensure(lpb, ctx.inspection, {});
    const [response] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select r.id from response r join inspection i on i.id = r.inspection_id where i.slug = ${ctx.inspection}`,
    );
    ctx.response = response!.id;
    await t.container.scrutiny.create(lpb, {
      force: 'cleveland-police',
      heldOn: '2025-03-01',
      body: 'Local policing body scrutiny meeting',
      focus: 'Call handling',
    });
    const [meeting] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from scrutiny_meeting limit 1`,
    );
    ctx.meeting = meeting!.id;
    const [responded] = await queryRows<{ slug: string }>(
      t.database.db,
      sql`select i.slug from inspection i join inspection_force x on x.inspection_id = i.id join force f on f.id = x.force_id
          where f.slug = 'cleveland-police' and i.slug <> ${ctx.inspection} and i.slug <> ${ctx.embargoedInspection} limit 1`,
    );
    ctx.otherInspection = responded!.slug;
    // Webhook subscriptions: one to work on, one for each delete route.
    const admin = (await t.accounts.viewerForToken(sessions.admin.token))!;
    const [webhook, webDelete, apiDelete] = await Promise.all(
      ['/a', '/b', '/c'].map(
        async (path) =>
          (
            await t.container.webhooks.create(admin, {
              url: `http://localhost:1${path}`,
              events: ['inspection.published'],
            })
          ).subscription.id,
      ),
    );
    ctx.webhook = webhook!;
    // A delivery that fails (nothing listens on port 1), and fails again each time it is retried.
    ctx.failedDelivery = (await t.container.webhooks.test(admin, webhook!)).id;
    ctx.webWebhookToDelete = webDelete!;
    ctx.apiWebhookToDelete = apiDelete!;
  });
  afterAll(() => t.close());

  const fill = (url: string) => url.replace(/:(\w+)/g, (_, key: string) => ctx[key] ?? `:${key}`);

  async function request(c: Case, who: Who): Promise<LightMyRequestResponse> {
    const session = sessions[who];
    const body = c.body ? await c.body(ctx, who) : undefined;
    const headers: Record<string, string> = {};
    if (c.api) {
      if (session) headers.authorization = `Bearer ${session.token}`;
      if (body) headers['content-type'] = 'application/json';
      return t.app.inject({
        method: c.method,
        url: fill(c.url),
        headers,
        ...(body ? { payload: JSON.stringify(body) } : {}),
      });
    }
    headers.accept = 'text/html';
    if (session) headers.cookie = session.cookie;
    if (c.method === 'GET') return t.app.inject({ method: 'GET', url: fill(c.url), headers });
    if (c.multipart) {
      const boundary = '----routes-roles';
      const fields = { ...(session ? { _csrf: session.csrf } : {}), ...body };
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      const payload =
        Object.entries(fields)
          .map(
            ([k, v]) =>
              `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`,
          )
          .join('') + `--${boundary}--\r\n`;
      return t.app.inject({ method: c.method, url: fill(c.url), headers, payload });
    }
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams(
      Object.entries({ ...(session ? { _csrf: session.csrf } : {}), ...body }).map(([k, v]) => [
        k,
        String(v),
      ]),
    );
    return t.app.inject({ method: c.method, url: fill(c.url), headers, payload: form.toString() });
  }

  async function walk(list: Case[]) {
    const failures: string[] = [];
    for (const c of list) {
      // Writes: forbidden roles first, then the allowed ones, so refusals meet the record unchanged.
      const order = [...WHO].sort((a, b) => Number(c.expect[a] < 300) - Number(c.expect[b] < 300));
      for (const who of c.method === 'GET' ? WHO : order) {
        if (c.url.includes(':webRequest') && !ctx.webRequest) await findRequest('finding', 'webRequest');
        if (c.url.includes(':apiRequest') && !ctx.apiRequest) await findRequest('apiFinding', 'apiRequest');
        const res = await request(c, who);
        if (res.statusCode !== c.expect[who])
          failures.push(
            `${c.method} ${c.url} as ${who}: ${res.statusCode}, expected ${c.expect[who]} ${res.body.slice(0, 160).replace(/\s+/g, ' ')}`,
          );
      }
    }
    return failures;
  }

  async function findRequest(findingKey: string, key: string) {
    const [row] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from closure_request where finding_id = ${ctx[findingKey]} and status = 'pending'`,
    );
    if (row) ctx[key] = row.id;
  }

  // Hundreds of requests: about 27 s alone on a 2-core machine, so more than the default 30 s when it is busy.
  it(
    'gives each role the outcome the permission table says, on every route',
    { timeout: 120_000 },
    async () => {
      expect(await walk(cases(t))).toEqual([]);
    },
  );

  it('covers every route the app serves', () => {
    const requested = [
      ...cases(t).map((c) => `${c.method} ${fill(c.url).split('?')[0]}`),
      'POST /sign-in',
      'POST /sign-out',
    ];
    const pattern = (method: string, url: string) =>
      new RegExp(`^${method} ${url.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+').replace(/\*/g, '.*')}$`);
    const missing = t.app.routeList
      .filter((r) => !/^\/(assets|public)\//.test(r.url))
      .filter((r) => !requested.some((k) => pattern(r.method, r.url).test(k)))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('shows embargoed material to the allowed roles only, and to everyone once published', async () => {
    const mentions = async (who: Who, url: string) =>
      (
        await request({ method: 'GET', url, api: url.startsWith('/api/'), expect: all(200) }, who)
      ).body.includes('A pretend');
    for (const url of EMBARGO_LISTS)
      for (const who of WHO)
        expect(await mentions(who, url), `${url} as ${who}`).toBe(embargoed(1, 0)[who] === 1);
    expect(await mentions('inspectorate', '/feeds/inspections.atom')).toBe(false);
    expect(await mentions('public', '/downloads/oversight.zip')).toBe(false);
    await t.database.db.execute(
      sql`update inspection set published_at = now() - interval '1 minute' where slug = ${ctx.embargoedInspection}`,
    );
    for (const url of EMBARGO_LISTS)
      for (const who of WHO) expect(await mentions(who, url), `${url} as ${who} after`).toBe(true);
    expect(await mentions('public', '/feeds/inspections.atom')).toBe(true);
    const after = cases(t)
      .filter((c) => /embargoed/.test(c.url))
      .map((c) => ({ ...c, expect: all(200) }));
    expect(await walk(after)).toEqual([]);
  });

  it('signs out', async () => {
    for (const who of WHO.filter((w) => w !== 'public')) {
      const res = await request({ method: 'POST', url: '/sign-out', expect: all(303) }, who);
      expect(res.statusCode).toBe(303);
      expect((await request({ method: 'GET', url: '/my-work', expect: all(302) }, who)).statusCode).toBe(302);
    }
  });
});
