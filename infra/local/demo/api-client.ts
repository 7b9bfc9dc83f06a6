/** Thrown when the API answers a demo call with anything but the expected status. */
export class ApiCallError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${route} answered ${status}: ${body.slice(0, 2000)}`);
    this.name = 'ApiCallError';
  }
}

export interface ApiClient {
  /** Calls the API and returns the parsed JSON body; throws ApiCallError unless the status is expected. */
  call<T = unknown>(method: string, path: string, body?: unknown, expected?: readonly number[]): Promise<{ status: number; json: T }>;
}

/** A JSON client for the public HTTP API, authenticated with one bearer token. */
export function apiClient(baseUrl: string, token: string): ApiClient {
  return {
    async call<T>(method: string, path: string, body?: unknown, expected: readonly number[] = [200, 201]) {
      const route = `${method} ${path}`;
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!expected.includes(response.status)) throw new ApiCallError(route, response.status, text);
      try {
        return { status: response.status, json: (text === '' ? null : JSON.parse(text)) as T };
      } catch {
        throw new ApiCallError(route, response.status, `not JSON: ${text}`);
      }
    },
  };
}
