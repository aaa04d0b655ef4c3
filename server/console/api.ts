/**
 * The console's only way to the server: the public admin API, with the key as a bearer token in
 * the Authorization header (never in a URL). Failures become ApiError, which keeps the API's own
 * problem+json sentences so the console shows them as the API wrote them.
 */
import type { FieldError } from '../contract/public.ts';
import type { AdminCampaign } from '../campaigns/admin-campaigns.ts';
import type { InterfaceStrings } from '../i18n/interface-strings.ts';

/** A language the server speaks (GET /api/admin/languages). */
export interface ServerLanguage {
  tag: string;
  dir: 'ltr' | 'rtl';
  strings: InterfaceStrings;
}

/** Who a key is (GET /api/admin/me): an admin, or one partner of one campaign. */
export interface Who {
  role: 'admin' | 'partner';
  scope: { campaign: string | null; partner: string } | null;
}

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
  private constructor(
    private readonly key: string,
    /** Who the key is: the views show a partner only what its key may read. */
    readonly who: Who,
    private readonly base = '/api/admin',
  ) {}

  /** The API for a key, once the server said who it is (an ApiError when it refused it). */
  static async signIn(key: string, signal?: AbortSignal): Promise<AdminApi> {
    const unknown = new AdminApi(key, { role: 'admin', scope: null });
    return new AdminApi(key, await unknown.json<Who>('/me', { signal }));
  }

  #languages: Promise<ServerLanguage[]> | undefined;

  /** The languages the server speaks, asked once (they change only when the server restarts). */
  languages(): Promise<ServerLanguage[]> {
    this.#languages ??= this.json<{ data: ServerLanguage[] }>('/languages').then(
      (answer) => answer.data,
      (error) => {
        this.#languages = undefined;
        throw error;
      },
    );
    return this.#languages;
  }

  /** Is this a partner's key? */
  get partner(): boolean {
    return this.who.role === 'partner';
  }

  /** The Authorization value; besides requests, only the download worker gets it (by postMessage). */
  authorization(): string {
    return `Bearer ${this.key}`;
  }

  /** The response of a request that succeeded; an ApiError otherwise. */
  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const { json, ...init } = options;
    const headers = new Headers(init.headers);
    headers.set('Authorization', this.authorization());
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

  /**
   * The campaigns this key may see: all of them for an admin, its one campaign for a partner (a
   * partner key may not list campaigns; it reads its own, in the partner view).
   */
  async campaigns(signal?: AbortSignal): Promise<AdminCampaign[]> {
    const own = this.who.scope?.campaign;
    if (this.partner)
      return own ? [await this.json<AdminCampaign>(`/campaigns/${segment(own)}`, { signal })] : [];
    return (await this.json<{ data: AdminCampaign[] }>('/campaigns', { signal })).data;
  }

  /** The JSON answer of a request. */
  async json<T>(path: string, options?: RequestOptions): Promise<T> {
    return (await this.request(path, options)).json() as Promise<T>;
  }
}

/** A path segment, encoded. */
export const segment = (value: string | number) => encodeURIComponent(String(value));
