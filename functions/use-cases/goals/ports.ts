import type { Goal } from '../../../core/model/goal.ts';
import type { Page } from '../ports.ts';

/** One goal to write: at the version it was read (0 when new), under a parent that must not have changed. */
export interface GoalWrite {
  goal: Goal;
  /** 0 when the goal is new. */
  expectedVersion: number;
  /** The parent as it was read while checking the hierarchy; the write fails if it changed since. */
  parent?: { id: string; version: number } | undefined;
}

/** Which goals a list holds: the filters of GET /goals, a page size and where the last page ended. */
export interface GoalListFilter {
  ownerType?: Goal['owner']['type'] | undefined;
  ownerId?: string | undefined;
  parentId?: string | undefined;
  metricId?: string | undefined;
  /** A local date the goal's period contains. */
  activeOn?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The tenant's goals: versioned writes that insist the goal and its checked parent are unchanged,
 * the parent links and hierarchy version the cycle check reads, and the limits of one atomic write.
 */
export interface GoalStore {
  get(tenant: string, id: string, options?: { consistent?: boolean }): Promise<Goal | undefined>;
  getMany(tenant: string, ids: readonly string[]): Promise<Goal[]>;
  /** A page of goals; `visible` leaves out the goals the caller may not see. */
  list(tenant: string, query: GoalListFilter, visible?: (goal: Goal) => boolean): Promise<Page<Goal>>;
  all(tenant: string): Promise<Goal[]>;
  children(tenant: string, parentId: string): Promise<Goal[]>;
  /** Every goal's parent (id → parentId), read consistently. */
  parentLinks(tenant: string): Promise<Map<string, string | null>>;
  /** The version of the tenant's goal hierarchy, raised by every change of an existing goal's parent. */
  hierarchyVersion(tenant: string): Promise<number>;
  /**
   * Writes goals atomically (at most `writeLimits.actions` goals and parent checks together, of at
   * most `writeLimits.bytes`): each at its expected version (a new one: ConflictError if it exists; else
   * VersionConflictError), each checked parent unchanged (ConflictError). With `hierarchyVersion`
   * (a change of an existing goal's parent) the tenant's hierarchy must still be at that version,
   * and is raised: of two parent changes checked at the same time only one is saved, the other
   * fails with GoalHierarchyChangedError and is checked again.
   */
  write(tenant: string, writes: readonly GoalWrite[], options?: { hierarchyVersion?: number }): Promise<void>;
  /** Deletes the goal at its version and clears its children's `parentId` (raising their versions). */
  delete(tenant: string, goal: Goal): Promise<void>;
  hasGoalsForOwner(tenant: string, ownerType: string, ownerId: string): Promise<boolean>;
  hasGoalsForMetric(tenant: string, metricId: string): Promise<boolean>;
  /** What one atomic write holds: goals and parent checks together, and bytes (as {@link goalBytes} counts them). */
  readonly writeLimits: { readonly actions: number; readonly bytes: number };
  /** The bytes a goal takes in the store, to size atomic writes before sending them. */
  goalBytes(tenant: string, goal: Goal): number;
}
