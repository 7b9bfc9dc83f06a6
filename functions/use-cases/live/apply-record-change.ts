import type { Clock } from '../ports.ts';
import type { CreditModel } from '../../../core/rollup/record-credits.ts';
import type { CreditModels, LiveChange, LiveStore, RecordImage, Shadow } from './ports.ts';

export interface LivePorts {
  live: LiveStore;
  creditModels: CreditModels;
  clock: Clock;
}

/** What became of one delivered change: applied, already applied (or older), or put in the inbox while a run holds the lease. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'diverted';

/** How often a change is tried again when the shadow moved, the generation moved on or the lease changed hands meanwhile. */
const maxAttempts = 8;

/** The shadow (or the gate) moved under a change more often than {@link maxAttempts}: the delivery is retried later. */
export class ShadowContendedError extends Error {
  constructor(recordType: string, id: string) {
    super(`Record ${recordType}/${id} changed under ${maxAttempts} attempts in a row`);
    this.name = 'ShadowContendedError';
  }
}

/**
 * Applies one record change to the live values exactly once (the live consumer's use case).
 *
 * The change counts against the record's shadow — the image whose credit is in the live values —
 * not the stream's old image: the shadow moves to `image` and each goal gets
 * `credit(image) − credit(shadow)`, in one conditional step on the shadow's revision. A delivery
 * of a revision at or below the shadow's (repeated, or older than one already applied) changes
 * nothing; a revision the stream skipped is covered by the next one.
 *
 * The step also checks the tenant's gate: while a run holds the lease the change goes to the inbox
 * (the run applies it before it lets go), and a model loaded before the last run let go is loaded
 * again before the change is applied. See DESIGN.md beside this file.
 */
export async function applyRecordChange(ports: LivePorts, tenant: string, image: RecordImage): Promise<ApplyOutcome> {
  let loaded = await ports.creditModels(tenant);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const shadow = await ports.live.shadow(tenant, image.recordType, image.id);
    if (shadow !== undefined && shadow.rev >= image.rev) return 'duplicate';
    const nowMs = ports.clock.now();
    const result = await ports.live.apply(tenant, [changeTo(image, shadow, loaded.model, nowMs)], { free: { nowMs, generation: loaded.generation } });
    if (result === 'applied') return 'applied';
    if (result === 'guard-failed') {
      const gate = await ports.live.gate(tenant, nowMs);
      if (gate.heldBy !== null) {
        const diverted = await ports.live.divert(tenant, image, nowMs);
        if (diverted !== 'not-held') return diverted === 'diverted' ? 'diverted' : 'duplicate';
      } else if (gate.generation !== loaded.generation) {
        loaded = await ports.creditModels(tenant, { fresh: true });
      }
    }
  }
  throw new ShadowContendedError(image.recordType, image.id);
}

/** The change that moves the shadow to `image`: each goal's credit difference under `model`. */
export function changeTo(image: RecordImage, shadow: Shadow | undefined, model: CreditModel, nowMs: number): LiveChange {
  return {
    recordType: image.recordType,
    id: image.id,
    expectedRev: shadow?.rev ?? null,
    next: { rev: image.rev, record: image.record },
    deltas: model.delta(shadow?.record ?? null, image.record),
    at: new Date(nowMs).toISOString(),
  };
}
