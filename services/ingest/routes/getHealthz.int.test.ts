import { afterEach, describe, expect, it } from 'vitest';
import { validateGetHealthzResponse200 } from '../../../generated/openapi/ingest.validators.cjs';
import { startPublicApp, type Harness } from '../app/test/publicAppHarness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.app.close();
  harness = undefined;
});

describe('GET /healthz', () => {
  it('answers 200 { status: ok } without touching the acceptor', async () => {
    harness = await startPublicApp();
    const response = await harness.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(validateGetHealthzResponse200(response.json())).toBe(true);
    expect(harness.acceptor.deliveries).toEqual([]);
  });
});
