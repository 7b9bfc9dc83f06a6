import { ulid } from 'ulid';
import { SKIPPED_LIST_LIMIT } from '../core/model/skipped-record.ts';
import { config } from './shared/config.ts';
import type { AppPorts, Clock, Ids } from './use-cases/ports.ts';

/** The machine's clock; the heartbeat's timer does not keep a finished process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, tick) {
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export const ulidIds: Ids = { next: (nowMs) => ulid(nowMs) };

/** A port this function was not given: using it is a wiring defect, said with the port's name. */
function notWired<T extends object>(unit: string, port: string): T {
  const fail = (): never => {
    throw new Error(`The ${unit} function has no ${port} port (functions/api/${unit}/handler.ts wires what its routes use)`);
  };
  return new Proxy(fail, { get: (_target, property) => (property === 'then' ? undefined : fail()), apply: fail }) as unknown as T;
}

/**
 * A read-only module standing for a whole store: the read methods it has, and an error naming the
 * method for any other (a read-only function is granted no writes, so it bundles no write code).
 */
export function readOnly<K extends keyof AppPorts>(port: K, reads: Partial<AppPorts[K]>): AppPorts[K] {
  return new Proxy(reads as object, {
    get(target, property) {
      if (property in target || property === 'then') return (target as Record<PropertyKey, unknown>)[property];
      throw new Error(`The ${port} port is read-only here: it has no ${String(property)}`);
    },
  }) as AppPorts[K];
}

/**
 * The composition root of one Lambda: the ports its routes use, wired by its handler module (so
 * its bundle — and the IAM rights derived from it — hold only those stores), with the clock, ids
 * and lease from the environment validated once (a bad variable fails the start with its name).
 * Every port not wired fails loudly when used.
 */
export function composePorts(unit: string, wired: Partial<AppPorts>): AppPorts {
  const env = config();
  const missing = <T extends object>(port: keyof AppPorts) => notWired<T>(unit, port);
  return {
    clock: systemClock,
    ids: ulidIds,
    goals: missing('goals'),
    metrics: missing('metrics'),
    units: missing('units'),
    users: missing('users'),
    settings: missing('settings'),
    exchangeRates: missing('exchangeRates'),
    records: missing('records'),
    recordPages: missing('recordPages'),
    runs: missing('runs'),
    live: missing('live'),
    results: missing('results'),
    skipped: missing('skipped'),
    dispatcher: missing('dispatcher'),
    scheduler: missing('scheduler'),
    leaseMs: env.ATTAIN_ROLLUP_LEASE_SECONDS * 1000,
    skippedListLimit: SKIPPED_LIST_LIMIT,
    scheduledTenants: new Set(),
    ...wired,
  };
}
