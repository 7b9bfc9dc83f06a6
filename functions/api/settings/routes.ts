import { admins, definitionReaders } from '../../use-cases/access/roles.ts';
import { withWriteRetry } from '../../http/if-match.ts';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { getSettings } from '../../use-cases/settings/get-settings.ts';
import { putSettings } from '../../use-cases/settings/put-settings.ts';
import { settingsResponseSchema, settingsUpdateSchema } from './settings-schema.ts';

export const settingsRoutes = [
  route({
    key: 'GET /settings',
    summary: "The tenant's settings (defaults until an admin stores some), with nextRuns: the next 3 times the rollup schedule fires",
    allow: definitionReaders,
    response: settingsResponseSchema,
    handle: async ({ principal, ports }) => {
      const settings = await getSettings(ports, principal);
      return ok(settings, { version: settings.version });
    },
  }),
  route({
    key: 'PUT /settings',
    summary: 'Store settings; fields left out keep their current value. version (send it as If-Match) and nextRuns are read-only: a body with either is refused (400)',
    allow: admins,
    body: settingsUpdateSchema,
    response: settingsResponseSchema,
    handle: async ({ principal, body, ifMatch, ports }) => {
      const stored = await withWriteRetry(ifMatch, () => putSettings(ports, principal, { changes: body, expectedVersion: ifMatch }));
      return ok(stored, { version: stored.version });
    },
  }),
];
