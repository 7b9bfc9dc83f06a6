import type { Clock } from '../ports.ts';
import type { CreditModels, LiveStore, RecordImage } from './ports.ts';

export interface LivePorts {
  live: LiveStore;
  creditModels: CreditModels;
  clock: Clock;
}

/** What became of one delivered change. */
export type ApplyOutcome = 'applied' | 'duplicate';

/** How often a change is recomputed when another delivery of the same record moved the shadow meanwhile. */
const maxAttempts = 5;

/** The shadow moved under a change more often than {@link maxAttempts}: the delivery is retried later. */
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
 * nothing; a revision the stream skipped is covered by the next one. See DESIGN.md beside this file.
 */
export async function applyRecordChange(ports: LivePorts, tenant: string, image: RecordImage): Promise<ApplyOutcome> {
  const model = await ports.creditModels(tenant);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const shadow = await ports.live.shadow(tenant, image.recordType, image.id);
    if (shadow !== undefined && shadow.rev >= image.rev) return 'duplicate';
    const deltas = model.delta(shadow?.record ?? null, image.record);
    const applied = await ports.live.apply(tenant, {
      recordType: image.recordType,
      id: image.id,
      expectedRev: shadow?.rev ?? null,
      next: { rev: image.rev, record: image.record },
      deltas,
      at: new Date(ports.clock.now()).toISOString(),
    });
    if (applied) return 'applied';
  }
  throw new ShadowContendedError(image.recordType, image.id);
}
