import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { cookieOptions, csrf, csrfTokenFor, SESSION_COOKIE } from '../../web/auth.js';
import { ROLE_LABELS, type Role } from './accounts.domain.js';
import { signInSchema } from './accounts.schemas.js';
import { SESSION_IDLE_MS } from './accounts.service.js';
import { assertCan } from './permissions.js';

/** Only paths on this site: never an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/my-work';
}

const clientIp = (request: FastifyRequest) => request.ip || 'unknown';

export function registerAccountsWeb(app: FastifyInstance, c: Container, config: Config): void {
  const oidcLabel = config.OIDC_ISSUER ? (config.OIDC_LABEL ?? 'your organisation’s account') : null;

  app.get<{ Querystring: { next?: string } }>(
    '/sign-in',
    { schema: { hide: true } },
    async (request, reply) => {
      if (request.viewer.role !== 'public') return reply.redirect(safeNext(request.query.next));
      return reply.header('cache-control', 'no-store').view('accounts/views/sign-in.njk', {
        title: 'Sign in',
        next: safeNext(request.query.next),
        csrfToken: csrfTokenFor(reply),
        oidcLabel,
      });
    },
  );

  app.post<{ Body: Record<string, string> }>(
    '/sign-in',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      const next = safeNext(request.body.next);
      const parsed = signInSchema.safeParse(request.body);
      const again = (status: number, errors: Array<{ text: string; href: string }>) =>
        reply
          .status(status)
          .header('cache-control', 'no-store')
          .view('accounts/views/sign-in.njk', {
            title: 'Sign in',
            next,
            email: request.body.email ?? '',
            errors,
            errorPage: true,
            csrfToken: csrfTokenFor(reply),
            oidcLabel,
          });
      if (!parsed.success)
        return again(
          400,
          parsed.error.issues.map((i) => ({ text: i.message, href: `#${String(i.path[0])}` })),
        );
      const result = await c.accounts.signIn(
        parsed.data.email,
        parsed.data.password,
        clientIp(request),
        request.headers['user-agent'],
      );
      if (!result.ok)
        return result.reason === 'throttled'
          ? again(429, [
              { text: 'Too many attempts to sign in. Wait 15 minutes, then try again.', href: '#email' },
            ])
          : again(401, [{ text: 'Enter a correct email address and password', href: '#email' }]);
      void reply.setCookie(SESSION_COOKIE, result.token, {
        ...cookieOptions(config),
        maxAge: Math.floor(SESSION_IDLE_MS / 1000) * 14,
      });
      return reply.redirect(next, 303);
    },
  );

  app.post('/sign-out', { schema: { hide: true }, preHandler: csrf(app) }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await c.accounts.signOut(token, request.viewer.actor);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/?signed-out=1', 303);
  });

  app.get('/admin/users', { schema: { hide: true } }, async (request, reply) => {
    assertCan(request.viewer, 'users.view');
    const users = await c.accounts.list();
    return reply.view('accounts/views/users.njk', {
      title: 'Accounts',
      users: users.map((u) => ({ ...u, roleLabel: ROLE_LABELS[u.role as Role] })),
    });
  });
}
