import { describe, expect, it } from 'vitest';
import { MembershipIndex, unitWithAncestors } from '../../core/attribution/membership-index.ts';
import { LocalDayCache } from '../../core/periods/period-instants.ts';
import { units, user } from './support/tenant-fixtures.ts';

const days = new LocalDayCache('Europe/Oslo');
const at = (iso: string): number => Date.parse(iso);

describe('MembershipIndex', () => {
  it('counts membership of a unit as membership of every unit above it', () => {
    const index = new MembershipIndex([user('ann', [{ unitId: 'north' }])], units, days);
    expect(index.segmentAt('ann', at('2026-02-01T12:00:00Z'))?.unitIds).toEqual(['north', 'sales', 'org']);
  });

  it('applies effective dates as inclusive local dates', () => {
    const mover = user('dan', [{ unitId: 'north', to: '2026-02-14' }, { unitId: 'south', from: '2026-02-15' }]);
    const index = new MembershipIndex([mover], units, days);
    // 2026-02-14 23:30 Oslo is still the 14th; 23:30Z is already the 15th in Oslo.
    expect(index.segmentAt('dan', at('2026-02-14T22:30:00Z'))?.unitIds).toEqual(['north', 'sales', 'org']);
    expect(index.segmentAt('dan', at('2026-02-14T23:30:00Z'))?.unitIds).toEqual(['south', 'sales', 'org']);
  });

  it('lists a shared ancestor once for overlapping memberships', () => {
    const both = user('eve', [{ unitId: 'north' }, { unitId: 'south', from: '2026-03-01', to: '2026-03-31' }]);
    const index = new MembershipIndex([both], units, days);
    expect(index.segmentAt('eve', at('2026-03-10T12:00:00Z'))?.unitIds).toEqual(['north', 'sales', 'org', 'south']);
    expect(index.segmentAt('eve', at('2026-04-10T12:00:00Z'))?.unitIds).toEqual(['north', 'sales', 'org']);
  });

  it('knows no units for unknown users or outside memberships', () => {
    const index = new MembershipIndex([user('fay', [{ unitId: 'north', from: '2026-06-01' }])], units, days);
    expect(index.segmentAt('fay', at('2026-05-31T12:00:00Z'))).toBeUndefined();
    expect(index.segmentAt('nobody', at('2026-05-31T12:00:00Z'))).toBeUndefined();
  });
});

describe('unitWithAncestors', () => {
  it('stops at a loop instead of running forever', () => {
    const looped = [
      { id: 'a', name: 'a', kind: 'team' as const, parentId: 'b' },
      { id: 'b', name: 'b', kind: 'department' as const, parentId: 'a' },
    ];
    expect(unitWithAncestors('a', new Map(looped.map((u) => [u.id, u])))).toEqual(['a', 'b']);
  });
});
