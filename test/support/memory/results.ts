import { idPattern } from '../../../core/model/primitives.ts';
import type { GoalResult, HistoryPoint } from '../../../core/model/goal-result.ts';
import type { CurrentRun, RollupRun } from '../../../core/model/rollup-run.ts';
import type { ResultStore, RunStore } from '../../../functions/use-cases/rollups/ports.ts';
import { leaseOf, memoryLeases, type MemoryLeases } from './gate.ts';

/** A Map per tenant, created on first use. */
function perTenant<T>(create: () => T): (tenant: string) => T {
  const tenants = new Map<string, T>();
  return (tenant) => tenants.get(tenant) ?? tenants.set(tenant, create()).get(tenant)!;
}

/**
 * Runs, the tenant's lease, scheduled-fire claims and the current-run pointer in memory, with the
 * run repository's conditions: a lease is taken only when none is held or it expired before
 * `nowMs` (the clock the caller passes, as in DynamoDB), renewed only by its holder before it
 * expires, released only by its holder with an empty inbox (raising the generation); a run moves
 * only from one of the given statuses; the pointer switches only from the run it names. Lists run
 * newest first (run ids sort by time). `leases` is shared with the memory live store.
 */
export function memoryRuns(leases: MemoryLeases = memoryLeases()): RunStore {
  const runs = perTenant(() => new Map<string, RollupRun>());
  const fires = new Set<string>();
  const current = new Map<string, CurrentRun>();
  return {
    getRun: async (tenant, runId) => structuredClone(runs(tenant).get(runId)),
    async listRuns(tenant, limit, cursor) {
      const rest = [...runs(tenant).values()].sort((a, b) => (a.runId < b.runId ? 1 : -1)).filter((r) => cursor === undefined || r.runId < cursor);
      const items = rest.slice(0, limit).map((r) => structuredClone(r));
      return { items, nextCursor: rest.length > limit ? items[items.length - 1]!.runId : null };
    },
    getCurrent: async (tenant) => structuredClone(current.get(tenant)),
    async acquireLease(tenant, runId, nowMs, durationMs) {
      const lease = leaseOf(leases, tenant);
      if (lease.runId !== undefined && !((lease.expiresAt ?? 0) < nowMs)) return false;
      Object.assign(lease, { runId, expiresAt: nowMs + durationMs });
      return true;
    },
    async getLease(tenant) {
      const lease = leases.get(tenant);
      return lease?.runId === undefined ? undefined : { runId: lease.runId, expiresAt: lease.expiresAt ?? 0 };
    },
    async renewLease(tenant, runId, nowMs, durationMs) {
      const lease = leases.get(tenant);
      if (!lease || lease.runId !== runId || (lease.expiresAt ?? 0) < nowMs) return false;
      lease.expiresAt = nowMs + durationMs;
      return true;
    },
    async releaseLease(tenant, runId) {
      const lease = leases.get(tenant);
      if (lease?.runId !== runId || lease.inboxCount !== 0) return false;
      Object.assign(lease, { runId: undefined, expiresAt: undefined, generation: lease.generation + 1 });
      return true;
    },
    async claimScheduledFire(tenant, scheduledTime) {
      const key = JSON.stringify([tenant, scheduledTime]);
      if (fires.has(key)) return false;
      fires.add(key);
      return true;
    },
    async putRun(tenant, run) {
      runs(tenant).set(run.runId, structuredClone(run));
    },
    async updateRun(tenant, runId, from, changes) {
      const run = runs(tenant).get(runId);
      if (!run || !from.includes(run.status)) return false;
      runs(tenant).set(runId, { ...run, ...structuredClone(changes) });
      return true;
    },
    async switchCurrent(tenant, next, previousRunId) {
      if ((current.get(tenant)?.runId ?? null) !== previousRunId) return false;
      current.set(tenant, structuredClone(next));
      return true;
    },
  };
}

/**
 * Whether DynamoDB would refuse the result's item: the repository builds its keys from the goal,
 * owner and metric ids, and an id no key may hold is refused (that goal fails alone).
 */
const refusedKey = (r: GoalResult) => ![r.goal.id, r.goal.owner.id, r.goal.metricId, r.treeRoot].every((id) => idPattern.test(id));

/**
 * A run's results and the history points in memory, with the result repository's semantics: each
 * run's results apart (nothing shows until a pointer names the run), the owner, tree and
 * leaderboard lookups of its indexes, one history point per goal and day, and a result whose keys
 * DynamoDB would refuse refused alone.
 */
export function memoryResults(): ResultStore {
  const runs = perTenant(() => new Map<string, Map<string, GoalResult>>());
  const history = perTenant(() => new Map<string, Map<string, HistoryPoint>>());
  const ofRun = (tenant: string, runId: string) => runs(tenant).get(runId) ?? runs(tenant).set(runId, new Map()).get(runId)!;
  const results = (tenant: string, runId: string) => [...(runs(tenant).get(runId)?.values() ?? [])].sort((a, b) => (a.goal.id < b.goal.id ? -1 : 1));
  const copies = (found: GoalResult[]) => found.map((r) => structuredClone(r));
  return {
    get: async (tenant, runId, goalId) => structuredClone(runs(tenant).get(runId)?.get(goalId)),
    all: async (tenant, runId) => copies(results(tenant, runId)),
    forOwner: async (tenant, runId, ownerId, ownerType, activeOn) =>
      copies(results(tenant, runId).filter((r) => r.goal.owner.id === ownerId && r.goal.owner.type === ownerType && r.progress.period.start <= activeOn && r.progress.period.end >= activeOn)),
    subtree: async (tenant, runId, root) =>
      copies(results(tenant, runId).filter((r) => r.treeRoot === root.treeRoot && `${r.treePath}/`.startsWith(`${root.treePath}/`))),
    leaderboard: async (tenant, runId, metricId, period, unitId) =>
      copies(
        results(tenant, runId).filter(
          (r) =>
            r.goal.owner.type === 'user' &&
            r.goal.metricId === metricId &&
            r.progress.period.start === period.start &&
            r.progress.period.end === period.end &&
            (unitId === undefined || r.ownerUnitIds.includes(unitId)),
        ),
      ),
    history: async (tenant, goalId, from, to) =>
      [...(history(tenant).get(goalId)?.values() ?? [])]
        .filter((p) => p.date >= from && p.date <= to)
        .sort((a, b) => (a.date < b.date ? -1 : 1))
        .map((p) => structuredClone(p)),
    async write(tenant, runId, written) {
      const refused: string[] = [];
      for (const result of written) {
        if (refusedKey(result)) refused.push(result.goal.id);
        else ofRun(tenant, runId).set(result.goal.id, structuredClone(result));
      }
      return refused;
    },
    async deleteRun(tenant, runId) {
      const count = runs(tenant).get(runId)?.size ?? 0;
      runs(tenant).delete(runId);
      return count;
    },
    async writeHistory(tenant, points) {
      const refused: string[] = [];
      for (const point of points) {
        if (!idPattern.test(point.goalId)) refused.push(point.goalId);
        else {
          const days = history(tenant).get(point.goalId) ?? history(tenant).set(point.goalId, new Map()).get(point.goalId)!;
          days.set(point.date, structuredClone(point));
        }
      }
      return refused;
    },
  };
}
