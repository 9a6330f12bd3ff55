import { describe, expect, it } from 'vitest';
import { EnvReader } from './envReader.ts';
import { fanoutSecretVariable, readFanoutTargets } from './fanoutTargets.ts';

describe('fanoutSecretVariable', () => {
  it.each([
    ['stage', 'FANOUT_SECRET_STAGE'],
    ['production', 'FANOUT_SECRET_PRODUCTION'],
    ['stage-eu', 'FANOUT_SECRET_STAGE_EU'],
    ['qa.2', 'FANOUT_SECRET_QA_2'],
    ['Blue_Green', 'FANOUT_SECRET_BLUE_GREEN'],
  ])('names the secret variable of %s as %s', (name, variable) => {
    expect(fanoutSecretVariable(name)).toBe(variable);
  });
});

describe('readFanoutTargets', () => {
  it('parses name=url pairs with their rotating secrets', () => {
    const reader = new EnvReader({
      FANOUT_TARGETS: 'stage=http://127.0.0.1:8081/internal/events, stage-eu=https://eu.example/internal/events',
      FANOUT_SECRET_STAGE: 'whsec_a',
      FANOUT_SECRET_STAGE_EU: 'whsec_old,whsec_new',
    });
    expect(readFanoutTargets(reader)).toEqual([
      { name: 'stage', url: 'http://127.0.0.1:8081/internal/events', secretVariable: 'FANOUT_SECRET_STAGE', secrets: ['whsec_a'] },
      { name: 'stage-eu', url: 'https://eu.example/internal/events', secretVariable: 'FANOUT_SECRET_STAGE_EU', secrets: ['whsec_old', 'whsec_new'] },
    ]);
    expect(reader.problems).toEqual([]);
  });

  it('treats an unset list as dry-run mode', () => {
    const reader = new EnvReader({});
    expect(readFanoutTargets(reader)).toEqual([]);
    expect(reader.problems).toEqual([]);
  });

  it('reports a missing secret, a bad pair and names that share a secret variable', () => {
    const reader = new EnvReader({
      FANOUT_TARGETS: 'stage=http://a/internal/events,nourl,stage.eu=http://b/x,stage-eu=http://c/x',
      FANOUT_SECRET_STAGE: 'whsec_a',
    });
    readFanoutTargets(reader);
    expect(reader.problems).toEqual([
      { variable: 'FANOUT_TARGETS', message: expect.stringContaining('"nourl"') },
      { variable: 'FANOUT_SECRET_STAGE_EU', message: expect.stringContaining('required') },
      { variable: 'FANOUT_TARGETS', message: expect.stringContaining('share the secret variable FANOUT_SECRET_STAGE_EU') },
    ]);
  });
});
