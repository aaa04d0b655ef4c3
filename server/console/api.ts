/**
 * The console's only way to the server: the public admin API, with the key as a bearer token in
 * the Authorization header (never in a URL). Failures become ApiError, which keeps the API's own
 * problem+json sentences so the console shows them as the API wrote them.
 */
import type { FieldError } from '../contract.ts';

/** What the admin API said when it refused, or why it could not be reached (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: readonly Pick<FieldError, 'field' | 'message'>[] = [],
  ) {
    super(detail);
  }
}

/** Options of a request: a JSON body is sent as application/json. */
export type RequestOptions = Omit<RequestInit, 'body'> & { json?: unknown };

async function problemOf(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as {
      title?: string;
      detail?: string;
      errors?: FieldError[];
    };
    const detail = problem.detail ?? problem.title ?? `The server answered ${response.status}.`;
    return new ApiError(response.status, detail, problem.errors ?? []);
  } catch {
    return new ApiError(
      response.status,
      `The server answered ${response.status} ${response.statusText}.`,
    );
  }
}

/** The admin API of this server, as one key sees it. */
export class AdminApi {
  constructor(
    private readonly key: string,
    private readonly base = '/api/admin',
  ) {}

  /** The response of a request that succeeded; an ApiError otherwise. */
  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const { json, ...init } = options;
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${this.key}`);
    let body: string | undefined;
    if (json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(json);
    }
    let response: Response;
    try {
      response = await fetch(this.base + path, { ...init, headers, body, cache: 'no-store' });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(
        0,
        'The server could not be reached: check the connection, then try again.',
      );
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }

  /** The JSON answer of a request. */
  async json<T>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request(path, options)).json() as Promise<T>;
  }
}

/** A path segment, encoded. */
export const segment = (value: string | number) => encodeURIComponent(String(value));
