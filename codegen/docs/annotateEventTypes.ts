/**
 * The AsyncAPI HTML template shows a message's `x-*` fields only in a collapsed "Extensions" box, so
 * the CloudEvents type a reader looks for would be hidden. The copy given to the template starts each
 * event message's description with its `x-event-type` and `x-subject`; the contract is not changed.
 */

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Returns a deep copy of the document with the event type and subject rule at the top of each event message's description. */
export function annotateEventTypes(document: unknown): unknown {
  const copy = structuredClone(document);
  const messages = asRecord(asRecord(asRecord(copy)?.['components'])?.['messages']) ?? {};
  for (const message of Object.values(messages)) {
    const record = asRecord(message);
    const eventType = record?.['x-event-type'];
    if (!record || typeof eventType !== 'string') continue;
    const subject = record['x-subject'];
    const line = `**Event type** \`${eventType}\`${typeof subject === 'string' ? ` · **subject** \`${subject}\`` : ''}`;
    const description = record['description'];
    record['description'] = typeof description === 'string' && description.trim() !== '' ? `${line}\n\n${description}` : line;
  }
  return copy;
}
