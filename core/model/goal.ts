import type { DateRange } from '../periods/resolve-period.ts';
import type { Condition } from '../queries/condition.ts';

/** Who a goal belongs to: a user, or a unit of the given kind. */
export interface GoalOwner {
  type: 'user' | 'team' | 'department' | 'organization';
  id: string;
}

/** How a goal gets its values (API.md, goals). */
export type RollupMode = 'owner' | 'children' | 'owner_and_children';

/** A goal (API.md, goals), with its period already resolved to `start`/`end`. */
export interface Goal {
  id: string;
  name: string;
  description?: string;
  metricId: string;
  owner: GoalOwner;
  period: DateRange;
  /** Exact decimal at the metric's scale. */
  target: string | number;
  stretchTarget?: string | number | null;
  parentId?: string | null;
  rollupMode: RollupMode;
  filter?: Condition | null;
  bonus?: { amount: string | number; currency?: string | null } | null;
  locked?: boolean;
  version?: number;
}
