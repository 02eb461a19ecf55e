import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { PUBLIC_VIEWER, type Viewer } from '../modules/accounts/accounts.domain.js';
import type { AccountsService } from '../modules/accounts/accounts.service.js';
import { can } from '../modules/accounts/permissions.js';
import { AppError } from '../shared/errors.js';

export const SESSION_COOKIE = 'oversight_session';
export const CSRF_COOKIE = 'oversight_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
    /** How the viewer was recognised: not at all, by session cookie, or by API token. */
    authVia: 'none' | 'session' | 'token';
    /** The CSRF token a multipart form carried, read by its handler before the check. */
    multipartCsrf?: string;
  }
}

/** Cookie options: HttpOnly, SameSite=Lax, Secure on HTTPS (or always in production). */
export function cookieOptions(config: Config) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.NODE_ENV === 'production' ? true : ('auto' as const),
  };
}

/**
 * Who is asking: a session cookie (browsers) or `Authorization: Bearer` (integrations), else the
 * public. Writes from browsers need a CSRF token; writes to the API need a bearer token, never a
 * cookie, so a page elsewhere cannot make a signed-in browser write through the API.
 */
export async function registerAuth(
  app: FastifyInstance,
  accounts: AccountsService,
  config: Config,
): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: cookieOptions(config),
    getToken: (request: FastifyRequest) =>
      (request.body as Record<string, string> | undefined)?._csrf ??
      request.multipartCsrf ??
      (request.headers['x-csrf-token'] as string | undefined),
  });
  app.decorateRequest('viewer', null as unknown as Viewer);
  app.decorateRequest('authVia', 'none');

  app.addHook('onRequest', async (request, reply) => {
    request.viewer = PUBLIC_VIEWER;
    request.authVia = 'none';
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('unauthorised', 'The Authorization header must be "Bearer <token>"');
      // The import token from configuration still works for the import endpoint (see documents.api).
      if (config.IMPORT_TOKEN && match[1] === config.IMPORT_TOKEN) return;
      const viewer = await accounts.viewerForToken(match[1]!);
      if (!viewer) throw new AppError('unauthorised', 'The API token is not valid');
      request.viewer = viewer;
      request.authVia = 'token';
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (session) {
      const viewer = await accounts.viewerForSession(session);
      if (viewer) {
        request.viewer = viewer;
        request.authVia = 'session';
      } else void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
  });

  // Templates see who is signed in, and signed-in pages carry a CSRF token for their forms.
  app.addHook('preHandler', async (request, reply) => {
    if (request.viewer.role === 'public') return;
    reply.locals = {
      ...reply.locals,
      viewer: request.viewer,
      csrfToken: reply.generateCsrf(),
      canViewWork: can(request.viewer, 'work.view'),
      canViewAudit: can(request.viewer, 'audit.view'),
      canManageWebhooks: can(request.viewer, 'webhook.manage'),
    };
  });
}

/** preHandler for browser form posts: checks the CSRF token. Multipart handlers call checkCsrf themselves. */
export function csrf(app: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) =>
    app.csrfProtection(request, reply, done);
}

export function checkCsrf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const originalSend = reply.send.bind(reply);
    // csrfProtection reports failure by reply.send(error); turn that into a rejection instead.
    reply.send = (payload: unknown) => {
      settled = true;
      reply.send = originalSend;
      if (payload instanceof Error) reject(payload);
      else resolve();
      return reply;
    };
    app.csrfProtection(request, reply, () => {
      reply.send = originalSend;
      if (!settled) resolve();
    });
  });
}

/** For API writes: a bearer token is required (a browser's cookie is not enough). */
export function requireToken(request: FastifyRequest): Viewer {
  if (request.authVia !== 'token')
    throw new AppError(
      'unauthorised',
      'Writing through the API needs an API token: Authorization: Bearer <token>',
    );
  return request.viewer;
}

/** A form token for an anonymous form (the sign-in page). */
export const csrfTokenFor = (reply: FastifyReply): string => reply.generateCsrf();
