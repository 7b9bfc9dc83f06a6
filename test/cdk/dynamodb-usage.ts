import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { routeGroups, type RouteGroup } from '../../functions/api/route-table.ts';
import type { DynamoDbAction } from '../../infra/cdk/data-access.ts';
import { repoRoot } from '../../infra/cdk/repo-root.ts';

/**
 * What the code of one Lambda entry can do to DynamoDB, read off the bundle esbuild makes of it:
 * the project's sources after tree-shaking (node_modules left external), so a repository module
 * counts with every command its kept functions and objects send, and code the bundle drops does not.
 */
export interface DynamoDbUsage {
  readonly actions: readonly DynamoDbAction[];
  readonly indexes: readonly string[];
  /** The project files in the bundle (relative to the repository root), for failure messages. */
  readonly files: readonly string[];
  /** Imports of other route groups' `routes.ts` left out of the bundle, and the names they take. */
  readonly cutImports: readonly { readonly module: string; readonly names: readonly string[] }[];
}

/**
 * The IAM actions each command class of `@aws-sdk/lib-dynamodb` / `@aws-sdk/client-dynamodb`
 * needs. Transactions have no action of their own: IAM checks each item's action (Put, Update,
 * Delete, ConditionCheck; Get for reads). A command missing here fails the derivation.
 */
export const commandActions: Readonly<Record<string, readonly DynamoDbAction[]>> = {
  GetCommand: ['dynamodb:GetItem'],
  GetItemCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  PutItemCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  UpdateItemCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  DeleteItemCommand: ['dynamodb:DeleteItem'],
  QueryCommand: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  BatchGetItemCommand: ['dynamodb:BatchGetItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  BatchWriteItemCommand: ['dynamodb:BatchWriteItem'],
  TransactGetCommand: ['dynamodb:GetItem'],
  TransactGetItemsCommand: ['dynamodb:GetItem'],
  TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  TransactWriteItemsCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  DescribeTableCommand: ['dynamodb:DescribeTable'],
};

/** What else code may import from the DynamoDB packages: clients and errors, which send nothing by themselves. */
const harmlessImports = /^(DynamoDBClient|DynamoDBDocumentClient|\w+Exception)$/;
const dynamoDbPackage = /^@aws-sdk\/(lib|client)-dynamodb$/;
const routesModule = /^functions\/api\/([a-z-]+)\/routes\.ts$/;

/**
 * Bundles one entry as the Lambda's bundling does (ESM, node22, tree-shaken), but with packages
 * external so only project code is in it, and scans the result. A group's function dispatches only
 * its own routes (`createHandler` refuses routes of other groups), so another group's `routes.ts`,
 * which the public group imports for the OpenAPI document, brings route definitions whose handlers
 * can never run there: it is left out of the bundle, with everything only it imports, and reported
 * in `cutImports` so a test can check that only the route definitions are taken from it.
 */
export async function dynamoDbUsage(entry: string, group: RouteGroup | 'worker' | 'live'): Promise<DynamoDbUsage> {
  const otherGroupsRoutes: Plugin = {
    name: 'other-groups-routes',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\/routes\.ts$/ }, (args) => {
        const file = path.relative(repoRoot, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
        const owner = routesModule.exec(file)?.[1];
        if (owner === undefined || owner === group || !(routeGroups as readonly string[]).includes(owner)) return undefined;
        return { path: `cut:${file}`, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    outfile: 'bundle.mjs',
    logLevel: 'silent',
    plugins: [otherGroupsRoutes],
  });
  const [output, ...more] = result.outputFiles;
  const [meta] = Object.values(result.metafile.outputs);
  if (!output || !meta || more.length > 0) throw new Error(`Expected one output bundling ${entry}`);
  const files = Object.entries(meta.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file)
    .sort();
  const imports = parseImports(output.text);
  const cutImports = imports
    .filter((statement) => statement.module.startsWith('cut:'))
    .map((statement) => ({ module: statement.module.slice('cut:'.length), names: statement.names.map((name) => name.imported) }));
  return { ...scanBundle(entry, output.text, imports), files, cutImports };
}

interface ImportStatement {
  readonly text: string;
  readonly module: string;
  readonly names: readonly { readonly imported: string; readonly local: string }[];
}

/** The static imports of esbuild's output (`import { a, b as c } from "m";`, `import * as n from "m";`, `import d from "m";`). */
function parseImports(code: string): ImportStatement[] {
  const statements: ImportStatement[] = [];
  for (const match of code.matchAll(/^import\s+([^;]*?)\s+from\s+"([^"]+)";$/gm)) {
    const [text, clause, module] = [match[0], match[1]!, match[2]!];
    const named = /^\{([^}]*)\}$/.exec(clause);
    const names = named
      ? named[1]!
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part.length > 0)
          .map((part) => {
            const [imported, local] = part.split(/\s+as\s+/);
            return { imported: imported!.trim(), local: (local ?? imported!).trim() };
          })
      : [{ imported: clause.startsWith('*') ? '*' : 'default', local: clause.replace(/^\*\s+as\s+/, '').trim() }];
    statements.push({ text, module, names });
  }
  return statements;
}

/**
 * The DynamoDB actions and index names in bundled code. Every command class imported must be
 * mapped in `commandActions` and used only as `new Command(…)`, and every `IndexName` must be a
 * string literal; anything else throws, so the derivation can't silently miss a call.
 */
export function scanBundle(
  entry: string,
  code: string,
  imports: readonly ImportStatement[] = parseImports(code),
): { actions: DynamoDbAction[]; indexes: string[] } {
  const commands = new Map<string, string>(); // local name → command class
  let body = code;
  for (const statement of imports) {
    body = body.replace(statement.text, '');
    if (!dynamoDbPackage.test(statement.module)) continue;
    for (const { imported, local } of statement.names) {
      if (harmlessImports.test(imported)) continue;
      if (!commandActions[imported]) {
        throw new Error(`${entry} imports ${imported} from ${statement.module}: map it in commandActions (test/cdk/dynamodb-usage.ts)`);
      }
      commands.set(local, imported);
    }
  }
  if (/\b(import|require)\(\s*["']@aws-sdk\/(lib|client)-dynamodb/.test(code)) {
    throw new Error(`${entry} loads a DynamoDB package dynamically; import the command classes by name`);
  }

  const actions = new Set<DynamoDbAction>();
  for (const [local, command] of commands) {
    const uses = body.match(new RegExp(`(?<![\\w$.])${escape(local)}(?![\\w$])`, 'g'))?.length ?? 0;
    const constructions = body.match(new RegExp(`\\bnew\\s+${escape(local)}\\s*\\(`, 'g'))?.length ?? 0;
    if (uses !== constructions) throw new Error(`${entry} uses ${command} other than as \`new ${command}(…)\`; the derivation can't follow it`);
    if (constructions > 0) for (const action of commandActions[command]!) actions.add(action);
  }

  const indexes = new Set<string>();
  for (const match of body.matchAll(/\bIndexName\s*:\s*([^,}\n]+)/g)) {
    const literal = /^["']([\w.-]+)["']\s*$/.exec(match[1]!);
    if (!literal) throw new Error(`${entry} sets IndexName to ${match[1]!.trim()}: name the index as a string literal, so its grant can be derived`);
    indexes.add(literal[1]!);
  }
  return { actions: [...actions].sort(), indexes: [...indexes].sort() };
}

const escape = (name: string) => name.replace(/\$/g, '\\$');
