import { expect } from 'vitest';
import type { ApiClient, ApiResponse } from '../support/api.ts';

export interface ExpectedError {
  /** The `path` of every problem, exactly (order ignored); omitted: details are not checked. */
  paths?: string[];
}

/**
 * Asserts the contract's error shape `{"error": {"code", "message", "details"?}}` with this status
 * and code; `details` (when present) has one `{path, message}` per problem.
 */
export function expectError(response: ApiResponse, status: number, code: string, expected: ExpectedError = {}): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(Object.keys(response.body)).toEqual(['error']);
  const { error } = response.body as { error: Record<string, unknown> };
  expect(Object.keys(error).sort()).toEqual(Object.keys(error).includes('details') ? ['code', 'details', 'message'] : ['code', 'message']);
  expect(typeof error.message).toBe('string');
  expect((error.message as string).length).toBeGreaterThan(0);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const details = (error.details ?? []) as { path: unknown; message: unknown }[];
  for (const detail of details) {
    expect(Object.keys(detail).sort()).toEqual(['message', 'path']);
    expect(typeof detail.path).toBe('string');
    expect(typeof detail.message).toBe('string');
  }
  if (expected.paths) expect(details.map((d) => d.path).sort()).toEqual([...expected.paths].sort());
}

/** What a reader sees at `path` now: status and body (used before and after a refused write). */
export async function snapshot(client: ApiClient, path: string): Promise<{ status: number; body: unknown }> {
  const response = await client.get(path);
  return { status: response.status, body: storedPart(response.body) };
}

/** A body without what a read derives from its own instant (the settings' `nextRuns`), which no refused write changes. */
function storedPart(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || !('nextRuns' in body)) return body;
  const { nextRuns: _nextRuns, ...stored } = body as Record<string, unknown>;
  return stored;
}

/** Asserts that `path` still reads exactly as `before` did. */
export async function expectUnchanged(client: ApiClient, path: string, before: { status: number; body: unknown }): Promise<void> {
  expect(await snapshot(client, path)).toEqual(before);
}

/** A JSON body just over the contract's 256 KiB limit. */
export function oversizedBody(): Record<string, unknown> {
  return { name: 'x'.repeat(256 * 1024) };
}

/** Every page of a list, following `nextCursor`. */
export async function listAll<T = any>(client: ApiClient, path: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response: ApiResponse = await client.get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(100);
  } while (cursor !== null);
  return { items, pages };
}
