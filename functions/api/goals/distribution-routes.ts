import { route } from '../../http/route.ts';
export const cascadeRoute = route({ key: 'POST /goals/{id}/cascade', summary: 'TEMP', handle: async () => { throw new Error('TEMP'); } });
export const periodsRoute = route({ key: 'POST /goals/{id}/periods', summary: 'TEMP', handle: async () => { throw new Error('TEMP'); } });
