// The page's one client of the public API (same origin, the pasted token). Every answer that is not
// 2xx becomes an ApiError carrying the contract's error shape, so callers can put it into words.

let token = '';

/** The token every request carries from now on. */
export function useToken(value) {
  token = value;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error?.code ?? null;
    this.details = Array.isArray(body?.error?.details) ? body.error.details : [];
  }
}

/**
 * One request. `version` (a resource's integer version) is sent as If-Match, so a stale edit comes
 * back as 412 instead of overwriting someone else's change. Resolves to the parsed body (null for 204).
 */
export async function api(method, path, body, { version } = {}) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (version !== undefined && version !== null) headers['if-match'] = `"${version}"`;
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null; // a proxy's HTML error page: the status still says what happened
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** Every page of a list route. */
export async function listAll(path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
