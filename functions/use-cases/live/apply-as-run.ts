import { prepareCredits, type CreditModel, type GoalCredit } from '../../../core/rollup/record-credits.ts';
import type { AppPorts, Clock } from '../ports.ts';
import { changeTo } from './apply-record-change.ts';
import { LiveLeaseLostError, type LiveStore, type RecordImage } from './ports.ts';
import { rateTable } from '../../../core/values/exchange.ts';

export interface RunLivePorts {
  live: LiveStore;
  clock: Clock;
}

/**
 * Applies one record image as the run holding the lease (catch-up, the inbox's drain): the same
 * shadow-checked step as the consumer's, under the run's guard. Returns the deltas applied (none
 * for a revision at or below the shadow's).
 */
export async function applyAsRun(ports: RunLivePorts, tenant: string, runId: string, model: CreditModel, image: RecordImage): Promise<readonly GoalCredit[]> {
  for (;;) {
    const shadow = await ports.live.shadow(tenant, image.recordType, image.id);
    if (shadow !== undefined && shadow.rev >= image.rev) return [];
    const nowMs = ports.clock.now();
    const change = changeTo(image, shadow, model, nowMs);
    const result = await ports.live.apply(tenant, [change], { held: { runId, nowMs } });
    if (result === 'applied') return change.deltas;
    if (result === 'guard-failed') throw new LiveLeaseLostError();
    // 'shadow-moved' under the lease: only a collision (the run is the one writer); read again.
  }
}

/**
 * Applies every change waiting in the inbox (deferred deliveries: idempotent) and removes them.
 * Returns how many there were.
 */
export async function drainInbox(ports: RunLivePorts, tenant: string, runId: string, model: CreditModel): Promise<number> {
  const entries = await ports.live.inbox(tenant);
  for (const entry of entries) await applyAsRun(ports, tenant, runId, model, entry.image);
  await ports.live.removeFromInbox(tenant, entries);
  return entries.length;
}

/** How often a run drains the inbox again when changes keep arriving while it lets go. */
const maxReleaseAttempts = 5;

/**
 * Lets go of the lease the run holds, draining the inbox first (DESIGN.md, "The gate"): the
 * release holds only with an empty inbox, so a change diverted meanwhile makes it drain again.
 * The model is loaded only when something waits. False when the run could not let go (it lost the
 * lease, or changes kept arriving): the lease then expires and the next run drains what is left.
 */
export async function releaseDrained(
  ports: RunLivePorts & Pick<AppPorts, 'runs' | 'settings' | 'units' | 'users' | 'metrics' | 'goals' | 'exchangeRates'>,
  tenant: string,
  runId: string,
): Promise<boolean> {
  let model: CreditModel | undefined;
  for (let attempt = 0; attempt < maxReleaseAttempts; attempt++) {
    if (await ports.runs.releaseLease(tenant, runId)) return true;
    const gate = await ports.live.gate(tenant, ports.clock.now());
    if (gate.heldBy !== runId || gate.inboxCount === 0) return false;
    model ??= await loadCreditModel(ports, tenant);
    await drainInbox(ports, tenant, runId, model);
  }
  return false;
}

/** The tenant's credit model, loaded now (no cache: a run's). */
export async function loadCreditModel(ports: Pick<AppPorts, 'clock' | 'settings' | 'units' | 'users' | 'metrics' | 'goals' | 'exchangeRates'>, tenant: string): Promise<CreditModel> {
  const [settings, units, users, metrics, goals, rates] = await Promise.all([
    ports.settings.get(tenant),
    ports.units.all(tenant),
    ports.users.all(tenant),
    ports.metrics.all(tenant),
    ports.goals.all(tenant),
    ports.exchangeRates.all(tenant),
  ]);
  return prepareCredits({ settings, units, users, metrics, goals, now: ports.clock.now(), rates: rateTable(rates) });
}
