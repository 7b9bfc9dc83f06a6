/**
 * Orders goals leaves-first (every child before its parent) from their `parentId` links.
 * A `parentId` naming a goal that is not in the list makes a root. Cycles cannot be stored, but a
 * cycle in the input is cut rather than looped on: each goal appears exactly once.
 *
 * @returns `order` (indexes, children first) and `children` (each goal's direct children).
 */
export function leavesFirst(goals: readonly { id: string; parentId?: string | null }[]): { order: number[]; children: number[][] } {
  const indexById = new Map(goals.map((goal, i) => [goal.id, i]));
  const children: number[][] = goals.map(() => []);
  const roots: number[] = [];
  goals.forEach((goal, i) => {
    const parent = goal.parentId ? indexById.get(goal.parentId) : undefined;
    if (parent === undefined || parent === i) roots.push(i);
    else children[parent]?.push(i);
  });
  const state = new Uint8Array(goals.length); // 0 new, 1 on the stack, 2 done
  const order: number[] = [];
  const visit = (root: number): void => {
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [node, next] = top;
      const kids = children[node] as number[];
      if (next < kids.length) {
        top[1]++;
        const child = kids[next] as number;
        if (state[child] === 0) {
          state[child] = 1;
          stack.push([child, 0]);
        }
        continue;
      }
      stack.pop();
      state[node] = 2;
      order.push(node);
    }
  };
  for (const root of roots) visit(root);
  for (let i = 0; i < goals.length; i++) if (state[i] === 0) visit(i);
  return { order, children };
}

/** A goal as the forest sees it: its id and its parent's. */
type Linked = { id: string; parentId?: string | null };

/**
 * Where each goal sits, from `parentId` links, in one pass and without recursion (chains of any
 * depth): `roots` maps every goal whose parent chain ends to that chain's last goal (a goal without
 * a parent, or whose parent is not in the list, is its own root). A goal on a cycle of `parentId`
 * links (its own parent included), or below one, has no root: it is in `cyclic` instead. Cycles
 * cannot be stored through the API, but one that got into storage must not stop the others.
 */
export function goalForest(goals: readonly Linked[]): { roots: Map<string, string>; cyclic: Set<string> } {
  const byId = new Map(goals.map((goal) => [goal.id, goal]));
  const roots = new Map<string, string>();
  const cyclic = new Set<string>();
  for (const goal of goals) {
    if (roots.has(goal.id) || cyclic.has(goal.id)) continue;
    const walk: string[] = [];
    const onWalk = new Set<string>();
    let current: Linked | undefined = goal;
    let root: string | null = null;
    for (;;) {
      if (roots.has(current.id)) {
        root = roots.get(current.id) as string;
        break;
      }
      if (cyclic.has(current.id) || onWalk.has(current.id)) break;
      walk.push(current.id);
      onWalk.add(current.id);
      const parent: Linked | undefined = current.parentId ? byId.get(current.parentId) : undefined;
      if (parent === undefined) {
        root = current.id;
        break;
      }
      current = parent;
    }
    for (const id of walk) {
      if (root === null) cyclic.add(id);
      else roots.set(id, root);
    }
  }
  return { roots, cyclic };
}
