import { roles, type Role } from '../../../core/model/primitives.ts';
import type { Principal } from '../principal.ts';
import { ForbiddenError } from '../../shared/errors.ts';

/** Who may call what, by role (API.md; the security issue's rules). */
export const everyone: readonly Role[] = roles;
/** Goals, results and rollup runs: every role but integration (a CRM connector reads definitions, not goals). */
export const readers: readonly Role[] = ['admin', 'manager', 'member'];
/** Definitions (settings, metrics and templates, units, users): every role, integration included. */
export const definitionReaders: readonly Role[] = everyone;
/** Units, users and records: written by admins and integrations. */
export const orgWriters: readonly Role[] = ['admin', 'integration'];
/** Raw CRM records are read only by those who write them. */
export const recordReaders: readonly Role[] = ['admin', 'integration'];
/** Goals: admins, and managers within their scope. */
export const goalWriters: readonly Role[] = ['admin', 'manager'];
export const admins: readonly Role[] = ['admin'];

/** 403 unless the caller's role is one of `roles` (call it after the resource was found: 404 first). */
export function assertRole(principal: Principal, roles: readonly Role[], action: string): void {
  if (!roles.includes(principal.role)) throw new ForbiddenError(`The ${principal.role} role may not ${action}`);
}
