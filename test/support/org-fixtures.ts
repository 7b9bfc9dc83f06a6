import type { TenantSettings } from '../../core/model/tenant-settings.ts';
import type { UserInput } from '../../functions/use-cases/users/put-user.ts';

/** A PUT /users body with every field, a closed and an open membership (units `team-a` and `team-b`). */
export const aliceInput = {
  name: 'Alice Rep',
  email: 'alice@example.com',
  role: 'member',
  active: true,
  zones: ['north', 'west'],
  memberships: [
    { unitId: 'team-a', from: '2025-01-01', to: '2025-12-31' },
    { unitId: 'team-b', from: '2026-01-01' },
  ],
  canLockTargets: true,
} as const satisfies UserInput;

/** Settings with every field away from its default. */
export const osloSettings: TenantSettings = {
  timezone: 'Europe/Oslo',
  fiscalYearStartMonth: 4,
  weekStartsOn: 7,
  defaultCurrency: 'NOK',
  paceTolerancePercent: 7.5,
  rollupSchedule: '30 3 * * *',
  stopRollupDaysAfterEnd: 45,
};
