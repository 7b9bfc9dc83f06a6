import type { Locator, Page } from 'playwright-core';

/**
 * What a sales-ops admin does on the page to set up a year for the demo organization, finding every
 * control by its accessible name (../shared/UI.md) as a screen reader would: a metric from a
 * template, an annual goal for the organization, cascaded equally to its departments and from one
 * department to its teams, and a team's year generated into quarters. Shared by the acceptance test
 * (test/web/quarter-setup.test.ts) and `npm run screenshots`, which photographs each step.
 */
export interface QuarterSetup {
  /** The new metric's name and the annual goal's (the children's names follow the API's). */
  readonly metricName: string;
  readonly goalName: string;
  readonly target: string;
  /** Anchor date inside the year (YYYY-MM-DD, the tenant's local date). */
  readonly anchor: string;
  readonly organization: string;
  /** The department whose goal is cascaded on to its teams, and the team whose year becomes quarters. */
  readonly department: string;
  readonly team: string;
}

export type Shoot = (name: string, what?: Locator) => Promise<void>;

const region = (page: Page, name: string): Locator => page.getByRole('region', { name });

/** The goal's own item in the tree (not its parent's, which contains it). */
export const goalItem = (page: Page, name: string): Locator =>
  region(page, 'Goals').locator('li.goal').filter({ has: page.locator(':scope > .goal-head .goal-name', { hasText: new RegExp(`^${escape(name)}`) }) }).first();

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits for the dialog to close after its submit button: the write succeeded and the page reloaded. */
async function submitDialog(dialog: Locator, button: string): Promise<void> {
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

export async function setUpQuarter(page: Page, setup: QuarterSetup, shoot: Shoot = async () => undefined): Promise<void> {
  // A metric from a template, with a preview of what it would count before it is saved.
  await region(page, 'Metrics').getByRole('button', { name: 'New metric' }).click();
  const metric = page.getByRole('dialog', { name: 'New metric' });
  await metric.getByLabel('Template', { exact: true }).selectOption('revenue');
  await metric.getByLabel('Name', { exact: true }).fill(setup.metricName);
  await metric.getByLabel('Currency', { exact: true }).fill('EUR');
  await metric.getByRole('button', { name: 'Preview' }).click();
  await metric.locator('.preview-result[aria-busy=false] .matching').waitFor();
  await shoot('setup-1-metric', metric);
  await submitDialog(metric, 'Create metric');

  // The annual goal of the organization.
  await region(page, 'Goals').getByRole('button', { name: 'New goal' }).click();
  const goal = page.getByRole('dialog', { name: 'New goal' });
  await goal.getByLabel('Name', { exact: true }).fill(setup.goalName);
  await goal.getByLabel('Metric').selectOption({ label: `${setup.metricName} (EUR)` });
  await goal.getByLabel('Owner type').selectOption('organization');
  await goal.getByLabel('Owner', { exact: true }).selectOption({ label: setup.organization });
  await goal.getByLabel('Period').selectOption('year');
  await goal.getByLabel('Anchor date').fill(setup.anchor);
  await goal.getByLabel('Target', { exact: true }).fill(setup.target);
  await shoot('setup-2-goal', goal);
  await submitDialog(goal, 'Create goal');

  // Cascaded equally to the departments (the dialog proposes the organization's child units).
  await cascade(page, setup.goalName, shoot, 'setup-3-cascade');
  // And from one department on to its teams.
  await cascade(page, `${setup.goalName} · ${setup.department}`, shoot);

  // The team's year becomes four quarters.
  await goalItem(page, `${setup.goalName} · ${setup.department} · ${setup.team}`).locator(':scope > .goal-actions').getByRole('button', { name: 'Generate periods' }).click();
  const periods = page.getByRole('dialog', { name: 'Generate periods' });
  await periods.getByLabel('Granularity').selectOption('quarter');
  await periods.getByLabel('Method').selectOption('equal');
  await periods.locator('.preview[aria-busy=false] tbody tr').nth(3).waitFor();
  await shoot('setup-4-periods', periods);
  await submitDialog(periods, 'Generate');
}

async function cascade(page: Page, goalName: string, shoot: Shoot, shot?: string): Promise<void> {
  await goalItem(page, goalName).locator(':scope > .goal-actions').getByRole('button', { name: 'Cascade' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cascade' });
  await dialog.getByLabel('Method').selectOption('equal');
  await dialog.locator('.preview[aria-busy=false] tfoot').waitFor();
  if (shot) await shoot(shot, dialog);
  await submitDialog(dialog, 'Cascade');
}
