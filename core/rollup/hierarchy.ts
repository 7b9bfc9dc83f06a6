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
