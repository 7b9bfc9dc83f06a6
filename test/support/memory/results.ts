import { idPattern } from '../../../core/model/primitives.ts';
import type { HistoryPoint } from '../../../core/model/goal-result.ts';
import type { GoalStanding } from '../../../core/rollup/progress-basis.ts';
import { LiveLeaseLostError } from '../../../functions/use-cases/live/ports.ts';
import type { MemoryLive } from './live.ts';
import type { CurrentRun, RollupRun } from '../../../core/model/rollup-run.ts';
import type { ResultStore, RunLease, RunStore } from '../../../functions/use-cases/rollups/ports.ts';
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
  const recompute = new Map<string, Set<string> | 'all'>();
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
      Object.assign(lease, { runId, expiresAt: nowMs + durationMs, nextRunId: undefined });
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
      if (lease?.runId !== runId || lease.inboxCount !== 0 || lease.nextRunId !== undefined) return false;
      Object.assign(lease, { runId: undefined, expiresAt: undefined, generation: lease.generation + 1 });
      return true;
    },
    async queueBehind(tenant, holder, runId, nowMs) {
      const lease = leaseOf(leases, tenant);
      if (lease.runId !== holder || (lease.expiresAt ?? 0) < nowMs) return undefined;
      lease.nextRunId ??= runId;
      return lease.nextRunId;
    },
    async handOver(tenant, holder, nowMs, durationMs) {
      const lease = leaseOf(leases, tenant);
      const next = lease.runId === holder ? lease.nextRunId : undefined;
      if (next === undefined) return undefined;
      Object.assign(lease, { runId: next, expiresAt: nowMs + durationMs, nextRunId: undefined, generation: lease.generation + 1 });
      return next;
    },
    async requestRecompute(tenant, scope) {
      const asked = recompute.get(tenant);
      if ('all' in scope || asked === 'all') recompute.set(tenant, 'all');
      else if (scope.goalIds.length > 0) recompute.set(tenant, new Set([...(asked ?? []), ...scope.goalIds]));
    },
    async takeRecompute(tenant) {
      const asked = recompute.get(tenant);
      recompute.delete(tenant);
      if (asked === undefined) return undefined;
      return asked === 'all' ? { all: true } : { goalIds: [...asked].sort() };
    },
    recomputePending: async (tenant) => recompute.has(tenant),
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
 * Whether DynamoDB would refuse the standing's item: the repository builds its keys from the goal,
 * owner and metric ids, and an id no key may hold is refused (that goal fails alone).
 */
const refusedKey = (s: GoalStanding) => ![s.goal.id, s.goal.owner.id, s.goal.metricId, s.treeRoot].every((id) => idPattern.test(id));

/**
 * The goals' standings and the history points in memory, with the result repository's semantics:
 * one item per goal (a standing, or live values alone: `liveOnly`), the owner, tree and leaderboard
 * lookups of its indexes, publishing and removing only behind the run's lease (shared with the run
 * store through `leases`), one history point per goal and day, and an item whose keys DynamoDB would
 * refuse refused alone. `values` reads the live values the memory live store keeps, so a standing
 * shows what the live path added since it was published.
 */
export function memoryResults(leases: MemoryLeases = memoryLeases(), memoryLive?: Pick<MemoryLive, 'live' | 'drop' | 'put'>): ResultStore & { liveOnly: (tenant: string, goalId: string) => void } {
  const live = memoryLive?.live;
  const standings = perTenant(() => new Map<string, GoalStanding>());
  const liveOnly = perTenant(() => new Set<string>());
  const history = perTenant(() => new Map<string, Map<string, HistoryPoint>>());
  const holds = (tenant: string, lease: RunLease) => {
    const held = leaseOf(leases, tenant);
    return held.runId === lease.runId && (held.expiresAt ?? 0) >= lease.now();
  };
  /** The standings with the live values of now (the same item in DynamoDB). */
  const current = async (tenant: string): Promise<GoalStanding[]> => {
    const values = live ? await live.values(tenant) : new Map();
    return [...standings(tenant).values()]
      .sort((a, b) => (a.goal.id < b.goal.id ? -1 : 1))
      .map((s) => {
        const v = values.get(s.goal.id);
        return structuredClone(v ? { ...s, values: v.values, skipped: v.skipped, updatedAt: v.updatedAt } : s);
      });
  };
  return {
    liveOnly: (tenant, goalId) => void liveOnly(tenant).add(goalId),
    get: async (tenant, goalId) => (await current(tenant)).find((s) => s.goal.id === goalId),
    forOwner: async (tenant, ownerId, ownerType, activeOn) =>
      (await current(tenant)).filter((s) => s.goal.owner.id === ownerId && s.goal.owner.type === ownerType && s.basis.period.start <= activeOn && s.basis.period.end >= activeOn),
    subtree: async (tenant, root) => (await current(tenant)).filter((s) => s.treeRoot === root.treeRoot && `${s.treePath}/`.startsWith(`${root.treePath}/`)),
    leaderboard: async (tenant, metricId, period, unitId) =>
      (await current(tenant)).filter(
        (s) =>
          s.goal.owner.type === 'user' &&
          s.goal.metricId === metricId &&
          s.basis.period.start === period.start &&
          s.basis.period.end === period.end &&
          (unitId === undefined || s.ownerUnitIds.includes(unitId)),
      ),
    history: async (tenant, goalId, from, to) =>
      [...(history(tenant).get(goalId)?.values() ?? [])]
        .filter((p) => p.date >= from && p.date <= to)
        .sort((a, b) => (a.date < b.date ? -1 : 1))
        .map((p) => structuredClone(p)),
    async published(tenant) {
      const found = new Map<string, { runId: string | null } | null>([...liveOnly(tenant)].map((id) => [id, null]));
      for (const id of live ? (await live.values(tenant)).keys() : []) found.set(id, null);
      for (const [id, standing] of standings(tenant)) found.set(id, { runId: standing.runId });
      return found;
    },
    async publish(tenant, written, lease) {
      if (!holds(tenant, lease)) throw new LiveLeaseLostError();
      const refused: string[] = [];
      for (const standing of written) {
        if (refusedKey(standing)) refused.push(standing.goal.id);
        else {
          standings(tenant).set(standing.goal.id, structuredClone(standing));
          memoryLive?.put(tenant, standing.goal.id, { values: [...standing.values], skipped: standing.skipped, updatedAt: standing.updatedAt });
        }
      }
      return refused;
    },
    async remove(tenant, goalIds, lease) {
      if (!holds(tenant, lease)) throw new LiveLeaseLostError();
      for (const id of goalIds) {
        standings(tenant).delete(id);
        liveOnly(tenant).delete(id);
      }
      memoryLive?.drop(tenant, goalIds);
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
