/**
 * Schema-invalid payloads for EVERY event type, derived from the contract rather than written by
 * hand, so a new event type is covered the day it lands: start from the type's first message
 * example, and for every field the type's schema requires (found by deleting each field of the
 * example in turn and asking the generated validator whether it now reports that property as
 * `required`), make one payload without it and one with its value of another JSON type.
 */
import { EVENT_TYPES, eventCatalogue, type EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';

/** One invalid payload of `type`. */
export interface InvalidPayload {
  readonly type: EventType;
  /** e.g. `without /broadcaster/user_id`, `/broadcaster/user_id as string`. */
  readonly name: string;
  /** The JSON pointer of the field removed or changed. */
  readonly pointer: string;
  readonly payload: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every (parent pointer, key) of the example's objects, arrays' first elements included. */
function fieldsOf(value: Json, pointer: string, out: { parent: string; key: string }[]): { parent: string; key: string }[] {
  if (Array.isArray(value)) {
    if (value[0] !== undefined) fieldsOf(value[0], `${pointer}/0`, out);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      out.push({ parent: pointer, key });
      fieldsOf(child, `${pointer}/${key}`, out);
    }
  }
  return out;
}

/** The container at `pointer` of `root` (a clone being edited). */
function at(root: Json, pointer: string): Record<string, Json> {
  let node: Json | undefined = root;
  for (const part of pointer.split('/').slice(1)) node = Array.isArray(node) ? node[Number(part)] : isObject(node) ? node[part] : undefined;
  if (!isObject(node)) throw new Error(`no object at ${pointer}`);
  return node;
}

function requiredByValidator(type: EventType, payload: Json, parent: string, key: string): boolean {
  const validate = eventCatalogue[type].validateData;
  if (validate(payload)) return false;
  return (validate.errors ?? []).some((e) => e.keyword === 'required' && e.instancePath === parent && Reflect.get(e.params, 'missingProperty') === key);
}

/** Values of another JSON type than `value`, most telling first. */
function otherTypes(value: Json): readonly [string, Json][] {
  const all: [string, Json][] = [['string', 'not-the-right-type'], ['number', 12345], ['object', { unexpected: true }], ['array', []], ['boolean', true], ['null', null]];
  const own = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return all.filter(([name]) => name !== own);
}

/** The invalid payloads of one type (an empty list means its schema requires nothing). */
export function invalidPayloadsOf(type: EventType): InvalidPayload[] {
  const example = eventExamples[type][0];
  if (example === undefined) throw new Error(`the contract has no example of ${type}`);
  const base = structuredClone(example.payload) as Json;
  const validate = eventCatalogue[type].validateData;
  const cases: InvalidPayload[] = [];
  for (const { parent, key } of fieldsOf(base, '', [])) {
    const pointer = `${parent}/${key}`;
    const without = structuredClone(base);
    const original = at(without, parent)[key] ?? null;
    Reflect.deleteProperty(at(without, parent), key);
    if (!requiredByValidator(type, without, parent, key)) continue;
    cases.push({ type, name: `without ${pointer}`, pointer, payload: without });
    // The first value of another type the schema refuses (a field may accept several types).
    for (const [typeName, other] of otherTypes(original)) {
      const swapped = structuredClone(base);
      at(swapped, parent)[key] = other;
      if (validate(swapped)) continue;
      cases.push({ type, name: `${pointer} as ${typeName}`, pointer, payload: swapped });
      break;
    }
  }
  return cases;
}

/** The invalid payloads of every event type of the contract. */
export function invalidPayloads(): InvalidPayload[] {
  return EVENT_TYPES.flatMap((type) => invalidPayloadsOf(type));
}
