/**
 * Pre-signed Kick webhooks for the ingest benchmark: a mix of the 10 event types from the
 * contract's examples, each with a fresh message id and body (so every request is new), signed
 * before the timed run so the load generator spends no CPU on RSA during it.
 */
import { createSign, randomUUID, type KeyObject } from 'node:crypto';
import { eventCatalogue, EVENT_TYPES } from '../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../generated/asyncapi/examples.ts';

/** One request: the headers and the body bytes. */
export interface SignedRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const kickTypes = EVENT_TYPES.filter((type) => eventCatalogue[type].provider === 'kick');

/** Channels the deliveries are spread over: real traffic comes from many channels, not one. */
const CHANNELS = 100;

/** The example payload with its broadcaster moved to channel `n` of {@link CHANNELS}. */
function onChannel(payload: object, n: number): object {
  const broadcaster = (payload as { broadcaster?: unknown }).broadcaster;
  if (typeof broadcaster !== 'object' || broadcaster === null) return payload;
  return { ...payload, broadcaster: { ...broadcaster, user_id: 900_000 + n, channel_slug: `bench-channel-${String(n)}` } };
}

/** `count` distinct signed deliveries, round-robin over the 10 Kick event types and 100 channels. */
export function signedKickRequests(count: number, privateKey: KeyObject): SignedRequest[] {
  const requests: SignedRequest[] = [];
  const timestamp = new Date().toISOString();
  for (let i = 0; i < count; i += 1) {
    const type = kickTypes[i % kickTypes.length];
    if (type === undefined) throw new Error('no Kick event types in the catalogue');
    const example = eventExamples[type][0];
    if (example === undefined) throw new Error(`no example for ${type}`);
    // A unique field keeps the body (and so its 24 h dedupe key) distinct per request.
    const body = Buffer.from(JSON.stringify({ ...onChannel(example.payload, i % CHANNELS), bench_seq: i }));
    const messageId = randomUUID();
    const signer = createSign('RSA-SHA256');
    signer.update(`${messageId}.${timestamp}.`);
    signer.update(body);
    const entry = eventCatalogue[type];
    requests.push({
      body,
      headers: {
        'content-type': 'application/json',
        'kick-event-message-id': messageId,
        'kick-event-subscription-id': '01JBENCHSUBSCRIPTION0000000',
        'kick-event-signature': signer.sign(privateKey, 'base64'),
        'kick-event-message-timestamp': timestamp,
        'kick-event-type': entry.providerName,
        'kick-event-version': entry.providerVersion ?? '1',
      },
    });
  }
  return requests;
}
