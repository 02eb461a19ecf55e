import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { AppError } from '../../shared/errors.js';
import { cookieOptions, SESSION_COOKIE } from '../../web/auth.js';
import { SESSION_MAX_MS } from './accounts.service.js';
import { safeNext } from './accounts.web.js';
import { createOidcClient, identityFromClaims, oidcSettings } from './oidc.js';

/**
 * GET /sign-in/oidc sends the browser to the provider; GET /sign-in/oidc/callback is where it
 * comes back. Between the two, the state, nonce, PKCE verifier and where to go afterwards wait in
 * a short-lived HttpOnly cookie: random values, compared exactly, so it needs no signature.
 */
const FLOW_COOKIE = 'oversight_oidc';
const FLOW_PATH = '/sign-in/oidc';
const FLOW_MAX_AGE_S = 10 * 60;

const flowSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(1),
  next: z.string(),
});
type Flow = z.infer<typeof flowSchema>;

const encodeFlow = (flow: Flow) => Buffer.from(JSON.stringify(flow)).toString('base64url');

function decodeFlow(value: string | undefined): Flow | null {
  if (!value) return null;
  try {
    const parsed = flowSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Logs what went wrong underneath a refusal or an outage (the page only says what to do). */
async function logged<T>(request: FastifyRequest, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError)
      request.log.warn({ err: error.cause ?? error }, `OpenID Connect sign-in: ${error.message}`);
    throw error;
  }
}

export function registerOidcWeb(app: FastifyInstance, c: Container, config: Config): void {
  const settings = oidcSettings(config);
  if (!settings) return;
  const oidc = createOidcClient(settings);

  const redirectUri = (request: FastifyRequest) =>
    `${config.PUBLIC_URL ? config.PUBLIC_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`}${FLOW_PATH}/callback`;

  app.get<{ Querystring: { next?: string } }>(
    FLOW_PATH,
    { schema: { hide: true } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      const next = safeNext(request.query.next);
      if (request.viewer.role !== 'public') return reply.redirect(next);
      const start = await logged(request, oidc.start(redirectUri(request)));
      void reply.setCookie(FLOW_COOKIE, encodeFlow({ ...start, next }), {
        ...cookieOptions(config),
        path: FLOW_PATH,
        maxAge: FLOW_MAX_AGE_S,
      });
      return reply.redirect(start.url.href);
    },
  );

  app.get(`${FLOW_PATH}/callback`, { schema: { hide: true } }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const flow = decodeFlow(request.cookies[FLOW_COOKIE]);
    void reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
    if (!flow)
      throw new AppError(
        'forbidden',
        'This sign-in has expired or did not start on Oversight. Go back to the sign-in page and start again.',
      );
    const at = request.url.indexOf('?');
    const callbackUrl = new URL(redirectUri(request) + (at < 0 ? '' : request.url.slice(at)));
    const claims = await logged(request, oidc.finish(callbackUrl, flow));
    const result = identityFromClaims(claims, settings);
    if (!result.ok) {
      request.log.warn(
        { issuer: claims.iss, subject: claims.sub },
        `OpenID Connect sign-in refused: ${result.message}`,
      );
      throw new AppError('forbidden', result.message);
    }
    const signedIn = await c.accounts
      .signInExternal(result.identity, request.headers['user-agent'])
      .catch((error: unknown) => {
        // The only validation failure left is a force slug Oversight does not know.
        if (error instanceof AppError && error.code === 'validation')
          throw new AppError(
            'forbidden',
            `Your ${settings.label} names a force Oversight does not know ("${result.identity.force}"). Ask for the force on your account to be corrected.`,
          );
        throw error;
      });
    void reply.setCookie(SESSION_COOKIE, signedIn.token, {
      ...cookieOptions(config),
      maxAge: Math.floor(SESSION_MAX_MS / 1000),
    });
    return reply.redirect(safeNext(flow.next), 303);
  });
}
