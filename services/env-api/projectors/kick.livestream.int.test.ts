/**
 * Given/When/Then for livestream status and metadata → kick_livestreams: each group of fields
 * (status, metadata, title) follows the newest event that carried it, whatever the arrival order.
 */
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { envelopeFor, projectionSpec } from './test/projectionSpec.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
beforeAll(async () => {
  pool = await createEnvPool(db.current.url, { maximumPoolSize: 2 });
});
afterAll(async () => {
  await pool.end();
});
const spec = projectionSpec(() => pool);

const livestream = sql.unsafe`
  SELECT broadcaster_user_id, is_live, title, language, has_mature_content, category_id, category_name, started_at, ended_at, event_time
  FROM kick_livestreams`;

/** Kick's documented stream: started 00:00:02 (started_at 00:00 UTC), ended 04:00:03 (ended_at 04:00 UTC). */
const started = envelopeFor('kick.livestream.status.updated.v1', { example: 'started' });
const ended = envelopeFor('kick.livestream.status.updated.v1', { example: 'ended', data: { title: 'Final title' } });
/** Metadata at 00:05, between the two. */
const metadata = envelopeFor('kick.livestream.metadata.updated.v1');

const endedRow = {
  broadcaster_user_id: 123456789,
  is_live: false,
  title: 'Final title',
  language: null,
  has_mature_content: null,
  category_id: null,
  category_name: null,
  started_at: '2025-01-01T00:00:00+00:00',
  ended_at: '2025-01-01T04:00:00+00:00',
  event_time: '2025-01-01T04:00:03+00:00',
};

describe('kick.livestream.status.updated.v1', () => {
  it('given nothing, when the stream starts, then live with its start and title', () =>
    spec.given().when(started).then(async ({ rows }) => {
      expect(await rows(livestream)).toEqual([{ ...endedRow, is_live: true, title: 'Stream Title', ended_at: null, event_time: '2025-01-01T00:00:02+00:00' }]);
    }));

  it('given the start, when the stream ends, then not live with both times', () =>
    spec.given(started).when(ended).then(async ({ rows }) => {
      expect(await rows(livestream)).toEqual([endedRow]);
    }));

  it('given the end, when the start arrives late, then still not live with both times', () =>
    spec.given(ended).when(started).then(async ({ rows, results }) => {
      expect(results).toEqual(['processed']);
      expect(await rows(livestream)).toEqual([endedRow]);
    }));

  it('given an ended stream, when the next stream starts, then live again with the new start and no end', () =>
    spec
      .given(started, ended)
      .when(envelopeFor('kick.livestream.status.updated.v1', { time: '2025-01-02T00:00:02Z', data: { started_at: '2025-01-02T00:00:00Z' } }))
      .then(async ({ rows }) => {
        expect(await rows(livestream)).toMatchObject([{ is_live: true, started_at: '2025-01-02T00:00:00+00:00', ended_at: null }]);
      }));
});

describe('kick.livestream.metadata.updated.v1', () => {
  it('given nothing, when metadata arrives, then the metadata and title, not live (no status seen yet)', () =>
    spec.given().when(metadata).then(async ({ rows }) => {
      expect(await rows(livestream)).toEqual([
        {
          broadcaster_user_id: 123456789,
          is_live: false,
          title: 'Stream Title',
          language: 'en',
          has_mature_content: true,
          category_id: 123,
          category_name: 'Category name',
          started_at: null,
          ended_at: null,
          event_time: '2025-01-01T00:05:00+00:00',
        },
      ]);
    }));

  it('given a live stream, when newer metadata arrives, then the new title and category, still live', () =>
    spec
      .given(started)
      .when(envelopeFor('kick.livestream.metadata.updated.v1', { data: { metadata: { title: 'New title', category: { id: 7, name: 'Chess' } } } }))
      .then(async ({ rows }) => {
        expect(await rows(livestream)).toMatchObject([{ is_live: true, title: 'New title', category_id: 7, category_name: 'Chess', started_at: '2025-01-01T00:00:00+00:00' }]);
      }));

  it('given the stream ended, when metadata older than that status arrives, then is_live and the newer title do not change', () =>
    spec.given(started, ended).when(metadata).then(async ({ rows }) => {
      expect(await rows(livestream)).toEqual([{ ...endedRow, language: 'en', has_mature_content: true, category_id: 123, category_name: 'Category name' }]);
    }));

  it('given metadata, when a status event older than it arrives, then the status applies but the metadata title stays', () =>
    spec
      .given(envelopeFor('kick.livestream.metadata.updated.v1', { data: { metadata: { title: 'Metadata title' } } }))
      .when(started)
      .then(async ({ rows }) => {
        expect(await rows(livestream)).toMatchObject([{ is_live: true, title: 'Metadata title', event_time: '2025-01-01T00:05:00+00:00' }]);
      }));

  it('given newer metadata, when older metadata arrives, then nothing changes', () =>
    spec
      .given(envelopeFor('kick.livestream.metadata.updated.v1', { time: '2025-01-01T01:00:00Z', data: { metadata: { language: 'de' } } }))
      .when(metadata)
      .then(async ({ rows }) => {
        expect(await rows(livestream)).toMatchObject([{ language: 'de', event_time: '2025-01-01T01:00:00+00:00' }]);
      }));
});

describe('ties in time', () => {
  const at = '2025-01-01T00:00:02Z';
  const live = (receivedAt: string, id?: string) => envelopeFor('kick.livestream.status.updated.v1', { time: at, receivedAt, ...(id === undefined ? {} : { id }) });
  const off = (receivedAt: string, id?: string) =>
    envelopeFor('kick.livestream.status.updated.v1', { example: 'ended', time: at, receivedAt, ...(id === undefined ? {} : { id }) });

  it('given the later-received end, when the earlier-received start arrives, then the receive time decides: not live', () =>
    spec.given(off('2025-01-01T00:00:05Z')).when(live('2025-01-01T00:00:03Z')).then(async ({ rows }) => {
      expect(await rows(livestream)).toMatchObject([{ is_live: false }]);
    }));

  it('given equal times and receive times, when the lower id arrives last, then the higher id decides', () =>
    spec
      .given(live('2025-01-01T00:00:03Z', '01946592-7c51-7fff-8513-e991a5f80b16'))
      .when(off('2025-01-01T00:00:03Z', '01946592-7c51-7000-8513-e991a5f80b16'))
      .then(async ({ rows }) => {
        expect(await rows(livestream)).toMatchObject([{ is_live: true }]);
      }));
});
