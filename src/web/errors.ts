import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError } from '../db/versioned.js';
import { AppError, ERROR_TITLES, type ErrorCode } from '../shared/errors.js';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');
const wantsJson = (request: FastifyRequest) => {
  const accept = request.headers.accept ?? '';
  return isApi(request) || (accept.includes('json') && !accept.includes('html'));
};

const PAGE_TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  404: 'Page not found',
  401: 'Sign in to continue',
  403: 'You cannot do this',
  405: 'There is a problem with your request',
  409: 'Someone else changed this record',
  429: 'Too many requests',
  422: 'There is a problem with your request',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

/** Where each kind of problem is described: the `type` of an RFC 9457 problem (an absolute path). */
export const problemType = (code: string): string => `/api/docs#problem-${code}`;

/** What a problem may carry besides RFC 9457's members: what is wrong with each field, or a conflict's versions. */
export type ProblemExtras = {
  fields?: Record<string, string>;
  currentVersion?: number;
  current?: unknown;
};

/**
 * An RFC 9457 problem: `type`, `title`, `status`, `detail`, `instance`, and Oversight's `code`
 * (the same word as the end of `type`), with `fields` for invalid input and `currentVersion` (and,
 * where the service presented it, `current`) for a stale edit.
 */
export function problem(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extras: ProblemExtras = {},
) {
  return {
    type: problemType(code),
    title: ERROR_TITLES[code as ErrorCode] ?? PAGE_TITLES[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0]!,
    code,
    ...extras,
  };
}

/** What an AppError may add to its problem: never a raw database row. */
function extrasOf(error: AppError): ProblemExtras {
  if (error instanceof ConflictError) {
    const version = error.currentVersion;
    return {
      ...(version === null ? {} : { currentVersion: version }),
      ...(error.presented ? { current: error.current } : {}),
    };
  }
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  return fields && typeof fields === 'object' ? { fields: fields as Record<string, string> } : {};
}

async function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  extras: ProblemExtras = {},
) {
  if (wantsJson(request)) {
    return reply
      .status(status)
      .type('application/problem+json')
      .send(problem(request, status, code, message, extras));
  }
  return reply.status(status).view('errors/error.njk', {
    title: PAGE_TITLES[status] ?? PAGE_TITLES[500],
    status,
    message,
    errorPage: true,
  });
}

type ValidationIssue = {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
};

/**
 * A schema failure in words that say what to change: the parameter named, and the values allowed
 * ("querystring/status must be one of: current, previous"; "unknown parameter "colour" in the
 * querystring").
 */
export function validationMessage(error: FastifyError): string {
  const context = error.validationContext ?? 'request';
  const issues = (error.validation ?? []) as ValidationIssue[];
  const messages = issues.map((issue) => {
    const where = `${context}${issue.instancePath}`;
    if (issue.keyword === 'additionalProperties')
      return `unknown parameter "${String(issue.params.additionalProperty)}" in the ${where}`;
    if (issue.keyword === 'enum' && Array.isArray(issue.params.allowedValues))
      return `${where} must be one of: ${issue.params.allowedValues.map(String).join(', ')}`;
    if (issue.keyword === 'format' && issue.params.format === 'date')
      return `${where} must be a date in the format YYYY-MM-DD`;
    return `${where} ${issue.message ?? 'is not valid'}`;
  });
  return messages.length > 0 ? messages.join('; ') : error.message;
}

/** The routes' URL patterns as regular expressions (`:slug` one segment, `*` anything). */
function routeMatcher(app: FastifyInstance) {
  let compiled: Array<{ method: string; pattern: RegExp }> | null = null;
  return (path: string): string[] => {
    compiled ??= app.routeList
      .filter((r) => r.url !== '*' && r.url !== '/*')
      .map((r) => ({
        method: r.method,
        pattern: new RegExp(
          `^${r.url
            .split(/(:[A-Za-z0-9_]+|\*)/)
            .map((part) =>
              part === '*'
                ? '.*'
                : part.startsWith(':')
                  ? '[^/]+'
                  : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
            )
            .join('')}/?$`,
        ),
      }));
    const methods = new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

/**
 * One handler: API callers (and anyone asking for JSON) get an RFC 9457 problem
 * (`application/problem+json`), people get a GOV.UK error page. A known path asked with a method it
 * does not take is a 405 with `Allow`, not a 404.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  const methodsOf = routeMatcher(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = methodsOf(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      void reply.header('allow', allowed.join(', '));
      return send(
        request,
        reply,
        405,
        'method-not-allowed',
        `${path} does not take ${request.method}: use ${allowed.join(', ')}`,
      );
    }
    return send(request, reply, 404, 'not-found', `There is nothing at ${path}`);
  });
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      // People who are not signed in are sent to sign in, and come back afterwards.
      if (error.code === 'unauthorised' && request.method === 'GET' && !wantsJson(request))
        return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
      return send(request, reply, error.status, error.code, error.message, extrasOf(error));
    }
    if ('code' in error && typeof error.code === 'string' && error.code.startsWith('FST_CSRF_'))
      return send(
        request,
        reply,
        403,
        'forbidden',
        'This form has expired or did not come from Oversight. Go back, reload the page and try again.',
      );
    if ('validation' in error && error.validation) {
      return send(request, reply, 400, 'bad-request', validationMessage(error));
    }
    const status =
      'statusCode' in error && error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return send(request, reply, 500, 'internal', 'Something went wrong. Try again later.');
    }
    return send(request, reply, status, status === 404 ? 'not-found' : 'bad-request', error.message);
  });
}
