import { goalRepository } from '../../store/goal-repository.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Goal } from '../../../core/model/goal.ts';

export async function requireGoal(tenant: string, id: string): Promise<Goal> {
  const goal = await goalRepository.get(tenant, id);
  if (!goal) throw new NotFoundError(`Goal ${id} not found`);
  return goal;
}
