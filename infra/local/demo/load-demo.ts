import { DateTime } from 'luxon';
import { ApiError, attainClient, type AttainClient } from '../../client/attain-client.ts';
import { demoGoals } from './demo-goals.ts';
import { demoMetricTemplates, demoSettings, demoTimeZone, demoUnits, demoUsers, metricId, moneyTemplates } from './demo-organization.ts';
import { demoRecords, type DemoRecord } from './demo-records.ts';

const batchSize = 500;

export interface DemoLoadSummary {
  readonly units: number;
  readonly users: number;
  readonly metrics: number;
  readonly records: number;
  readonly goals: number;
}

/** True when the tenant has no goals yet (`GET /goals?limit=1` lists nothing). */
export async function demoTenantIsEmpty(baseUrl: string, adminToken: string): Promise<boolean> {
  const { items } = await attainClient(baseUrl, adminToken).call<{ items: unknown[] }>('GET', '/goals?limit=1');
  return items.length === 0;
}

/**
 * Loads the demo tenant through the public HTTP API, so it passes the same validation as any user:
 * settings, units, users, metrics, records, then goals (last, so a load that failed halfway leaves
 * the tenant "empty" and is redone on the next start). Throws ApiError on the first refusal.
 */
export async function loadDemoTenant(baseUrl: string, adminToken: string, now: Date): Promise<DemoLoadSummary> {
  const api = attainClient(baseUrl, adminToken);
  await api.call('PUT', '/settings', demoSettings);

  // Units first without managers, so the users' memberships can name them; then the managers.
  for (const { id, managerIds: _managers, ...unit } of demoUnits) await api.call('PUT', `/units/${id}`, unit);
  for (const { id, ...user } of demoUsers) await api.call('PUT', `/users/${id}`, user);
  for (const { id, ...unit } of demoUnits.filter((u) => u.managerIds)) await api.call('PUT', `/units/${id}`, unit);

  for (const template of demoMetricTemplates) await ensureMetric(api, template);

  const records = demoRecords(now);
  const batches = Array.from({ length: Math.ceil(records.length / batchSize) }, (_, i) => records.slice(i * batchSize, (i + 1) * batchSize));
  await Promise.all(batches.map((batch) => putRecords(api, batch)));

  const today = DateTime.fromJSDate(now, { zone: demoTimeZone }).toISODate()!;
  const goalIds = new Map<string, string>();
  const goals = demoGoals(today);
  for (const goal of goals) {
    const parentId = goal.parentKey ? goalIds.get(goal.parentKey) : undefined;
    const created = await api.call<{ id: string }>('POST', '/goals', { ...goal.body, ...(parentId ? { parentId } : {}) });
    goalIds.set(goal.key, created.id);
  }
  return { units: demoUnits.length, users: demoUsers.length, metrics: demoMetricTemplates.length, records: records.length, goals: goals.length };
}

async function ensureMetric(api: AttainClient, template: (typeof demoMetricTemplates)[number]): Promise<void> {
  const id = metricId(template);
  const { status, body } = await api.send('GET', `/metrics/${id}`);
  if (status === 200) return;
  if (status !== 404) throw new ApiError(`GET /metrics/${id}`, status, JSON.stringify(body));
  await api.call('POST', '/metrics', { template, id, ...(moneyTemplates.has(template) ? { currency: 'EUR' } : {}) });
}

async function putRecords(api: AttainClient, records: DemoRecord[]): Promise<void> {
  const { results } = await api.call<{ results: { id: string; error?: unknown }[] }>('POST', '/records/batch', { records });
  const failed = results.find((result) => result.error !== undefined);
  if (failed || results.length !== records.length) {
    throw new ApiError('POST /records/batch', 200, JSON.stringify(failed ?? { expected: records.length, got: results.length }));
  }
}
