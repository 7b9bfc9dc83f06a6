import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../infra/cli/attain.mjs', import.meta.url));
// Nothing here reaches the API: the lines are refused while reading the file, the token is signed locally.
const env = { ...process.env, ATTAIN_URL: 'http://127.0.0.1:9', ATTAIN_TOKEN: 'unused' };

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function ended(child: ReturnType<typeof spawn>): Promise<Ended> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('attain whose output reader went away', () => {
  it('`attain import … | head -1`: the first line, no stack trace, the exit code the import has anyway', async () => {
    // Prepare: 3,000 lines that are not JSON, so far more output (a line per rejected line) than a pipe holds
    const file = join(mkdtempSync(join(tmpdir(), 'attain-cli-pipe-')), 'bad.ndjson');
    writeFileSync(file, Array.from({ length: 3_000 }, (_, i) => `{not json ${i}`).join('\n'));

    // Act: a real `head -1` reading attain's stdout itself, as in a shell pipeline
    const head = spawn('head', ['-1'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const attain = spawn(process.execPath, [bin, 'import', file], { env, stdio: ['ignore', head.stdin, 'pipe'] });
    head.stdin.destroy(); // head's stdin is attain's stdout alone, so head's exit closes it
    const [cli, first] = await Promise.all([ended(attain), ended(head)]);

    // Assess
    expect(first.stdout).toBe('0 imported, 0 unchanged (updatedAt older than the stored one), 3000 rejected, 0 warned\n');
    expect(cli.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(cli.stderr).toContain("attain import: 3000 of the file's lines were rejected");
    expect(cli).toMatchObject({ code: 1, signal: null }); // 1: lines were rejected, as without the pipe
  });

  it('`attain token` with its stdout closed before it writes: exit 0, nothing on stderr', async () => {
    const attain = spawn(process.execPath, [bin, 'token'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    attain.stdout.destroy();
    const cli = await ended(attain);

    expect(cli).toMatchObject({ code: 0, signal: null, stderr: '' });
  });
});
