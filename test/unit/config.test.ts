import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../functions/shared/config.ts';

describe('configuration, validated once at start-up', () => {
  it('takes the defaults when nothing is set', () => {
    expect(parseConfig({})).toMatchObject({ ATTAIN_TABLE: 'attain', ATTAIN_ROLLUP_LEASE_SECONDS: 120 });
  });

  it.each([
    [{ ATTAIN_ROLLUP_LEASE_SECONDS: 'soon' }, 'ATTAIN_ROLLUP_LEASE_SECONDS'],
    [{ ATTAIN_ROLLUP_LEASE_SECONDS: '0' }, 'ATTAIN_ROLLUP_LEASE_SECONDS'],
    [{ ATTAIN_ROLLUP_LEASE_SECONDS: '1.5' }, 'ATTAIN_ROLLUP_LEASE_SECONDS'],
    [{ ATTAIN_TABLE: 'a' }, 'ATTAIN_TABLE'],
    [{ ATTAIN_DYNAMODB_ENDPOINT: 'localhost 8000' }, 'ATTAIN_DYNAMODB_ENDPOINT'],
    [{ ATTAIN_SCHEDULE_GROUP: 'attain' }, 'ATTAIN_WORKER_ARN'],
    [{ ATTAIN_SCHEDULE_GROUP: 'attain', ATTAIN_WORKER_ARN: 'arn:aws:lambda:eu-north-1:1:function:w' }, 'ATTAIN_SCHEDULER_ROLE_ARN'],
    [{ ATTAIN_SCHEDULE_GROUP: 'g', ATTAIN_WORKER_ARN: 'worker', ATTAIN_SCHEDULER_ROLE_ARN: 'arn:aws:iam::1:role/r' }, 'ATTAIN_WORKER_ARN'],
  ])('refuses %j, naming %s', (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(name);
  });

  it('accepts the three schedule variables together, and a lease in whole seconds', () => {
    const env = {
      ATTAIN_SCHEDULE_GROUP: 'attain',
      ATTAIN_WORKER_ARN: 'arn:aws:lambda:eu-north-1:1:function:w',
      ATTAIN_SCHEDULER_ROLE_ARN: 'arn:aws:iam::1:role/r',
      ATTAIN_ROLLUP_LEASE_SECONDS: '30',
    };
    expect(parseConfig(env)).toMatchObject({ ATTAIN_SCHEDULE_GROUP: 'attain', ATTAIN_ROLLUP_LEASE_SECONDS: 30 });
  });
});

describe("npm start's configuration", () => {
  it('reads an empty variable as unset, and refuses a bad one naming it', async () => {
    const { loadLocalConfig } = await import('../../infra/local/local-config.ts');
    expect(loadLocalConfig({ PORT: '', ATTAIN_NO_DEMO: '1' })).toMatchObject({ PORT: 3000, ATTAIN_NO_DEMO: true });
    expect(() => loadLocalConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadLocalConfig({ PORT: 'eighty' })).toThrow(/for npm start:\n {2}PORT: /);
  });
});
