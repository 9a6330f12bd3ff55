import { describe, expect, it } from 'vitest';
import { annotateEventTypes } from './annotateEventTypes.ts';

const document = {
  components: {
    messages: {
      a: { 'x-event-type': 'acme.a.v1', 'x-subject': 'acme/{id}', description: 'Text.' },
      b: { 'x-event-type': 'acme.b.v1' },
      envelope: { 'x-envelope': true, description: 'Envelope.' },
    },
  },
};

describe('annotateEventTypes', () => {
  it('puts the event type and subject rule before the description', () => {
    const out = annotateEventTypes(document) as typeof document;
    expect(out.components.messages.a.description).toBe('**Event type** `acme.a.v1` · **subject** `acme/{id}`\n\nText.');
    expect((out.components.messages.b as { description?: string }).description).toBe('**Event type** `acme.b.v1`');
    expect(out.components.messages.envelope.description).toBe('Envelope.');
  });

  it('leaves the input document unchanged', () => {
    annotateEventTypes(document);
    expect(document.components.messages.a.description).toBe('Text.');
  });
});
