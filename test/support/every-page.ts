import { expect } from 'vitest';
import type { Page } from '../../functions/use-cases/ports.ts';

/** Every item of a store's list, page by page (`limit` a page), with the number of pages read (store contract tests). */
export async function everyPage<T>(list: (limit: number, cursor?: string) => Promise<Page<T>>, limit: number) {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(limit, cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
    expect(pages).toBeLessThan(20);
  } while (cursor !== undefined);
  return { items, pages };
}
