import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Dependencies point inwards: adapters (api, http, store, rollup, infra) → use cases → core.
// The import specifiers of every .ts file in the repository, resolved to a repository path
// (relative imports) or a package name (bare imports); a regex is enough for this codebase's
// import style (`import … from '…'`, `export … from '…'`, `import '…'`, `import('…')`).

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const skipped = new Set(['node_modules', 'cdk.out', '.attain', '.git']);

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir === '.' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// `import|export … from '…'` as a statement (so a `from '` inside a string is not taken), `import '…'`, `import('…')`.
const specifier = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

type Import = { file: string; target: string };

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(specifier)].map(([, from, bare, dynamic]) => ({ file, target: resolve(file, (from ?? bare ?? dynamic)!) }));
}

/** A repository path for a relative specifier, the package name for a bare one. */
function resolve(file: string, spec: string): string {
  if (spec.startsWith('.')) return posix.normalize(posix.join(posix.dirname(file), spec));
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const under = (...folders: string[]) => (path: string) => folders.some((folder) => path.startsWith(`${folder}/`));
const oneOf = (...names: string[]) => (target: string) => names.includes(target);

type Rule = {
  name: string;
  applies: (file: string) => boolean;
  /** True when `file` may not import `target`. */
  forbids: (target: string, file: string) => boolean;
};

const rules: Rule[] = [
  {
    name: 'core/** imports only core/**, zod and luxon',
    applies: under('core'),
    forbids: (target) => !(under('core')(target) || oneOf('zod', 'luxon')(target)),
  },
  {
    // No config (use cases get configuration through their ports), no ids or clock library (ports),
    // no AWS SDK, no HTTP, no store (concurrency: a pure limiter of calls in flight).
    name: 'functions/use-cases/** imports only use cases, core, functions/shared/{errors,observability,concurrency}, zod and luxon',
    applies: under('functions/use-cases'),
    forbids: (target) =>
      !(
        under('functions/use-cases', 'core')(target) ||
        oneOf('functions/shared/errors.ts', 'functions/shared/observability.ts', 'functions/shared/concurrency.ts', 'zod', 'luxon')(target)
      ),
  },
  {
    // What the use cases may import from functions/shared must not lead back out to an adapter.
    name: 'functions/shared/** imports nothing of functions/** outside it, infra/** or test/**',
    applies: under('functions/shared'),
    forbids: (target) => under('functions', 'infra', 'test')(target) && !under('functions/shared')(target),
  },
  {
    name: 'functions/store/** never imports the HTTP adapter (functions/api/**, functions/http/**)',
    applies: under('functions/store'),
    forbids: under('functions/api', 'functions/http'),
  },
  {
    // handler.ts composes its group's ports from the repositories; sealed-page.ts seals the store's list
    // position for HTTP with the store's cursor codec (cursor.ts) and the key kept in the table (cursor-key.ts).
    name: 'the HTTP adapter (functions/api/**, functions/http/**) imports functions/store/** only in handler.ts and sealed-page.ts',
    applies: under('functions/api', 'functions/http'),
    forbids: (target, file) =>
      under('functions/store')(target) &&
      !/^functions\/api\/[^/]+\/handler\.ts$/.test(file) &&
      !(file === 'functions/http/sealed-page.ts' && oneOf('functions/store/cursor.ts', 'functions/store/cursor-key.ts')(target)),
  },
  {
    name: 'nothing outside test/** imports test/**',
    applies: (file) => !under('test')(file),
    forbids: under('test'),
  },
];

const imports = tsFiles('.').flatMap(importsOf);

describe('layers', () => {
  it('reads every import statement of every file', () => {
    const files = tsFiles('.');
    expect(files.filter(under('functions/use-cases')).length).toBeGreaterThan(50);
    const missed = files.filter((file) => {
      const statements = readFileSync(join(root, file), 'utf8').match(/^import[\s{*'"]/gm)?.length ?? 0;
      return imports.filter((i) => i.file === file).length < statements;
    });
    expect(missed).toEqual([]);
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))('%s', (_, rule) => {
    const violations = imports
      .filter(({ file, target }) => rule.applies(file) && rule.forbids(target, file))
      .map(({ file, target }) => `${file} → ${target}`);
    expect(violations, `${rule.name}; violations:\n${violations.join('\n')}`).toEqual([]);
  });
});
