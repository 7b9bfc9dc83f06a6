// Who is signed in, what the page has read, and what the signed-in user may do. The API decides
// every write; these rules only keep controls away from people who may not use them
// (API.md: admin all; manager for owners inside the units they manage; member read-only).

export const state = {
  claims: null,
  /** id → user, id → unit, as GET /users and GET /units return them. */
  users: new Map(),
  units: new Map(),
  metrics: [],
  goals: [],
  settings: null,
  /** Each currency's dated rates, as GET /exchange-rates returns them (null: they could not be read). */
  exchangeRates: [],
};

const reloaders = new Set();
/** `fn` runs whenever something the page shows may have changed (after a write). */
export function onReload(fn) {
  reloaders.add(fn);
}
/** Reads again everything the page shows (after a write: the new goal, the moved target…). */
export async function reloadAll() {
  for (const fn of reloaders) await fn();
}

/** After a write: reloads what the page shows, then closes the dialog — the next control already sees what was stored. */
export const reloadThenClose = (close) => reloadAll().finally(close);

export const role = () => state.claims?.role ?? null;
export const isAdmin = () => role() === 'admin';

/** Today's local date (YYYY-MM-DD) in the tenant's time zone. */
export function today() {
  const zone = state.settings?.timezone ?? 'UTC';
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The units the signed-in manager manages, with every unit below them. */
function managedUnits() {
  const sub = state.claims?.sub;
  const managed = new Set([...state.units.values()].filter((u) => (u.managerIds ?? []).includes(sub)).map((u) => u.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of state.units.values()) {
      if (unit.parentId && managed.has(unit.parentId) && !managed.has(unit.id)) {
        managed.add(unit.id);
        grew = true;
      }
    }
  }
  return managed;
}

/** Whether the signed-in user may set goals for `owner` ({type, id}). */
export function mayManageOwner(owner) {
  if (isAdmin()) return true;
  if (role() !== 'manager' || !owner) return false;
  const managed = managedUnits();
  if (owner.type !== 'user') return managed.has(owner.id);
  const date = today();
  return (state.users.get(owner.id)?.memberships ?? []).some((m) => managed.has(m.unitId) && (!m.from || m.from <= date) && (!m.to || m.to >= date));
}

/** Whether the signed-in user may set goals at all (shows "New goal"). */
export const maySetGoals = () => isAdmin() || (role() === 'manager' && managedUnits().size > 0);

/** Whether the signed-in user may lock and unlock targets (admin, or a user with canLockTargets). */
export const mayLock = () => isAdmin() || state.users.get(state.claims?.sub)?.canLockTargets === true;

/** A goal owner's name: the user's or unit's, or the id when it is not readable. */
export const ownerName = (owner) => (owner.type === 'user' ? state.users.get(owner.id)?.name : state.units.get(owner.id)?.name) ?? owner.id;

/** The currency of a goal's metric (money metrics only): what its values are shown in. */
export function goalCurrency(goal) {
  const metric = state.metrics.find((m) => m.id === goal.metricId);
  return metric?.dataType === 'money' ? metric.currency : undefined;
}
