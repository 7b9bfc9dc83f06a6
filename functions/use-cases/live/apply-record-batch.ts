import { changeTo, type LivePorts } from './apply-record-change.ts';
import { maxWritesPerApply, recordKey, type LiveChange, type RecordImage } from './ports.ts';

/**
 * Shadow bytes one transaction carries at most (estimated as JSON): DynamoDB takes 4 MB a
 * transaction; half of it leaves room for the goals' updates and the estimate's error.
 */
const maxPackBytes = 2_000_000;

/** How often the not-yet-applied part of a batch is packed again (a shadow moved, the model's generation moved on). */
const maxRounds = 3;

/** What a batch settled: for each record (by {@link recordKey}) the revision up to which its deliveries are applied or were already. */
export type Settled = Map<string, number>;

/** True when the batch settled this delivery (nothing more to do for it). */
export const isSettled = (settled: Settled | undefined, image: RecordImage): boolean => (settled?.get(recordKey(image.recordType, image.id)) ?? -1) >= image.rev;

/**
 * Applies one tenant's changes of a stream batch to the live values in as few steps as fit
 * (DESIGN.md beside this file, "Many changes in one step"): each record's newest image in the batch
 * against its shadow (the delta telescopes over the revisions between, as it does over a revision
 * the stream skipped), packed into transactions of at most {@link maxWritesPerApply} shadows and
 * goals, each all or nothing on the same conditions as {@link applyRecordChange}'s: every shadow at
 * the revision its delta was computed against, and the free guard.
 *
 * What a pack could not apply is packed again against fresh shadows (and a reloaded model when the
 * gate's generation moved on); what still does not apply — a run holds the lease, a pack's write
 * failed — is left out of the answer, for `applyRecordChange` one by one (which diverts to the inbox,
 * retries and reports its own errors). The answer says which deliveries need nothing more.
 */
export async function applyRecordBatch(ports: LivePorts, tenant: string, images: readonly RecordImage[]): Promise<Settled> {
  const settled: Settled = new Map();
  const newest = new Map<string, RecordImage>();
  for (const image of images) {
    const key = recordKey(image.recordType, image.id);
    if ((newest.get(key)?.rev ?? -1) < image.rev) newest.set(key, image);
  }
  let pending = [...newest.values()];
  let fresh = false;
  for (let round = 0; round < maxRounds && pending.length > 0; round++) {
    const loaded = await ports.creditModels(tenant, fresh ? { fresh } : undefined);
    const shadows = await ports.live.shadowsOf(tenant, pending);
    const nowMs = ports.clock.now();
    const changes: LiveChange[] = [];
    for (const image of pending) {
      const key = recordKey(image.recordType, image.id);
      const shadow = shadows.get(key);
      if (shadow !== undefined && shadow.rev >= image.rev) settled.set(key, image.rev);
      else changes.push(changeTo(image, shadow, loaded.model, nowMs));
    }
    const again: RecordImage[] = [];
    for (const pack of packed(changes)) {
      const result = await ports.live.apply(tenant, pack, { free: { nowMs, generation: loaded.generation } }).catch(() => 'failed' as const);
      if (result === 'applied') for (const change of pack) settled.set(recordKey(change.recordType, change.id), change.next.rev);
      if (result === 'failed') continue; // left to one-by-one, which reports the error
      if (result === 'shadow-moved') again.push(...pack.map((change) => newest.get(recordKey(change.recordType, change.id))!));
      if (result === 'guard-failed') {
        const gate = await ports.live.gate(tenant, nowMs);
        if (gate.heldBy !== null) return settled; // a run holds the lease: one by one, into its inbox
        fresh ||= gate.generation !== loaded.generation;
        again.push(...pack.map((change) => newest.get(recordKey(change.recordType, change.id))!));
      }
    }
    pending = again;
  }
  return settled;
}

/** Changes in order, cut into packs that fit one transaction (a change that does not fit alone is a pack of its own: the store refuses it). */
function packed(changes: readonly LiveChange[]): LiveChange[][] {
  const packs: LiveChange[][] = [];
  let pack: LiveChange[] = [];
  let goals = new Set<string>();
  let bytes = 0;
  for (const change of changes) {
    const added = change.deltas.filter((delta) => !goals.has(delta.goalId)).length;
    const size = JSON.stringify(change.next.record)?.length ?? 0;
    if (pack.length > 0 && (pack.length + 1 + goals.size + added > maxWritesPerApply || bytes + size > maxPackBytes)) {
      packs.push(pack);
      pack = [];
      goals = new Set();
      bytes = 0;
    }
    pack.push(change);
    for (const delta of change.deltas) goals.add(delta.goalId);
    bytes += size;
  }
  if (pack.length > 0) packs.push(pack);
  return packs;
}
