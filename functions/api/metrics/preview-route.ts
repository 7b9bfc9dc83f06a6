import { route } from '../../http/route.ts';
export const previewRoute = route({ key: 'POST /metrics/{id}/preview', summary: 'TEMP', handle: async () => { throw new Error('TEMP'); } });
