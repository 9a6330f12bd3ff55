/**
 * Load step for AsyncAPI: turns the parsed document into the `AsyncApiModel`, enforcing the
 * conventions of contracts/README.md. Every violation is collected and reported at once.
 */
import { ContractError } from '../load/contractError.ts';
import { resolveRefs } from '../load/resolveRefs.ts';
import { pascalCase, type AsyncApiModel, type EnvelopeMessage, type EventMessage, type MessageExample, type Provider } from './eventModel.ts';

const PROVIDERS: readonly Provider[] = ['kick', 'sumsub', 'ingest'];

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function readExamples(raw: unknown, where: string, problems: string[]): MessageExample[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${where}: a message needs at least one entry in "examples"`);
    return [];
  }
  return raw.map((entry, i) => {
    const example = asRecord(entry) ?? {};
    const name = str(example['name']);
    if (!name) problems.push(`${where}/examples/${i}: an example needs a "name"`);
    if (!('payload' in example)) problems.push(`${where}/examples/${i}: an example needs a "payload"`);
    return { name: name ?? `example${i}`, summary: str(example['summary']), headers: asRecord(example['headers']) ?? {}, payload: example['payload'] };
  });
}

/** Builds the model; throws one ContractError listing every problem found. */
export function readAsyncApi(document: unknown, source: string): AsyncApiModel {
  const problems: string[] = [];
  const root = asRecord(document);
  if (!root || root['asyncapi'] !== '3.0.0') throw new ContractError(`${source}: expected an AsyncAPI 3.0.0 document`);
  const components = asRecord(root['components']) ?? {};
  const messages = asRecord(components['messages']) ?? {};
  const events: EventMessage[] = [];
  let envelope: EnvelopeMessage | undefined;

  for (const key of Object.keys(messages).sort()) {
    const where = `${source}#/components/messages/${key}`;
    const message = asRecord(messages[key]);
    if (!message) { problems.push(`${where}: not an object`); continue; }
    const resolve = (value: unknown, part: string): unknown => {
      try { return resolveRefs(root, value, `${where}/${part}`); } catch (error) { problems.push((error as Error).message); return {}; }
    };
    const examples = readExamples(message['examples'], where, problems);
    if (message['x-envelope'] === true) {
      envelope = { key, typeName: pascalCase(key), payloadSchema: message['payload'], resolvedPayload: resolve(message['payload'], 'payload'), examples };
      continue;
    }
    const eventType = str(message['x-event-type']);
    const provider = message['x-provider'] as Provider;
    const subject = str(message['x-subject']);
    const name = str(message['name']);
    if (!eventType || !/^[a-z0-9_.]+\.v\d+$/.test(eventType)) problems.push(`${where}: "x-event-type" must be a versioned type like kick.chat.message.sent.v1`);
    if (!PROVIDERS.includes(provider)) problems.push(`${where}: "x-provider" must be one of ${PROVIDERS.join(', ')}`);
    if (!subject) problems.push(`${where}: "x-subject" (the envelope subject rule) is required`);
    if (!name) problems.push(`${where}: "name" is required`);
    if (!message['payload']) problems.push(`${where}: "payload" is required`);
    const version = message['x-provider-version'];
    events.push({
      key, typeName: pascalCase(key), name: name ?? key, eventType: eventType ?? key, provider, subject: subject ?? '',
      providerVersion: version === undefined || version === null ? null : String(version),
      title: str(message['title']) ?? name ?? key, summary: str(message['summary']) ?? '', description: str(message['description']),
      payloadSchema: message['payload'] ?? {}, headersSchema: message['headers'] ?? { type: 'object' },
      resolvedPayload: resolve(message['payload'] ?? {}, 'payload'), resolvedHeaders: resolve(message['headers'] ?? { type: 'object' }, 'headers'),
      examples,
    });
  }
  const seenTypes = new Map<string, string>();
  for (const event of events) {
    const other = seenTypes.get(event.eventType);
    if (other) problems.push(`${source}: messages ${other} and ${event.key} share x-event-type ${event.eventType}`);
    seenTypes.set(event.eventType, event.key);
  }
  if (!envelope) problems.push(`${source}: no envelope message (a message with "x-envelope: true")`);
  if (events.length === 0) problems.push(`${source}: no event messages`);
  // Every reference anywhere in the document must resolve, not only those the generator reads.
  try { resolveRefs(root, root, source); } catch (error) { problems.push((error as Error).message); }
  if (problems.length > 0 || !envelope) throw new ContractError([...new Set(problems)].join('\n'));

  const schemas = Object.keys(asRecord(components['schemas']) ?? {}).sort().map((name) => ({ name, schema: (components['schemas'] as Record<string, unknown>)[name] }));
  return { source, events, envelope, schemas };
}
