/**
 * Errors as `application/problem+json` (RFC 9457), one shape for every failure.
 *
 * Handlers throw a `ProblemError`; the app's single `onError` writes it. Messages are fixed
 * sentences: nothing a supporter typed is ever echoed back.
 */
import type { FieldError, Problem } from '../contract/public.ts';

const TITLES: Record<number, string> = {
  400: 'Malformed request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Validation failed',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** A failure with its HTTP status, carried to `onError`. */
export class ProblemError extends Error {
  readonly status: number;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? TITLES[status] ?? 'Error');
    this.status = status;
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** The body of a problem answer. */
export function problemBody(status: number, detail?: string, errors?: FieldError[]): Problem {
  const slug = (TITLES[status] ?? 'error').toLowerCase().replaceAll(' ', '-');
  const body: Problem = { type: `/problems/${slug}`, title: TITLES[status] ?? 'Error', status };
  if (detail) body.detail = detail;
  if (errors?.length) body.errors = errors;
  return body;
}

/** A ready problem+json Response. */
export function problemResponse(
  status: number,
  detail?: string,
  errors?: FieldError[],
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(problemBody(status, detail, errors)), {
    status,
    headers: { ...headers, 'content-type': 'application/problem+json' },
  });
}
