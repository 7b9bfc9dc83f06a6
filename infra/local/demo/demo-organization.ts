/** Who is who in the demo tenant: the "Organization → departments → teams → reps" example. */

export const demoTenantId = 'demo';
export const demoAdminId = 'u-admin';
export const demoTimeZone = 'Europe/Oslo';

export const demoSettings = {
  timezone: demoTimeZone,
  defaultCurrency: 'EUR',
  fiscalYearStartMonth: 1,
  weekStartsOn: 1,
} as const;

export interface DemoUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: 'organization' | 'department' | 'team';
  readonly parentId?: string;
  readonly managerIds?: readonly string[];
}

export const demoUnits: readonly DemoUnit[] = [
  { id: 'org', name: 'Attain Demo Co', kind: 'organization' },
  { id: 'dept-sales', name: 'Sales', kind: 'department', parentId: 'org', managerIds: ['u-maria'] },
  { id: 'dept-partners', name: 'Partner Sales', kind: 'department', parentId: 'org', managerIds: ['u-petter'] },
  { id: 'team-enterprise', name: 'Enterprise', kind: 'team', parentId: 'dept-sales' },
  { id: 'team-smb', name: 'SMB', kind: 'team', parentId: 'dept-sales' },
  { id: 'team-channel', name: 'Channel', kind: 'team', parentId: 'dept-partners' },
];

export interface DemoUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: 'admin' | 'manager' | 'member';
  readonly zones?: readonly string[];
  readonly memberships: readonly { unitId: string }[];
  readonly canLockTargets?: boolean;
}

const user = (id: string, name: string, role: DemoUser['role'], unitId: string, zones?: string[]): DemoUser => ({
  id,
  name,
  email: `${id.slice(2)}@demo.attain.example`,
  role,
  memberships: [{ unitId }],
  ...(zones ? { zones } : {}),
});

export const demoUsers: readonly DemoUser[] = [
  { ...user('u-admin', 'Ada Admin', 'admin', 'org'), canLockTargets: true },
  user('u-maria', 'Maria Lund', 'manager', 'dept-sales'),
  user('u-petter', 'Petter Holm', 'manager', 'dept-partners'),
  user('u-anna', 'Anna Berg', 'member', 'team-enterprise', ['north', 'west']),
  user('u-bjorn', 'Bjorn Dahl', 'member', 'team-enterprise', ['south']),
  user('u-carla', 'Carla Nilsen', 'member', 'team-smb', ['east']),
  user('u-dev', 'Dev Patel', 'member', 'team-smb', ['west']),
  user('u-emma', 'Emma Strand', 'member', 'team-channel', ['north', 'east']),
  user('u-felix', 'Felix Moe', 'member', 'team-channel', ['south', 'west']),
];

/** The reps (role member) by team, in a fixed order. */
export const demoRepsByTeam: Readonly<Record<string, readonly string[]>> = {
  'team-enterprise': ['u-anna', 'u-bjorn'],
  'team-smb': ['u-carla', 'u-dev'],
  'team-channel': ['u-emma', 'u-felix'],
};

/** The metric templates the demo instantiates, each under a fixed id `m-<template>`. */
export const demoMetricTemplates = [
  'revenue',
  'deal-count',
  'pipeline-value',
  'deals-started',
  'leads-generated',
  'leads-qualified',
  'calls-made',
  'meetings-held',
  'tasks-completed',
] as const;
export const moneyTemplates: ReadonlySet<string> = new Set(['revenue', 'pipeline-value']);
export const metricId = (template: (typeof demoMetricTemplates)[number]): string => `m-${template}`;
