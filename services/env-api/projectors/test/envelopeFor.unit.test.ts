import { describe, expect, it } from 'vitest';
import { isValidData, validateEnvelope } from '../../../../generated/asyncapi/catalogue.ts';
import { envelopeFor } from './envelopeFor.ts';
import { shuffled } from './rebuild.ts';

describe('envelopeFor', () => {
  it('wraps the first example the way ingest does: subject, dataschema, Kick timestamp as time', () => {
    const envelope = envelopeFor('kick.livestream.status.updated.v1');
    expect(envelope).toMatchObject({
      specversion: '1.0',
      source: 'urn:verifluence:ingest',
      type: 'kick.livestream.status.updated.v1',
      subject: 'kick/broadcaster/123456789',
      time: '2025-01-01T00:00:02.000Z',
      vfreceivedat: '2025-01-01T00:00:02.250Z',
      dataschema: 'urn:vf:schema:kick.livestream.status.updated.v1',
    });
    expect(envelope.data.is_live).toBe(true);
    expect(validateEnvelope(envelope)).toBe(true);
  });

  it('mints a UUIDv7 at the receive time, so ids sort like receive times', () => {
    const early = envelopeFor('kick.channel.followed.v1', { time: '2025-01-01T00:00:00Z' });
    const late = envelopeFor('kick.channel.followed.v1', { time: '2025-01-01T00:00:01Z' });
    expect(String(early.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(String(early.id) < String(late.id)).toBe(true);
  });

  it('picks an example by name and takes the probe time from probed_at, the poller as source', () => {
    const probe = envelopeFor('kick.viewer_probe.v1', { example: 'offline' });
    expect(probe).toMatchObject({ time: '2025-01-14T20:31:00.000Z', source: 'urn:verifluence:ingest:poller' });
    expect(probe.data.is_live).toBe(false);
  });

  it('reads Sumsub createdAtMs as UTC', () => {
    const reviewed = envelopeFor('sumsub.applicant_reviewed.v1', { data: { createdAtMs: '2024-05-06 09:20:31.902' } });
    expect(reviewed.time).toBe('2024-05-06T09:20:31.902Z');
  });

  it('merges a data patch deeply and removes keys set to undefined', () => {
    const envelope = envelopeFor('kick.livestream.status.updated.v1', {
      data: { broadcaster: { user_id: 42 }, is_live: false, started_at: undefined },
      time: '2025-02-01T10:00:00+01:00',
      id: '01946592-7c51-781a-8513-e991a5f80b16',
    });
    expect(envelope.data.broadcaster).toMatchObject({ user_id: 42, username: 'broadcaster_name' });
    expect(envelope.data).not.toHaveProperty('started_at');
    expect(envelope).toMatchObject({ subject: 'kick/broadcaster/42', time: '2025-02-01T09:00:00.000Z', id: '01946592-7c51-781a-8513-e991a5f80b16' });
    expect(isValidData('kick.livestream.status.updated.v1', envelope.data)).toBe(true);
  });

  it('never changes the contract example it starts from', () => {
    envelopeFor('kick.channel.followed.v1', { data: { follower: { username: 'changed' } } });
    expect(envelopeFor('kick.channel.followed.v1').data.follower.username).toBe('follower_name');
  });

  it('refuses a payload the contract rejects', () => {
    expect(() => envelopeFor('kick.livestream.status.updated.v1', { data: { is_live: 'yes' as unknown as boolean } })).toThrow(/fails its schema/);
    expect(() => envelopeFor('kick.chat.message.sent.v1', { data: { message_id: undefined } })).toThrow(/fails its schema/);
  });

  it('refuses an envelope the contract rejects and an unknown example', () => {
    expect(() => envelopeFor('kick.channel.followed.v1', { id: 'not-a-uuid' })).toThrow(/envelope fails the contract/);
    expect(() => envelopeFor('kick.channel.followed.v1', { example: 'nope' })).toThrow(/has no example nope/);
  });
});

describe('shuffled', () => {
  it('is a permutation that depends only on the seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffled(items, 7)).toEqual(shuffled(items, 7));
    expect(shuffled(items, 7)).not.toEqual(shuffled(items, 8));
    expect([...shuffled(items, 7)].sort((a, b) => a - b)).toEqual(items);
  });
});
