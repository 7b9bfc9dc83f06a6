import { defineConfig } from 'vitest/config';
import './infra/local/quiet-sdk-warning.ts';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files start first, so no 40-second file begins last and runs alone. Vitest orders by
 * the durations it cached on the last run, but a fresh clone (CI) has no cache and would order by file
 * size, which puts the four-line fuzz files and the npm start lifecycle at the very end.
 */
const longestFirst = [
  'test/local/start-lifecycle.test.ts',
  'test/fuzz/',
  'test/web/',
  'test/cli/attain-cli.test.ts',
  'test/local/start-',
  'test/local/token-cli.test.ts',
];

function rank(moduleId: string): number {
  const index = longestFirst.findIndex((prefix) => moduleId.includes(`/${prefix}`));
  return index === -1 ? longestFirst.length : index;
}

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: within a rank, vitest's own order stays.
    return sorted.sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/env-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Files in a worker share one module graph: reloading the SDK, zod, luxon and the app for each of
    // 129 files cost about a third of the suite. Tests leave no state behind them (spies restored, each
    // its own tenant, servers closed), and the suite passes the same with isolation on.
    isolate: false,
    unstubEnvs: true,
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
