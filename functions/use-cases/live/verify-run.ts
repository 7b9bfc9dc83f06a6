import type { RecordInput } from '../../../core/model/record-input.ts';
import { sumCredits, type CreditModel, type GoalCredit } from '../../../core/rollup/record-credits.ts';
import { compareLive, type LiveSums } from '../../../core/rollup/verify-live.ts';
import type { RecordStore } from '../records/ports.ts';
import type { RecordWindow } from '../rollups/ports.ts';
import type { AppPorts } from '../ports.ts';
import { mapWithConcurrency } from '../../shared/concurrency.ts';
import { applyAsRun, type RunLivePorts } from './apply-as-run.ts';
import { LiveLeaseLostError, type RecordImage, type Shadow } from './ports.ts';

/** API.md's `verification` of a run. */
export interface Verification {
  goalsVerified: number;
  goalsDrifted: number;
  goalsRepaired: number;
  goalsUnverified: number;
}

/** A goal's live values after the run's verification; `updatedAt` undefined when no change ever reached it. */
export interface FinalValue {
  values: [bigint, bigint, bigint];
  skipped: number;
  updatedAt: string | undefined;
}

export type VerifyPorts = RunLivePorts & { records: Pick<RecordStore, 'image'> } & Pick<AppPorts, 'recordPages'>;

/**
 * Up to this many records to catch up, each is applied in its own step (exact at every moment);
 * more are summed and written in bulk (a tenant's records written before the live path saw them).
 */
const oneByOneUpTo = 100;

/** Up to this many records ahead of their shadows are read again one by one; more, by reading the run's records again. */
const readOneByOneUpTo = 1_000;

/**
 * The live side of a full run, under the tenant's lease (functions/use-cases/live/DESIGN.md): made
 * before the records are read ({@link startVerification}), it reads the live values; the run hands
 * it every record it reads (`see`: its revision is kept); `finish` then
 * 0. compares the live values of the goals the run covers with the run's own values from the
 *    records: when every one agrees, they are verified — nothing is in flight or drifted that moves
 *    them — and the shadows are not read at all (the usual night);
 * otherwise it reads the shadows over the run's windows and
 * 1. verifies: each covered goal's live values against what the shadows credit — a difference is
 *    drift, repaired by writing the shadows' sum (nothing else writes live values under the lease);
 *    a goal nothing has computed yet (no live values, or no standing published: made since the live
 *    path last saw its records) is given its first and counted as `goalsUnverified`, not as drift;
 * 2. catches up: applies each record read whose revision is above its shadow's (a change still in
 *    the stream or the inbox, or one the stream lost), and each shadow the read should have met but
 *    did not (deleted, or moved) at the record's current image;
 * 3. compares the result with the run's own values from the records: a goal that differs changed
 *    while the run read (a record written meanwhile): `goalsUnverified`, compared next time.
 */
