import { afterEach, describe, expect, it } from 'vitest';
import {
  validateRetiredKickWebhookPathResponse410,
  validateRetiredKycHookPathResponse410,
  validateRetiredSumsubWebhookPathResponse410,
} from '../../../generated/openapi/ingest.validators.cjs';
import { startPublicApp, type Harness } from '../app/test/publicAppHarness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.app.close();
  harness = undefined;
});

const retired = [
  { path: '/wh/kick', current: '/webhooks/kick', validate: validateRetiredKickWebhookPathResponse410 },
  { path: '/wh/sumsub', current: '/webhooks/sumsub', validate: validateRetiredSumsubWebhookPathResponse410 },
  { path: '/api/kyc/hook', current: '/webhooks/sumsub', validate: validateRetiredKycHookPathResponse410 },
] as const;

const cases = retired.flatMap((entry) => (['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => ({ ...entry, method })));

describe('retired webhook paths', () => {
  it.each(cases)('$method $path answers 410 INGEST_RETIRED_PATH naming $current', async ({ path, current, validate, method }) => {
    harness = await startPublicApp();
    const response = await harness.app.inject({ method, url: path, ...(method === 'GET' ? {} : { payload: '{"type":"applicantReviewed"}', headers: { 'content-type': 'application/json' } }) });
    expect(response.statusCode).toBe(410);
    expect(response.json()).toEqual({ code: 'INGEST_RETIRED_PATH', message: `${path} is retired; use ${current}` });
    expect(validate(response.json())).toBe(true);
    expect(harness.acceptor.deliveries).toEqual([]);
  });
});
