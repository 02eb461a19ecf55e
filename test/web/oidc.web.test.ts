import { load } from 'cheerio';
import { and, eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, testConfig } from '../../src/config.js';
import { oidcSettings } from '../../src/modules/accounts/oidc.js';
import { users } from '../../src/modules/accounts/accounts.table.js';
import { auditEvents } from '../../src/db/audit.table.js';
import { SESSION_COOKIE } from '../../src/web/auth.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';

const CLIENT_ID = 'oversight-test-client';
const CLIENT_SECRET = 'a-test-client-secret';
const PUBLIC_URL = 'http://oversight.test';

/**
 * A real, tiny OpenID provider on a loopback port: discovery, a JWKS, an /authorize endpoint that
 * signs in whoever `signInAs` names without asking, and a /token endpoint that checks the client's
 * secret, the redirect URI and the PKCE verifier before returning an RS256-signed ID token with
 * the nonce it was given.
 */
async function startProvider() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<
    string,
    { claims: JWTPayload; nonce: string; redirectUri: string; challenge: string }
  >();
  const provider = {
    issuer: '',
    /** The claims of the next person to sign in (besides iss, aud, sub, nonce and times). */
    signInAs: {} as JWTPayload & { sub: string },
    /** Down: every connection is dropped ('closed'), or every request answered 503 ('503'). */
    down: false as false | 'closed' | '503',
    server: null as unknown as Server,
  };

  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  provider.server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', provider.issuer);
    if (provider.down === 'closed') return req.socket.destroy();
    if (provider.down === '503') return json(res, 503, { error: 'temporarily_unavailable' });
    if (url.pathname === '/.well-known/openid-configuration')
      return json(res, 200, {
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/authorize`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        scopes_supported: ['openid', 'email', 'profile'],
      });
    if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (
        q.get('client_id') !== CLIENT_ID ||
        q.get('response_type') !== 'code' ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge') ||
        !q.get('nonce') ||
        !q.get('state')
      )
        return json(res, 400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        claims: { ...provider.signInAs },
        nonce: q.get('nonce')!,
        redirectUri: q.get('redirect_uri')!,
        challenge: q.get('code_challenge')!,
      });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state')!);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        void (async () => {
          const form = new URLSearchParams(body);
          const basic = req.headers.authorization?.replace(/^Basic /, '');
          const [id, secret] = basic
            ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
            : [form.get('client_id'), form.get('client_secret')];
          if (id !== CLIENT_ID || secret !== CLIENT_SECRET)
            return json(res, 401, { error: 'invalid_client' });
          const grant = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          if (
            !grant ||
            form.get('grant_type') !== 'authorization_code' ||
            form.get('redirect_uri') !== grant.redirectUri ||
            createHash('sha256').update(verifier).digest('base64url') !== grant.challenge
          )
            return json(res, 400, { error: 'invalid_grant' });
          const idToken = await new SignJWT({ ...grant.claims, nonce: grant.nonce })
            .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
            .setIssuer(provider.issuer)
            .setAudience(CLIENT_ID)
            .setSubject(grant.claims.sub!)
            .setIssuedAt()
            .setExpirationTime('5m')
            .sign(privateKey);
          json(res, 200, {
            access_token: randomBytes(16).toString('hex'),
            token_type: 'Bearer',
            expires_in: 300,
            id_token: idToken,
          });
        })();
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => provider.server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(provider.server.address() as AddressInfo).port}`;
  return provider;
}

type Provider = Awaited<ReturnType<typeof startProvider>>;

const cookieOf = (headers: Record<string, unknown>, name: string): string | undefined => {
  const raw = headers['set-cookie'];
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[];
  return list.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
};

/** Starts signing in on Oversight and follows the provider's redirect back: the callback to visit. */
async function throughProvider(t: TestApp, next = '/my-work') {
  const start = await t.app.inject({ method: 'GET', url: `/sign-in/oidc?next=${encodeURIComponent(next)}` });
  expect(start.statusCode).toBe(302);
  const flowCookie = cookieOf(start.headers, 'oversight_oidc');
  expect(flowCookie).toBeDefined();
  const atProvider = await fetch(start.headers.location!, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  const callback = new URL(atProvider.headers.get('location')!);
  expect(callback.origin + callback.pathname).toBe(`${PUBLIC_URL}/sign-in/oidc/callback`);
  return { start, flowCookie: flowCookie!, callback };
}

/** The whole journey: provider, callback, and the session cookie if one was given. */
async function signInVia(t: TestApp, provider: Provider, who: Provider['signInAs'], next = '/my-work') {
  provider.signInAs = who;
  const { flowCookie, callback } = await throughProvider(t, next);
  const response = await t.app.inject({
    method: 'GET',
    url: callback.pathname + callback.search,
    headers: { cookie: flowCookie, accept: 'text/html' },
  });
  return { response, session: cookieOf(response.headers, SESSION_COOKIE) };
}

const page = (t: TestApp, url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });

const accountOf = async (t: TestApp, email: string) =>
  (await t.database.db.select().from(users).where(eq(users.email, email)))[0];

describe.each(testDatabaseKinds)('signing in with OpenID Connect on %s', (kind) => {
  let provider: Provider;
  /** Oversight's own claims: oversight_role and oversight_force. */
  let t: TestApp;
  /** Entra ID style: app roles in `roles`, mapped by OIDC_ROLE_MAP. */
  let entra: TestApp;

  beforeAll(async () => {
    provider = await startProvider();
    const oidc = {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_LABEL: 'Test ID',
      PUBLIC_URL,
    };
    [t, entra] = await Promise.all([
      createTestApp(kind, oidc),
      createTestApp(kind, {
        ...oidc,
        OIDC_ROLE_CLAIM: 'roles',
        OIDC_FORCE_CLAIM: 'force',
        OIDC_ROLE_MAP: 'Oversight.Inspector=inspectorate, Oversight.Force=force,Oversight.Admin=admin',
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), entra?.close()]);
    await new Promise((resolve) => provider?.server.close(resolve));
  });

  // First, before anything has discovered the provider: discovery is lazy, and a failure is not kept.
  it('shows a 503 page while the provider is down, and works once it is back', async () => {
    provider.down = 'closed';
    const down = await t.app.inject({
      method: 'GET',
      url: '/sign-in/oidc',
      headers: { accept: 'text/html' },
    });
    expect(down.statusCode).toBe(503);
    const $ = load(down.body);
    expect($('h1').text()).toBe('Sorry, the service is unavailable');
    expect($('main').text()).toContain('Signing in with Test ID is not working at the moment');
    expect(cookieOf(down.headers, 'oversight_oidc')).toBeUndefined();
    provider.down = false;
    const up = await t.app.inject({ method: 'GET', url: '/sign-in/oidc' });
    expect(up.statusCode).toBe(302);
    const location = new URL(up.headers.location!);
    expect(location.origin + location.pathname).toBe(`${provider.issuer}/authorize`);
    expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/sign-in/oidc/callback`);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('offers the provider on the sign-in page', async () => {
    const $ = load((await t.app.inject({ method: 'GET', url: '/sign-in' })).body);
    expect($('a[href^="/sign-in/oidc"]').text()).toContain('Sign in with Test ID');
  });

  it('keeps state, nonce and verifier in a short-lived HttpOnly, SameSite=Lax cookie', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/sign-in/oidc?next=/findings' });
    const raw = ([] as string[]).concat(start.headers['set-cookie'] as string | string[]);
    const cookie = raw.find((c) => c.startsWith('oversight_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/);
    expect(cookie).toMatch(/Path=\/sign-in\/oidc/);
    expect(start.headers['cache-control']).toBe('private, no-store');
    const location = new URL(start.headers.location!);
    const flow = JSON.parse(
      Buffer.from(cookie.split(';')[0]!.split('=')[1]!, 'base64url').toString(),
    ) as Record<string, string>;
    expect(flow.state).toBe(location.searchParams.get('state'));
    expect(flow.nonce).toBe(location.searchParams.get('nonce'));
    expect(flow.next).toBe('/findings');
    expect(location.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(flow.verifier!).digest('base64url'),
    );
  });

  it('creates and signs in a new inspectorate account, and audits the sign-in', async () => {
    const email = `inspector.${kind}@example.org`;
    const { response, session } = await signInVia(t, provider, {
      sub: 'subject-inspector',
      email,
      name: 'Ada Inspector',
      oversight_role: 'inspectorate',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/my-work');
    expect(session).toBeDefined();
    expect(cookieOf(response.headers, 'oversight_oidc')).toBe('oversight_oidc=');

    const myWork = await page(t, '/my-work', session!);
    expect(myWork.statusCode).toBe(200);
    expect(load(myWork.body)('.app-account-bar__who').text()).toContain(
      'Signed in as Ada Inspector (Inspectorate)',
    );

    const account = await accountOf(t, email);
    expect(account).toMatchObject({
      role: 'inspectorate',
      forceId: null,
      oidcIssuer: provider.issuer,
      oidcSubject: 'subject-inspector',
      passwordHash: null,
    });
    const signIns = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.sign-in'), eq(auditEvents.entityId, account!.id)));
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({ actor: email, after: { via: 'oidc' } });

    // Signing in again finds the same account rather than making another.
    const again = await signInVia(t, provider, {
      sub: 'subject-inspector',
      email,
      name: 'Ada Inspector',
      oversight_role: 'inspectorate',
    });
    expect(again.session).toBeDefined();
    expect(
      await t.database.db.select().from(users).where(eq(users.oidcSubject, 'subject-inspector')),
    ).toHaveLength(1);
  });

  it('gives a force account the force its claim names, and goes to the next page asked for', async () => {
    const { response, session } = await signInVia(
      t,
      provider,
      {
        sub: 'subject-force',
        preferred_username: 'Staff@Cleveland.example',
        oversight_role: 'force',
        oversight_force: 'cleveland-police',
      },
      '/forces/cleveland-police',
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/forces/cleveland-police');
    const $ = load((await page(t, '/my-work', session!)).body);
    expect($('.app-account-bar__who').text()).toContain(
      'staff@cleveland.example (Force staff, cleveland-police)',
    );
    const account = await accountOf(t, 'staff@cleveland.example');
    expect(account?.forceId).not.toBeNull();
  });

  it('maps Entra ID app roles through OIDC_ROLE_MAP', async () => {
    const inspector = await signInVia(entra, provider, {
      sub: 'entra-inspector',
      upn: 'grace@tenant.example',
      name: 'Grace Entra',
      roles: ['Some.Other.App.Role', 'Oversight.Inspector'],
    });
    expect(inspector.response.statusCode).toBe(303);
    const $ = load((await page(entra, '/my-work', inspector.session!)).body);
    expect($('.app-account-bar__who').text()).toContain('Signed in as Grace Entra (Inspectorate)');

    const force = await signInVia(entra, provider, {
      sub: 'entra-force',
      email: 'staff@durham.example',
      roles: ['Oversight.Force'],
      force: 'durham-constabulary',
    });
    expect(force.response.statusCode).toBe(303);
    expect((await accountOf(entra, 'staff@durham.example'))?.role).toBe('force');

    // Without the map, a role name in the claim means nothing to the Entra-style app.
    const unmapped = await signInVia(entra, provider, {
      sub: 'entra-unmapped',
      email: 'someone@tenant.example',
      roles: ['inspectorate'],
    });
    expect(unmapped.response.statusCode).toBe(403);
    expect(unmapped.session).toBeUndefined();
  });

  it('refuses a callback whose state does not match the one it started with', async () => {
    provider.signInAs = { sub: 'subject-state', email: 'state@example.org', oversight_role: 'admin' };
    const { flowCookie, callback } = await throughProvider(t);
    callback.searchParams.set('state', 'not-the-state-we-sent');
    const response = await t.app.inject({
      method: 'GET',
      url: callback.pathname + callback.search,
      headers: { cookie: flowCookie, accept: 'text/html' },
    });
    expect(response.statusCode).toBe(403);
    expect(load(response.body)('main').text()).toContain('Signing in with Test ID did not work');
    expect(cookieOf(response.headers, SESSION_COOKIE)).toBeUndefined();
    expect(await accountOf(t, 'state@example.org')).toBeUndefined();
  });

  it('refuses a callback with no sign-in started in this browser', async () => {
    provider.signInAs = { sub: 'subject-nocookie', email: 'nocookie@example.org', oversight_role: 'admin' };
    const { callback } = await throughProvider(t);
    const response = await t.app.inject({
      method: 'GET',
      url: callback.pathname + callback.search,
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(403);
    expect(load(response.body)('main').text()).toContain('did not start on Oversight');
    expect(await accountOf(t, 'nocookie@example.org')).toBeUndefined();
  });

  it('refuses with a 403 page someone with no role, an unknown role, or a force role without a force', async () => {
    const cases: Array<[Provider['signInAs'], string]> = [
      [{ sub: 'no-role', email: 'norole@example.org' }, 'has not been given a role in Oversight'],
      [
        { sub: 'odd-role', email: 'odd@example.org', oversight_role: 'superuser' },
        'a role Oversight does not recognise (superuser)',
      ],
      [{ sub: 'lpb-no-force', email: 'lpb@example.org', oversight_role: 'lpb' }, 'does not say which force'],
      [
        {
          sub: 'bad-force',
          email: 'badforce@example.org',
          oversight_role: 'force',
          oversight_force: 'atlantis-police',
        },
        'names a force Oversight does not know ("atlantis-police")',
      ],
      [
        { sub: 'no-email', name: 'No Email', oversight_role: 'inspectorate' },
        'did not give Oversight an email address',
      ],
    ];
    for (const [who, message] of cases) {
      const { response, session } = await signInVia(t, provider, who);
      expect(response.statusCode, who.sub).toBe(403);
      const $ = load(response.body);
      expect($('h1').text()).toBe('You cannot do this');
      expect($('main').text()).toContain(message);
      expect(session).toBeUndefined();
    }
    const created = await t.database.db.select().from(users).where(eq(users.oidcIssuer, provider.issuer));
    expect(created.map((u) => u.oidcSubject)).not.toContain('no-role');
    expect(created.map((u) => u.oidcSubject)).not.toContain('bad-force');
  });

  it('never redirects off the site after signing in', async () => {
    const { response } = await signInVia(
      t,
      provider,
      { sub: 'subject-inspector', email: `inspector.${kind}@example.org`, oversight_role: 'inspectorate' },
      '//evil.example/phish',
    );
    expect(response.headers.location).toBe('/my-work');
  });

  it('shows a 503 page when the provider fails or cannot be reached for the token', async () => {
    provider.signInAs = {
      sub: 'subject-outage',
      email: 'outage@example.org',
      oversight_role: 'inspectorate',
    };
    const { flowCookie, callback } = await throughProvider(t);
    for (const down of ['503', 'closed'] as const) {
      provider.down = down;
      try {
        const response = await t.app.inject({
          method: 'GET',
          url: callback.pathname + callback.search,
          headers: { cookie: flowCookie, accept: 'text/html' },
        });
        expect(response.statusCode, down).toBe(503);
        expect(load(response.body)('main').text()).toContain(
          'Signing in with Test ID is not working at the moment',
        );
        expect(cookieOf(response.headers, SESSION_COOKIE)).toBeUndefined();
      } finally {
        provider.down = false;
      }
    }
  });
});

describe('OpenID Connect configuration', () => {
  const base = { DATA_DIR: 'memory://' };
  it('refuses to start with only some of issuer, client ID and secret', () => {
    expect(() =>
      loadConfig({ ...base, OIDC_ISSUER: 'https://login.example/tenant/v2.0', OIDC_CLIENT_ID: 'x' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, OIDC_CLIENT_SECRET: 'secret' })).toThrow(
      /OIDC_ISSUER: missing: OpenID Connect sign-in needs [^\n]*\n\s*OIDC_CLIENT_ID: missing/,
    );
  });
  it('refuses an OIDC_ROLE_MAP naming a role Oversight does not have', () => {
    const oidc = {
      OIDC_ISSUER: 'https://login.example/t/v2.0',
      OIDC_CLIENT_ID: 'x',
      OIDC_CLIENT_SECRET: 'y',
    };
    expect(() => oidcSettings(testConfig({ ...oidc, OIDC_ROLE_MAP: 'Oversight.Boss=superuser' }))).toThrow(
      /OIDC_ROLE_MAP: "Oversight.Boss=superuser" must be ProviderValue=role/,
    );
    expect(() => oidcSettings(testConfig({ ...oidc, OIDC_ROLE_MAP: 'inspectorate' }))).toThrow(ConfigError);
    expect(oidcSettings(testConfig({ ...oidc, OIDC_ROLE_MAP: ' A.B = force , C=admin,' }))?.roleMap).toEqual(
      new Map([
        ['A.B', 'force'],
        ['C', 'admin'],
      ]),
    );
  });
  it('starts with all three, or none', () => {
    expect(loadConfig(base).OIDC_ISSUER).toBeUndefined();
    expect(
      loadConfig({
        ...base,
        OIDC_ISSUER: 'https://login.example/t/v2.0',
        OIDC_CLIENT_ID: 'x',
        OIDC_CLIENT_SECRET: 'y',
      }).OIDC_CLIENT_ID,
    ).toBe('x');
  });
});
