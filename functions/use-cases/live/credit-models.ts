import { loadCreditModel } from './apply-as-run.ts';
import type { AppPorts } from '../ports.ts';
import type { CreditModels, LiveStore, LoadedModel } from './ports.ts';

/** How long a tenant's prepared model serves before it is loaded again. */
export const creditModelMaxAgeMs = 1_000;

/**
 * The tenant's credit model — settings, org, metrics and goals prepared by core — loaded at most
 * once per {@link creditModelMaxAgeMs} per tenant (a batch of stream records shares one), with the
 * gate's generation read *before* the definitions: the model is at least as new as that generation
 * (functions/use-cases/live/DESIGN.md, "The gate"). `fresh` loads again whatever the cache holds.
 */
export function cachedCreditModels(ports: Pick<AppPorts, 'clock' | 'settings' | 'units' | 'users' | 'metrics' | 'goals' | 'exchangeRates'> & { live: Pick<LiveStore, 'gate'> }): CreditModels {
  const cache = new Map<string, { loadedAt: number; model: Promise<LoadedModel> }>();
  return (tenant, options = {}) => {
    const now = ports.clock.now();
    const cached = cache.get(tenant);
    if (!options.fresh && cached && now - cached.loadedAt < creditModelMaxAgeMs) return cached.model;
    const model = (async () => {
      const { generation } = await ports.live.gate(tenant, now);
      return { model: await loadCreditModel(ports, tenant), generation };
    })();
    cache.set(tenant, { loadedAt: now, model });
    // A failed load is not kept: the next record loads again.
    model.catch(() => cache.get(tenant)?.model === model && cache.delete(tenant));
    return model;
  };
}
