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
      return send(request, reply, 400, 'bad-request', error.message);
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
