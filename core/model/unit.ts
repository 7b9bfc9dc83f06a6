/** The kinds of organization unit (API.md, organization). */
export type UnitKind = 'organization' | 'department' | 'team';

/** A node of the tenant's unit tree. */
export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId?: string | null;
  managerIds?: string[];
}
