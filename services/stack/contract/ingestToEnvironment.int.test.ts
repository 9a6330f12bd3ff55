/**
 * The contract between the ingest tier and an environment, tested with both sides' real code:
 * for every message example of the contract, the envelope the ingest side builds (classify →
 * buildEnvelope, or the poller's probe) passes the environment's validators and its real
 * projector answers `processed`; an envelope of a type the environment does not know answers
 * `unsupported`; a second delivery answers `duplicate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_TYPES, eventCatalogue, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { projectors } from '../../env-api/projectors/index.ts';
import { signedBatch, startEnvApp, type EnvHarness } from '../../env-api/test/envAppHarness.ts';
import { buildEnvelope } from '../../ingest/accept/buildEnvelope.ts';
import type { Delivery, ValidDelivery } from '../../ingest/accept/delivery.ts';
import { classifyKick } from '../../ingest/classify/classifyKick.ts';
import { classifySumsub } from '../../ingest/classify/classifySumsub.ts';
import { probeDelivery } from '../../ingest/poller/domain/probeDelivery.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';

const db = useTestDatabase('env');
let env: EnvHarness;

beforeAll(async () => {
  env = await startEnvApp(db.current.url, { projectors });
});
afterAll(async () => {
  await env.close();
});

/** The delivery the ingest side makes of example `index` of `type`. */
function ingestDelivery(type: EventType, index: number): Delivery {
  const example = eventExamples[type][index];
  if (example === undefined) throw new Error(`no example ${String(index)} of ${type}`);
  const receivedAt = new Date();
  const rawBody = Buffer.from(JSON.stringify(example.payload));
  const headers: Record<string, string> = { ...example.headers };
  switch (eventCatalogue[type].provider) {
    case 'kick':
      // The examples carry their documented 2025 timestamps: the window is a receive-time rule.
      return classifyKick({ rawBody, headers, receivedAt }, { replayWindowSeconds: 172_800, checkReplayWindow: false });
    case 'sumsub':
      return classifySumsub({ rawBody, headers, receivedAt });
    case 'ingest': {
      const payload = example.payload as { broadcaster_user_id: number; probed_at: string; is_live: boolean; viewer_count: number; slug?: string; stream_title?: string };
      const probe = probeDelivery(
        { broadcaster_user_id: payload.broadcaster_user_id, slug: payload.slug ?? 'channel', stream_title: payload.stream_title ?? '', stream: { is_live: payload.is_live, viewer_count: payload.viewer_count } },
        new Date(payload.probed_at),
        receivedAt,
      );
      if (probe.kind !== 'valid') throw new Error(`the poller refused the ${type} example`);
      return probe.delivery;
    }
  }
}

const cases = EVENT_TYPES.flatMap((type) => eventExamples[type].map((example, index) => ({ type, index, name: example.name })));

describe('ingest → environment contract', () => {
  it.each(cases)('$type example $name: the ingest envelope is processed, then answered duplicate', async ({ type, index }) => {
    const delivery = ingestDelivery(type, index);
    expect(delivery.kind).toBe('valid');
    const envelope = buildEnvelope(delivery as ValidDelivery, { envelopeId: uuidv7(), rawEventId: uuidv7() });
    const first = await env.app.inject(signedBatch([envelope]));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
    const again = await env.app.inject(signedBatch([envelope]));
    expect(again.json()).toEqual({ results: [{ id: envelope.id, status: 'duplicate' }] });
  });

  it('answers an envelope of a type this environment does not know with unsupported', async () => {
    const known = ingestDelivery('kick.channel.followed.v1', 0) as ValidDelivery;
    const envelope = { ...buildEnvelope(known, { envelopeId: uuidv7(), rawEventId: uuidv7() }), type: 'kick.channel.unfollowed.v1', dataschema: 'urn:vf:schema:kick.channel.unfollowed.v1' };
    const answer = await env.app.inject(signedBatch([envelope]));
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ results: [{ id: envelope.id, status: 'unsupported', error: { code: 'ENVAPI_EVENT_TYPE_UNKNOWN' } }] });
  });

  it('covers every event type of the contract', () => {
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(EVENT_TYPES));
  });
});
