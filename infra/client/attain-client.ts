/**
 * The one HTTP client for the Attain API (API.md), used by the CLI, the demo loader, the tests and
 * the benchmarks: base URL, bearer token, JSON in and out, the contract's error shape decoded. No
 * retries: none of its callers retries (a 429 is the caller's to handle, as the throttling test does).
 */

/** The contract's error body: {"error":{"code","message","details"?}}. */
interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly details?: unknown[] };
  readonly message?: string;
}

/** The API answered with a status the caller did not expect, or with a body that is not JSON. */
export class ApiError extends Error {
  /** The contract's error code; `not_json` for a body that is not JSON, `http_error` for one without the error shape. */
  readonly code: string;
  /** The contract's error message (or what stands in for it). */
  readonly reason: string;
  readonly details?: unknown[];

  constructor(
    /** `METHOD /path`. */
    readonly route: string,
    readonly status: number,
    /** The body as it came. */
    readonly text: string,
  ) {
    super(`${route} answered ${status}: ${text.slice(0, 2000)}`);
    this.name = 'ApiError';
    const body = parseJson(text);
    if (body === notJson) {
      this.code = 'not_json';
      this.reason = `${route} answered ${status} with a body that is not JSON`;
      return;
    }
    const { error, message } = (body ?? {}) as ErrorBody;
    this.code = error?.code ?? 'http_error';
    this.reason = error?.message ?? message ?? `HTTP ${status}`;
    this.details = error?.details;
  }
}

/** The API could not be reached at all (no answer, refused connection, DNS). */
export class ConnectionError extends Error {
  constructor(
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(`Could not reach Attain at ${url}`, options);
    this.name = 'ConnectionError';
  }
}

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  /** The decoded JSON body; undefined for an empty one. */
  readonly body: T;
}

export interface AttainClient {
  /** The base URL, without a trailing slash. */
  readonly url: string;
  /**
   * One request; answers whatever the status. A string body is sent as it is (for malformed JSON),
   * anything else as JSON; `headers` go last, so they may replace the token or the content type.
   * Throws ConnectionError when nothing answered and ApiError (`not_json`) for a body that is not JSON.
   */
  send<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  /** One request whose status must be one of `expect` (default: any 2xx); answers the decoded body, else throws ApiError. */
  call<T = any>(method: string, path: string, body?: unknown, expect?: readonly number[]): Promise<T>;
}

const notJson = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return notJson;
  }
}

/** A client for the API at `url`, sending `token` as a bearer token (none: no authorization header). */
export function attainClient(url: string, token?: string): AttainClient {
  const base = url.replace(/\/+$/, '');

  async function exchange(method: string, path: string, body: unknown, headers: Record<string, string>) {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new ConnectionError(base, { cause: error });
    }
    return { response, text: await response.text() };
  }

  return {
    url: base,
    async send(method, path, body, headers = {}) {
      const { response, text } = await exchange(method, path, body, headers);
      const json = parseJson(text);
      if (json === notJson) throw new ApiError(`${method} ${path}`, response.status, text);
      return { status: response.status, headers: response.headers, body: json as any };
    },
    async call(method, path, body, expect) {
      const { response, text } = await exchange(method, path, body, {});
      const expected = expect ? expect.includes(response.status) : response.ok;
      const json = parseJson(text);
      if (!expected || json === notJson) throw new ApiError(`${method} ${path}`, response.status, text);
      return json as any;
    },
  };
}

/** Every item of a list route (API.md "lists"), page by page. */
export async function listAll<T>(api: AttainClient, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await api.call('GET', `${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
