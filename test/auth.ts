import type { AccountRole } from '../src/modules/accounts/accounts.domain.js';
import type { TestApp } from './app.js';

/** Everything a test needs to act as one account: the cookie header, a form token and an API token. */
export type Session = { email: string; cookie: string; csrf: string; token: string };

export const TEST_PASSWORD = 'a test password, long enough';

const cookiesOf = (headers: Record<string, unknown>): string[] => {
  const raw = headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.map((c: string) => c.split(';')[0]!);
};

/** Adds an account directly through the service (as `oversight users add` would). */
export async function addAccount(
  t: TestApp,
  role: AccountRole,
  force?: string,
  email = `${role}${force ? `.${force}` : ''}@example.org`,
): Promise<string> {
  await t.accounts.addUser({ email, role, ...(force ? { force } : {}), password: TEST_PASSWORD }, 'test');
  return email;
}

/** Signs in through the real sign-in form and returns the session, with an API token too. */
export async function signIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<Session> {
  const form = await t.app.inject({ method: 'GET', url: '/sign-in' });
  const csrfCookie = cookiesOf(form.headers)[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const response = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, email, password, next: '/my-work' }).toString(),
  });
  if (response.statusCode !== 303)
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body.slice(0, 200)}`);
  const cookie = [csrfCookie, ...cookiesOf(response.headers)].join('; ');
  const token = await t.accounts.createToken(email, 'test', 'test');
  return { email, cookie, csrf, token };
}

export async function accountSession(t: TestApp, role: AccountRole, force?: string): Promise<Session> {
  return signIn(t, await addAccount(t, role, force));
}

/** A browser form post as the session (url-encoded, with its CSRF token). */
export function formPost(t: TestApp, session: Session | null, url: string, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      ...(session ? { cookie: session.cookie } : {}),
    },
    payload: new URLSearchParams({ ...(session ? { _csrf: session.csrf } : {}), ...fields }).toString(),
  });
}

export function pageAs(t: TestApp, session: Session | null, url: string) {
  return t.app.inject({
    method: 'GET',
    url,
    headers: { accept: 'text/html', ...(session ? { cookie: session.cookie } : {}) },
  });
}

export function apiAs(
  t: TestApp,
  session: Session | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
) {
  return t.app.inject({
    method,
    url,
    headers: {
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}
