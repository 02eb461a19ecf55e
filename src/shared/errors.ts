import type { z } from 'zod';

/** The one error type the app raises on purpose; the error handler maps code to status and page. */
export const ERROR_STATUS = {
  'not-found': 404,
  'bad-request': 400,
  validation: 422,
  conflict: 409,
  forbidden: 403,
  unauthorised: 401,
  'method-not-allowed': 405,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The short title of each kind of problem (RFC 9457 `title`: the same for every problem of a kind). */
export const ERROR_TITLES: Record<ErrorCode, string> = {
  'not-found': 'Not found',
  'bad-request': 'Bad request',
  validation: 'The values sent are not valid',
  conflict: 'Someone else changed this record',
  forbidden: 'You cannot do this',
  unauthorised: 'Sign in or send an API token',
  'method-not-allowed': 'Method not allowed',
  unavailable: 'Service unavailable',
  internal: 'Something went wrong',
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError('not-found', `${what} was not found`);

/** Input that fails its schema: 422, with a message for each field (forms show them beside the fields). */
export class InputError extends AppError {
  readonly issues: z.core.$ZodIssue[];
  constructor(error: z.ZodError) {
    super('validation', error.issues.map((i) => i.message).join('; '), {
      fields: Object.fromEntries(error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])),
    });
    this.issues = error.issues;
  }
}
