/**
 * `vf_envapi_projector_errors_total{type}` on the environment role's `/metrics`: one per event a
 * projector threw on (answered `failed`), none for events applied, parked or rejected.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createTestWritesTable, envelopeOf, signedBatch, startEnvApp, testProjectors, type EnvHarness } from '../test/envAppHarness.ts';
import { stub, throwing, writing } from '../test/testProjectorKit.ts';

const db = useTestDatabase('env');
const chat = 'kick.chat.message.sent.v1';
const follow = 'kick.channel.followed.v1';
const ban = 'kick.moderation.banned.v1';

beforeAll(async () => {
  await createTestWritesTable(db.current.url);
});

let harness: EnvHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('projector errors metric', () => {
  it('counts each failed event by type, on the role registry the /metrics route serves', async () => {
    harness = await startEnvApp(db.current.url, {
      projectors: testProjectors({ [chat]: throwing('chat exploded'), [follow]: writing('ok'), [ban]: stub('not yet') }),
    });
    const batch = [envelopeOf(chat), envelopeOf(chat), envelopeOf(follow), envelopeOf(ban), envelopeOf(follow, { data: { broadcaster: 'not an object' } })];
    const response = await harness.app.inject(signedBatch(batch));
    expect((response.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['failed', 'failed', 'processed', 'unsupported', 'rejected']);

    const text = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain(`vf_envapi_projector_errors_total{type="${chat}"} 2`);
    expect(text).not.toContain(`vf_envapi_projector_errors_total{type="${follow}"}`);
    expect(text).not.toContain(`vf_envapi_projector_errors_total{type="${ban}"}`);
  });
});
