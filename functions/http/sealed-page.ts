import { openCursor, sealCursor } from '../store/cursor.ts';
import { cursorKey } from '../store/cursor-key.ts';
import type { Page } from '../use-cases/ports.ts';
import type { Principal } from '../use-cases/principal.ts';

export interface ListQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * What a cursor is bound to: the tenant and the caller (user and role: what it may see), the list
 * route and its filters. `limit` is left out, so the page size may change from page to page.
 */
function bindingOf(principal: Principal, route: string, query: ListQuery): string {
  const filters = Object.entries(query)
    .filter(([name, value]) => name !== 'cursor' && name !== 'limit' && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([principal.tenant, principal.userId, principal.role, route, filters]);
}

/**
 * One page of a list route: opens the caller's cursor into the store's position, reads the page,
 * and seals the position it stopped at (functions/store/cursor.ts). So a cursor is opaque — it
 * names nothing, not even the items the caller may not see — and is 400 for any other tenant,
 * caller, route or filter (API.md, Conventions, Lists). A list that fits one page reads no key.
 */
export async function sealedPage<T>(
  principal: Principal,
  route: string,
  query: ListQuery,
  read: (position: string | undefined) => Promise<Page<T>>,
): Promise<Page<T>> {
  const binding = bindingOf(principal, route, query);
  const position = query.cursor === undefined ? undefined : openCursor(query.cursor, await cursorKey(), binding);
  const page = await read(position);
  return { items: page.items, nextCursor: page.nextCursor === null ? null : sealCursor(page.nextCursor, await cursorKey(), binding) };
}
