/** The API's answer to a refused request, with the contract's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The CLI could not reach the API at all. */
export class ConnectionError extends Error {
  constructor(url: string, options: { cause: unknown }) {
    super(`Could not reach Attain at ${url} (is npm start running? set --url or ATTAIN_URL)`, options);
    this.name = 'ConnectionError';
  }
}

export interface ApiClient {
  readonly url: string;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** A JSON client for the public API with one bearer token. */
export function apiClient(url: string, token: string): ApiClient {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        throw new ConnectionError(base, { cause: error });
      }
      const text = await response.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        throw new ApiError(response.status, 'not_json', `${method} ${path} answered ${response.status} with a body that is not JSON`);
      }
      if (!response.ok) {
        const error = (json as { error?: { code?: string; message?: string; details?: unknown[] } } | null)?.error;
        throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? (json as { message?: string })?.message ?? `HTTP ${response.status}`, error?.details);
      }
      return json as T;
    },
  };
}

/** Every item of a list route, page by page. */
export async function listAll<T>(api: ApiClient, path: string): Promise<T[]> {
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
