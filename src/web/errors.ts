import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';

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
  409: 'Someone else changed this record',
  429: 'Too many requests',
  422: 'There is a problem with your request',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

async function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  if (wantsJson(request)) {
    return reply
      .status(status)
      .type('application/json')
      .send({ error: { code, message, ...(details && typeof details === 'object' ? details : {}) } });
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

/** One handler: API callers get { error: { code, message } }, people get a GOV.UK error page. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    send(request, reply, 404, 'not-found', `There is nothing at ${request.url.split('?')[0]}`),
  );
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      // People who are not signed in are sent to sign in, and come back afterwards.
      if (error.code === 'unauthorised' && request.method === 'GET' && !wantsJson(request))
        return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
      return send(request, reply, error.status, error.code, error.message, error.details);
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
