import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { demoTimeZone } from '../../infra/local/demo/demo-organization.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { javaPidOf, newDataDir, spawnStart, stopsWithin, tokenOf, type StartedProcess } from './start-process.ts';

interface Goal {
  id: string;
  name: string;
  parentId: string | null;
  target: string;
  owner: { type: string; id: string };
}

const started: StartedProcess[] = [];
afterAll(() => {
  for (const process of started) process.killGroup();
});

describe('npm start with the demo tenant (end to end, needs every route of the foundation)', () => {
  const dataDir = newDataDir();
  let port: number;

  async function start(): Promise<{ attain: StartedProcess; url: string; token: string; javaPid: number }> {
    const attain = spawnStart({ PORT: String(port), ATTAIN_DATA_DIR: dataDir, ATTAIN_DYNAMODB_ENDPOINT: '', ATTAIN_TABLE: 'attain', ATTAIN_NO_DEMO: '' });
    started.push(attain);
    const [, url] = await attain.waitFor(/^Attain listening on (http:\/\/localhost:\d+)$/m, 180_000);
    return { attain, url: url!, token: await tokenOf(attain), javaPid: await javaPidOf(attain) };
  }

  async function listGoals(url: string, token: string): Promise<Goal[]> {
    const response = await fetch(`${url}/goals?limit=500`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Goal[] }).items;
  }

  it('loads the demo into an empty data directory and lists its goals with the printed token', async () => {
    // Prepare
    port = await freePort();

    // Act
    const { attain, url, token, javaPid } = await start();
    const health = await fetch(`${url}/health`);
    const goals = await listGoals(url, token);
    const runs = (await (await fetch(`${url}/rollups`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { runId: string; trigger: string }[] };
    const year = DateTime.now().setZone(demoTimeZone).year; // the demo names its goals by the tenant's year
    attain.child.kill('SIGTERM');
    const { code } = await attain.exited;

    // Assess
    expect(attain.output()).toContain('Loading the demo tenant "demo"');
    // The demo's first full run is queued at once, not left to the first night.
    const [, firstRun] = /First rollup of the demo tenant queued \((\S+)\)/.exec(attain.output()) ?? [];
    expect(runs.items.map((r) => [r.runId, r.trigger])).toEqual([[firstRun, 'manual']]);
    expect(health.status).toBe(200);
    const root = goals.find((g) => g.name === `Revenue ${year}`);
    expect(root).toMatchObject({ target: '6000000.00', owner: { type: 'organization', id: 'org' }, parentId: null });
    const departments = goals.filter((g) => g.parentId === root!.id);
    expect(departments.map((g) => g.target).sort()).toEqual(['1800000.00', '4200000.00']);
    expect(goals.filter((g) => g.owner.type === 'user' && g.name.startsWith('Revenue'))).toHaveLength(6);
    expect(goals.length).toBeGreaterThanOrEqual(20);
    expect(code).toBe(0);
    expect(await stopsWithin(javaPid)).toBe(true);
  }, 240_000);

  it('keeps the data on restart and does not load the demo twice', async () => {
    // Act
    const { attain, url, token, javaPid } = await start();
    const goals = await listGoals(url, token);
    const deal = await fetch(`${url}/records/deal/d-0001`, { headers: { authorization: `Bearer ${token}` } });
    attain.child.kill('SIGINT');
    const { code } = await attain.exited;

    // Assess
    expect(attain.output()).not.toContain('Loading the demo tenant');
    expect(attain.output()).toContain('already has goals');
    expect(new Set(goals.map((g) => g.name)).size).toBe(goals.length); // nothing created twice
    expect(deal.status).toBe(200);
    expect(code).toBe(0);
    expect(await stopsWithin(javaPid)).toBe(true);
  }, 240_000);
});
