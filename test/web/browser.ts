import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';

export { launchChromium } from '../../infra/local/tour/chromium.ts';

export const artifactsDir = new URL('../artifacts/', import.meta.url);

/** The path of a screenshot under test/artifacts/ (the folder is made on first use). */
export function artifact(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return fileURLToPath(new URL(name, artifactsDir));
}

/**
 * Everything the page wrote to the browser's console as an error, and every uncaught exception,
 * from the moment it is attached. A test that provokes an error answer on purpose (a stale edit's
 * 412, a refused token's 401) names the statuses it expects; Chromium logs each as "Failed to load
 * resource: … status of 412"; any other error fails the test.
 */
export function consoleErrors(page: Page): { errors: string[]; unexpected: (...expectedStatuses: number[]) => string[] } {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return {
    errors,
    unexpected: (...expectedStatuses) =>
      errors.filter((text) => !expectedStatuses.some((status) => text.startsWith('Failed to load resource') && text.includes(`status of ${status}`))),
  };
}

export interface ConsoleWatch {
  watch(page: Page): void;
  provoke(...statuses: number[]): void;
}

/**
 * Watches the console of every page a test file opens (`watch(page)`): after each test, any error
 * in it fails the test, except for the statuses the test says it provokes on purpose (`provoke(412)`).
 * Call it at the top of the test file: it registers the file's `afterEach`.
 */
export function watchConsoles(): ConsoleWatch {
  let watched: ReturnType<typeof consoleErrors>[] = [];
  let provoked: number[] = [];
  afterEach(() => {
    const unexpected = watched.flatMap((console) => console.unexpected(...provoked));
    watched = [];
    provoked = [];
    expect(unexpected, 'errors in the browser console').toEqual([]);
  });
  return { watch: (page) => void watched.push(consoleErrors(page)), provoke: (...statuses) => void provoked.push(...statuses) };
}
