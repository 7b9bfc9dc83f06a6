import { prepareCredits, type CreditModel } from '../../../core/rollup/record-credits.ts';
import type { AppPorts } from '../ports.ts';
import type { CreditModels } from './ports.ts';

/** How long a tenant's prepared model serves before it is loaded again. */
export const creditModelMaxAgeMs = 1_000;

/**
 * The tenant's credit model — settings, org, metrics and goals prepared by core — loaded at most
 * once per {@link creditModelMaxAgeMs} per tenant (a batch of stream records shares one). Definition
 * changes reach the live values through a recomputation of the hierarchies concerned, not through
 * this cache (functions/use-cases/live/DESIGN.md).
 */
export function cachedCreditModels(ports: Pick<AppPorts, 'clock' | 'settings' | 'units' | 'users' | 'metrics' | 'goals'>): CreditModels {
  const cache = new Map<string, { loadedAt: number; model: Promise<CreditModel> }>();
  return (tenant) => {
    const now = ports.clock.now();
    const cached = cache.get(tenant);
    if (cached && now - cached.loadedAt < creditModelMaxAgeMs) return cached.model;
    const model = (async () => {
      const [settings, units, users, metrics, goals] = await Promise.all([
        ports.settings.get(tenant),
        ports.units.all(tenant),
        ports.users.all(tenant),
        ports.metrics.all(tenant),
        ports.goals.all(tenant),
      ]);
      return prepareCredits({ settings, units, users, metrics, goals, now });
    })();
    cache.set(tenant, { loadedAt: now, model });
    // A failed load is not kept: the next record loads again.
    model.catch(() => cache.get(tenant)?.model === model && cache.delete(tenant));
    return model;
  };
}
