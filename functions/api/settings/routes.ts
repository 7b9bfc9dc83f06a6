import { assertIfMatch, withWriteRetry } from '../../http/if-match.ts';
import { admins, definitionReaders } from '../../auth/roles.ts';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import { settingsResponseSchema, settingsUpdateSchema } from './settings-schema.ts';

export const settingsRoutes = [
  route({
    key: 'GET /settings',
    summary: "The tenant's settings (defaults until an admin stores some)",
    allow: definitionReaders,
    response: settingsResponseSchema,
    handle: async ({ principal }) => {
      const settings = await settingsRepository.get(principal.tenant);
      return ok(settings, { version: settings.version });
    },
  }),
  route({
    key: 'PUT /settings',
    summary: 'Store settings; fields left out keep their current value',
    allow: admins,
    body: settingsUpdateSchema,
    response: settingsResponseSchema,
    handle: async ({ principal, body, ifMatch, ports }) =>
      withWriteRetry(ifMatch, async () => {
        const current = await settingsRepository.get(principal.tenant);
        assertIfMatch(ifMatch, current.version, 'The settings');
        const { version, ...values } = current;
        const stored = await settingsRepository.put(principal.tenant, { ...values, ...body }, version);
        if (version === 0 || stored.rollupSchedule !== values.rollupSchedule || stored.timezone !== values.timezone) {
          await ports.scheduler(principal.tenant, stored);
        }
        return ok(stored, { version: stored.version });
      }),
  }),
];
