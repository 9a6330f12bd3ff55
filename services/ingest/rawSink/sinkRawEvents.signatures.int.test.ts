import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { openMigratedClickhouse, type TestClickhouse } from '../../shared/clickhouse/test/clickhouseTestKit.ts';
import { createDmPool, type DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { verifyKickSignature } from '../verify/kickSignature.ts';
import { verifySumsubDigest } from '../verify/sumsubDigest.ts';
import { sinkRawEvents } from './sinkRawEvents.ts';
import { seedInbox, urlAsRole } from './test/seedInbox.ts';

const db = useTestDatabase('dm');
let clickhouse: TestClickhouse;
let pool: DmPool;

beforeAll(async () => {
  clickhouse = await openMigratedClickhouse();
  pool = await createDmPool(urlAsRole(db.current.url, 'vf_ingest'));
});

afterAll(async () => {
  await pool.end();
  await clickhouse.close();
});

/** Body and headers as the raw sink stored them. */
async function stored(rawId: string): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const result = await clickhouse.client.query({
    query: 'SELECT body, headers FROM vf.raw_events FINAL WHERE raw_id = {id:String}',
    query_params: { id: rawId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ body: string; headers: string }>();
  if (row === undefined) throw new Error(`raw event ${rawId} is not in ClickHouse`);
  return { body: Buffer.from(row.body, 'utf8'), headers: JSON.parse(row.headers) as Record<string, string> };
}

function header(headers: Record<string, string>, name: string): string {
  const value = headers[name];
  if (value === undefined) throw new Error(`header ${name} was not stored`);
  return value;
}

describe('a raw event stored by the sink', () => {
  it('verifies again against its original Kick signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const example = eventExamples['kick.channel.followed.v1'][0];
    if (example === undefined) throw new Error('the contract has no channel.followed example');
    // Unusual spacing, key order and non-ASCII: only the exact bytes verify.
    const body = Buffer.from(`{"follower" : ${JSON.stringify({ ...example.payload.follower, username: 'ñandú_ß' })},\n "broadcaster":${JSON.stringify(example.payload.broadcaster)} }`, 'utf8');
    const messageId = '01JHJS8DY0JMATT6BD9WWCJ999';
    const timestamp = '2026-03-04T05:06:07.089Z';
    const signature = sign('sha256', Buffer.concat([Buffer.from(`${messageId}.${timestamp}.`), body]), privateKey).toString('base64');
    const [seeded] = await seedInbox(db.current.url, [
      {
        source: 'kick',
        body,
        headers: { ...example.headers, 'kick-event-message-id': messageId, 'kick-event-message-timestamp': timestamp, 'kick-event-signature': signature },
        providerMessageId: messageId,
        eventType: 'channel.followed',
        eventVersion: '1',
        accepted: { type: 'kick.channel.followed.v1', subject: 'kick/broadcaster/123456789', time: new Date(timestamp) },
      },
    ]);

    await sinkRawEvents(pool, clickhouse.client);

    const row = await stored(seeded?.rawEventId ?? '');
    const input = {
      messageId: header(row.headers, 'kick-event-message-id'),
      timestamp: header(row.headers, 'kick-event-message-timestamp'),
      rawBody: row.body,
      signature: header(row.headers, 'kick-event-signature'),
    };
    expect(verifyKickSignature(input, publicKey)).toBe(true);
    expect(verifyKickSignature({ ...input, rawBody: Buffer.from(JSON.stringify(JSON.parse(row.body.toString('utf8')))) }, publicKey)).toBe(false);
  });

  it('verifies again against its original Sumsub digest', async () => {
    const secret = 'sumsub-test-secret';
    const example = eventExamples['sumsub.applicant_reviewed.v1'][0];
    if (example === undefined) throw new Error('the contract has no applicantReviewed example');
    const body = Buffer.from(JSON.stringify({ ...example.payload, externalUserId: 'Zoë-Łukasz' }, null, 3), 'utf8');
    const [seeded] = await seedInbox(db.current.url, [
      {
        source: 'sumsub',
        body,
        headers: { 'x-payload-digest': createHmac('sha256', secret).update(body).digest('hex'), 'x-payload-digest-alg': 'HMAC_SHA256_HEX', 'content-type': 'application/json' },
        eventType: 'applicantReviewed',
        accepted: { type: 'sumsub.applicant_reviewed.v1', subject: `sumsub/applicant/${example.payload.applicantId}`, time: new Date('2020-02-21T13:23:19.321Z') },
      },
    ]);

    await sinkRawEvents(pool, clickhouse.client);

    const row = await stored(seeded?.rawEventId ?? '');
    const digest = header(row.headers, 'x-payload-digest');
    const alg = header(row.headers, 'x-payload-digest-alg');
    expect(verifySumsubDigest(row.body, digest, alg, [secret])).toEqual({ kind: 'valid' });
    expect(verifySumsubDigest(Buffer.concat([row.body, Buffer.from(' ')]), digest, alg, [secret])).toEqual({ kind: 'invalid' });
  });
});
