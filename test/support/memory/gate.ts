/** A tenant's rollup lease item in memory: its holder, and the live path's inbox count and generation (functions/use-cases/live/DESIGN.md). */
export interface MemoryLease {
  runId?: string | undefined;
  expiresAt?: number | undefined;
  /** A run queued to take the lease over from its holder (a recomputation). */
  nextRunId?: string | undefined;
  inboxCount: number;
  generation: number;
}

/** The lease items of every tenant, shared by the memory run store and the memory live store (one item in DynamoDB). */
export type MemoryLeases = Map<string, MemoryLease>;

export const memoryLeases = (): MemoryLeases => new Map();

/** The tenant's lease item, created (free) on first use. */
export function leaseOf(leases: MemoryLeases, tenant: string): MemoryLease {
  return leases.get(tenant) ?? leases.set(tenant, { inboxCount: 0, generation: 0 }).get(tenant)!;
}

/** Whether a run holds the lease unexpired at `nowMs` (DynamoDB's `runId` present and `expiresAt ≥ now`). */
export const heldAt = (lease: MemoryLease, nowMs: number): boolean => lease.runId !== undefined && (lease.expiresAt ?? 0) >= nowMs;
