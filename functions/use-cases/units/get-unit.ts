import type { Unit } from '../../../core/model/unit.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** A unit of the caller's tenant (every role may read units); NotFoundError when there is none. */
export async function getUnit(ports: Pick<AppPorts, 'units'>, principal: Principal, id: string): Promise<Unit> {
  const unit = await ports.units.get(principal.tenant, id);
  if (!unit) throw new NotFoundError(`Unit ${id} not found`);
  return unit;
}
