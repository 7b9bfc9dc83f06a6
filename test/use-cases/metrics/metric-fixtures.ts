import { expect } from 'vitest';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import type { Role } from '../../../core/model/primitives.ts';
import { metricTemplateIds } from '../../../functions/use-cases/metrics/templates.ts';

export const tenant = 't-metrics';

export const as = (role: Role, inTenant = tenant): Principal => ({ tenant: inTenant, userId: `u-${role}`, role });

/** A full metric definition: won deal amounts in EUR. */
export const wonDeals = {
  name: 'Won deal amount',
  kind: 'amount' as const,
  dataType: 'money' as const,
  currency: 'EUR',
  recordType: 'deal',
  dateField: 'closedAt',
  valueField: 'amount',
  actual: { where: { all: [{ field: 'status', op: 'eq' as const, value: 'won' }, { field: 'amount', op: 'gt' as const, value: 0 }] } },
};

/** Every template of the registry. */
export const templateIds = metricTemplateIds;

/** The paths a RequestValidationError names, for `rejects.toMatchObject`. */
export const problemsAt = (...paths: string[]) => ({ name: 'RequestValidationError', details: paths.map((path) => expect.objectContaining({ path })) });
