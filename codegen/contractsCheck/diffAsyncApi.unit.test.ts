import { describe, expect, it } from 'vitest';
import { diffAsyncApi } from './diffAsyncApi.ts';
import { at, loadFixture, type Doc } from './loadFixture.ts';

const SRC = 'contracts/asyncapi.yaml';
const MSG = `${SRC}#/components/messages/chatMessageV1`;
const payload = (doc: Doc): Doc => at(doc, 'components', 'messages', 'chatMessageV1', 'payload');
const props = (doc: Doc): Doc => at(payload(doc), 'properties');
const messages = (doc: Doc): Doc => at(doc, 'components', 'messages');
const ENVELOPE = `${SRC}#/components/messages/cloudEventEnvelope/payload/properties`;
const envelopeProp = (doc: Doc, name: string): Doc => at(messages(doc), 'cloudEventEnvelope', 'payload', 'properties', name);

function diffAfter(edit: (doc: Doc) => void): [string, string][] {
  const after = loadFixture('asyncapi.base.yaml');
  edit(after);
  return diffAsyncApi(loadFixture('asyncapi.base.yaml'), after, SRC).map((c) => [c.kind, c.location]);
}

const catches: { name: string; edit: (doc: Doc) => void; want: [string, string][] }[] = [
  { name: 'a removed payload field', edit: (d) => delete props(d)['content'], want: [['field-removed', `${MSG}/payload/properties/content`]] },
  { name: 'a removed header', edit: (d) => delete at(messages(d), 'chatMessageV1', 'headers', 'properties')['acme-retry'], want: [['field-removed', `${MSG}/headers/properties/acme-retry`]] },
  { name: 'a narrowed type', edit: (d) => { props(d)['message_id'] = { type: 'integer' }; }, want: [['type-narrowed', `${MSG}/payload/properties/message_id`]] },
  { name: 'a newly required field', edit: (d) => { payload(d)['required'] = ['message_id', 'sender', 'content']; }, want: [['field-required', `${MSG}/payload/properties/content`]] },
  { name: 'a removed enum value', edit: (d) => { envelopeProp(d, 'origin')['enum'] = ['webhook']; }, want: [['enum-value-removed', `${ENVELOPE}/origin`]] },
  { name: 'a value added to a closed enum of ours', edit: (d) => { envelopeProp(d, 'specversion')['enum'] = ['1.0', '2.0']; }, want: [['enum-value-added', `${ENVELOPE}/specversion`]] },
  { name: 'a removed message', edit: (d) => delete messages(d)['chatMessageV1'], want: [['message-removed', MSG]] },
  { name: 'a changed x-event-type', edit: (d) => { at(messages(d), 'chatMessageV1')['x-event-type'] = 'acme.chat.message.sent.v2'; }, want: [['event-type-changed', `${MSG}/x-event-type`]] },
  {
    // The shared component is used twice in the message: each use is named.
    name: 'a change inside a shared component',
    edit: (d) => { at(d, 'components', 'schemas', 'user', 'properties')['channel_slug'] = { type: 'string' }; },
    want: [
      ['type-narrowed', `${MSG}/payload/properties/sender/properties/channel_slug`],
      ['type-narrowed', `${MSG}/payload/properties/replies_to/anyOf/0/properties/channel_slug`],
    ],
  },
];

const allows: { name: string; edit: (doc: Doc) => void }[] = [
  { name: 'a new optional field', edit: (d) => { props(d)['edited_at'] = { type: ['string', 'null'], format: 'date-time' }; } },
  { name: 'a new message', edit: (d) => { messages(d)['followV1'] = { 'x-event-type': 'acme.follow.v1', payload: { type: 'object' } }; } },
  {
    name: 'a new versioned type beside the old one',
    edit: (d) => { messages(d)['chatMessageV2'] = { ...at(messages(d), 'chatMessageV1'), 'x-event-type': 'acme.chat.message.sent.v2', payload: { type: 'object', required: ['id'] } }; },
  },
  { name: 'a new x-known-values entry', edit: (d) => { at(props(d), 'badge')['x-known-values'] = ['moderator', 'vip', 'og']; } },
  { name: 'a description change', edit: (d) => { at(props(d), 'content')['description'] = 'The message text.'; } },
];

describe('diffAsyncApi', () => {
  it.each(catches)('catches $name', ({ edit, want }) => {
    expect(diffAfter(edit)).toEqual(want);
  });
  it.each(allows)('allows $name', ({ edit }) => {
    expect(diffAfter(edit)).toEqual([]);
  });
  it('reports every message of a deleted document as removed', () => {
    expect(diffAsyncApi(loadFixture('asyncapi.base.yaml'), undefined, SRC).map((c) => c.kind)).toEqual(['message-removed', 'message-removed']);
  });
  it('names the versioned type of a removed message', () => {
    const [change] = diffAsyncApi(loadFixture('asyncapi.base.yaml'), { components: { messages: { cloudEventEnvelope: {} } } }, SRC);
    expect(change?.message).toBe('message "chatMessageV1" (acme.chat.message.sent.v1) removed');
  });
});
