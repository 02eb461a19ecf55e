import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

const PAGE_TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  404: 'Page not found',
  409: 'Someone else changed this record',
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
) {
  const accept = request.headers.accept ?? '';
  if (isApi(request) || (accept.includes('json') && !accept.includes('html'))) {
    return reply.status(status).type('application/json').send({ error: { code, message } });
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
    if (error instanceof AppError) return send(request, reply, error.status, error.code, error.message);
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