export function startVerification(
  ports: VerifyPorts,
  tenant: string,
  runId: string,
  model: CreditModel,
  reads: ReadonlyMap<string, RecordWindow | null>,
  /** The live values the shadows imply for the goals the run covers (one record pass over them: liveValuesOf). */
  expectedOf: (images: RecordInput[]) => ReadonlyMap<string, LiveSums>,
) {
  // Each record read, by type: id → the revision read (a record stored before revisions: 0).
  const seen = new Map([...reads.keys()].map((recordType) => [recordType, new Map<string, number>()]));
  const loading = ports.live.values(tenant);
  // Read errors surface from finish(); until then the promise is held.
  loading.catch(() => undefined);

  /** The images of the records read that are ahead of their shadows, as they are now. */
  async function aheadOf(shadowsByType: ReadonlyMap<string, ReadonlyMap<string, Shadow>>): Promise<RecordImage[]> {
    const ahead = [...seen].flatMap(([recordType, revs]) =>
      [...revs].filter(([id, rev]) => (shadowsByType.get(recordType)?.get(id)?.rev ?? -1) < rev).map(([id]) => ({ recordType, id })),
    );
    if (ahead.length <= readOneByOneUpTo) {
      const images = await mapWithConcurrency(ahead, 16, async ({ recordType, id }) => ({ recordType, id, current: await ports.records.image(tenant, recordType, id) }));
      // No item at all: deleted since the run read it, and its tombstone is gone too (a shadow, if any, moves to the deletion).
      return images.flatMap(({ recordType, id, current }) => {
        const shadowRev = shadowsByType.get(recordType)?.get(id)?.rev;
        if (current === undefined) return shadowRev === undefined ? [] : [{ recordType, id, rev: shadowRev + 1, record: null }];
        return [{ recordType, id, rev: current.rev, record: current.record }];
      });
    }
    // Many (records written before the live path saw them): the run's records read again.
    const wanted = new Map([...seen.keys()].map((recordType) => [recordType, new Set(ahead.filter((a) => a.recordType === recordType).map((a) => a.id))]));
    const images: RecordImage[] = [];
    await Promise.all(
      [...reads].map(([recordType, window]) =>
        ports.recordPages(
          tenant,
          recordType,
          (page) => {
            for (const record of page) if (wanted.get(recordType)?.has(record.id)) images.push({ recordType, id: record.id, rev: record.rev ?? 0, record });
          },
          { window: window ?? undefined },
        ),
      ),
    );
    return images;
  }

  return {
    /** A record the run read (with its revision). */
    see(record: RecordInput): void {
      seen.get(record.recordType)?.set(record.id, record.rev ?? 0);
    },

    /**
     * Verifies, repairs and catches up; answers the counts and each covered goal's live values as they
     * are now, with when they last changed (unchanged by the run: as the live path left them).
     */
    async finish(
      covered: readonly string[],
      computed: ReadonlyMap<string, LiveSums>,
      /** A goal nothing has computed yet (no standing published): its live values may be partial by design. */
      isNew: (goalId: string) => boolean = () => false,
    ): Promise<{ verification: Verification; values: Map<string, FinalValue>; unverified: { first: string[]; changed: string[] } }> {
      const live = await loading;
      const valueOf = (goalId: string): FinalValue => {
        const value = live.get(goalId);
        return { values: value ? [...value.values] : [0n, 0n, 0n], skipped: value?.skipped ?? 0, updatedAt: value?.updatedAt };
      };
      if (compareLive(covered, computed, live).drifted.length === 0) {
        return {
          verification: { goalsVerified: covered.length, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 },
          values: new Map(covered.map((goalId) => [goalId, valueOf(goalId)])),
          unverified: { first: [], changed: [] },
        };
      }
      const nowIso = () => new Date(ports.clock.now()).toISOString();
      // Over the run's windows: a shadow outside them credits none of the goals the run covers.
      const shadowsByType = new Map(
        await Promise.all([...reads].map(async ([recordType, window]) => [recordType, await ports.live.shadows(tenant, recordType, window ?? undefined)] as const)),
      );
      const allShadows = [...shadowsByType.values()].flatMap((byId) => [...byId.values()]);
      const expected = expectedOf(allShadows.flatMap((s) => (s.record ? [s.record] : [])));
      const differing = compareLive(covered, expected, live).drifted;
      // A goal nothing has computed yet was made after some of its records reached the live path (with
      // none, or only those the consumer met after loading a model that already had it), its
      // recomputation still on its way: it gets its first values, compared next time.
      const fresh = (goalId: string) => !live.has(goalId) || isNew(goalId);
      const drifted = differing.filter((d) => !fresh(d.goalId));
      const first = differing.filter((d) => fresh(d.goalId)).map((d) => d.goalId);
      const repairs = differing.map(({ goalId, expected: want }) => ({ goalId, values: [...want.values] as [bigint, bigint, bigint], skipped: want.skipped }));
      if (repairs.length > 0 && !(await ports.live.repair(tenant, repairs, nowIso(), { held: { runId, nowMs: ports.clock.now() } }))) {
        throw new LiveLeaseLostError();
      }
      const repairedIds = new Set(repairs.map((r) => r.goalId));

      // What the live values are now, kept in step with each change the catch-up applies.
      const now = new Map<string, FinalValue>();
      for (const goalId of covered) {
        const e = expected.get(goalId);
        const updatedAt = repairedIds.has(goalId) ? nowIso() : live.get(goalId)?.updatedAt;
        now.set(goalId, { values: e ? ([...e.values] as [bigint, bigint, bigint]) : [0n, 0n, 0n], skipped: e?.skipped ?? 0, updatedAt });
      }
      const addToNow = (deltas: readonly GoalCredit[], at: string) => {
        for (const delta of deltas) {
          const value = now.get(delta.goalId);
          if (!value) continue;
          for (let k = 0; k < 3; k++) value.values[k] = (value.values[k] as bigint) + (delta.values[k] as bigint);
          value.skipped += delta.skipped;
          value.updatedAt = at;
        }
      };
      const images = await aheadOf(shadowsByType);
      for (const [recordType, byId] of shadowsByType) {
        // The shadows were read over the run's window: one the read of the records did not meet (a
        // deleted record's aside) was deleted or moved since.
        for (const [id, shadow] of byId) {
          if (seen.get(recordType)?.has(id) || shadow.record === null) continue;
          const current = await ports.records.image(tenant, recordType, id);
          // No item at all: deleted, and its tombstone is gone too.
          images.push({ recordType, id, rev: current?.rev ?? shadow.rev + 1, record: current?.record ?? null });
        }
      }
      if (images.length <= oneByOneUpTo) {
        // The usual case (changes still on their way): each record in its own exact step, as the consumer's.
        for (const image of images) addToNow(await applyAsRun(ports, tenant, runId, model, image), nowIso());
      } else {
        // Many (records written before the live path saw them): their deltas summed per goal and the
        // shadows moved in bulk, behind the lease.
        // Each image against its shadow, wherever it lies: a record may have moved into the window.
        const every = new Map<string, Map<string, Shadow>>();
        for (const [recordType, window] of reads) {
          every.set(recordType, window === null ? (shadowsByType.get(recordType) ?? new Map()) : await ports.live.shadows(tenant, recordType));
        }
        const shadowOf = (image: RecordImage) => every.get(image.recordType)?.get(image.id);
        const moved = images.filter((image) => !((shadowOf(image)?.rev ?? -1) >= image.rev));
        const deltas = sumCredits(moved.flatMap((image) => model.delta(shadowOf(image)?.record ?? null, image.record)));
        const at = nowIso();
        if (!(await ports.live.catchUp(tenant, deltas, moved, at, { held: { runId, nowMs: ports.clock.now() } }))) throw new LiveLeaseLostError();
        addToNow(deltas, at);
      }

      const driftedIds = new Set(drifted.map((d) => d.goalId));
      const changed = compareLive(covered, computed, now)
        .drifted.map((d) => d.goalId)
        .filter((id) => !driftedIds.has(id) && !first.includes(id));
      const stillUnverified = [...first, ...changed];
      return {
        verification: {
          goalsVerified: covered.length - drifted.length - stillUnverified.length,
          goalsDrifted: drifted.length,
          goalsRepaired: drifted.length,
          goalsUnverified: stillUnverified.length,
        },
        values: now,
        unverified: { first, changed },
      };
    },
  };
}
