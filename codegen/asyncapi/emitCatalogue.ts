/**
 * Emits `generated/asyncapi/catalogue.ts`: the event catalogue (versioned type → provider identity,
 * subject rule, validators), the type-level map from event type to payload, and provider lookups.
 */
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import type { AsyncApiModel } from './eventModel.ts';
import { subjectExpression } from './subjectRule.ts';
import { validatorNames } from './emitValidators.ts';

const q = JSON.stringify;

export function emitCatalogue(model: AsyncApiModel): GeneratedFile {
  const events = [...model.events].sort((a, b) => a.eventType.localeCompare(b.eventType));
  const typeImports = events.map((e) => e.typeName).join(', ');
  const entries = events.map((e) => {
    const where = `${model.source}#/components/messages/${e.key}`;
    return [
      `  ${q(e.eventType)}: {`,
      `    type: ${q(e.eventType)},`,
      `    provider: ${q(e.provider)},`,
      `    providerName: ${q(e.name)},`,
      `    providerVersion: ${e.providerVersion === null ? 'null' : q(e.providerVersion)},`,
      `    messageKey: ${q(e.key)},`,
      `    title: ${q(e.title)},`,
      `    summary: ${q(e.summary)},`,
      `    subjectTemplate: ${q(e.subject)},`,
      `    dataschema: ${q(`urn:vf:schema:${e.eventType}`)},`,
      `    subjectOf: (data: ${e.typeName}): string => ${subjectExpression(e.subject, e.resolvedPayload, 'data', where)},`,
      `    validateData: validators.${validatorNames.payload(e.typeName)},`,
      `    validateHeaders: validators.${validatorNames.headers(e.typeName)},`,
      `  },`,
    ].join('\n');
  });
  const kick = events.filter((e) => e.provider === 'kick');
  const sumsub = events.filter((e) => e.provider === 'sumsub');
  const contents = `${header(model.source, 'ts')}
import type { ValidateFunction } from 'ajv';
import * as validators from './validators.cjs';
import type { ${typeImports}, ${model.envelope.typeName} } from './types.ts';

/** Maps every versioned event type to its payload type (the envelope's \`data\`). */
export interface EventDataByType {
${events.map((e) => `  ${q(e.eventType)}: ${e.typeName};`).join('\n')}
}

/** Every versioned event type this contract defines. */
export type EventType = keyof EventDataByType;

/** Every versioned event type, sorted. */
export const EVENT_TYPES = [
${events.map((e) => `  ${q(e.eventType)},`).join('\n')}
] as const satisfies readonly EventType[];

/** What the catalogue knows of one event type. */
export interface EventCatalogueEntry<K extends EventType> {
  readonly type: K;
  readonly provider: 'kick' | 'sumsub' | 'ingest';
  /** The provider's own name for the message. */
  readonly providerName: string;
  /** Kick-Event-Version, or null where the provider has none. */
  readonly providerVersion: string | null;
  /** The message key in contracts/asyncapi.yaml. */
  readonly messageKey: string;
  readonly title: string;
  readonly summary: string;
  /** The \`x-subject\` rule this entry's \`subjectOf\` implements. */
  readonly subjectTemplate: string;
  /** The envelope's \`dataschema\` for this type. */
  readonly dataschema: string;
  /** The envelope \`subject\` of a valid payload. */
  readonly subjectOf: (data: EventDataByType[K]) => string;
  /** Ahead-of-time compiled payload validator. */
  readonly validateData: ValidateFunction;
  /** Ahead-of-time compiled validator of the provider headers (lower-case names). */
  readonly validateHeaders: ValidateFunction;
}

/** The event catalogue: one entry per versioned event type. */
export const eventCatalogue: { readonly [K in EventType]: EventCatalogueEntry<K> } = {
${entries.join('\n')}
};

/** The envelope validator (CloudEvents 1.0 structured event, DESIGN §4). */
export const validateEnvelope: ValidateFunction<${model.envelope.typeName}> = validators.${validatorNames.payload(model.envelope.typeName)} as ValidateFunction<${model.envelope.typeName}>;

/** True when \`type\` is a versioned event type of this contract. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}

/** Narrows \`data\` to the payload of \`type\` with the generated validator; errors stay on \`eventCatalogue[type].validateData.errors\`. */
export function isValidData<K extends EventType>(type: K, data: unknown): data is EventDataByType[K] {
  return eventCatalogue[type].validateData(data) === true;
}

const kickTypes: Readonly<Record<string, EventType>> = {
${kick.map((e) => `  ${q(`${e.name}@${e.providerVersion ?? ''}`)}: ${q(e.eventType)},`).join('\n')}
};

/** The versioned type of a Kick webhook from its \`Kick-Event-Type\` and \`Kick-Event-Version\` headers, if known. */
export function kickEventType(name: string, version: string): EventType | undefined {
  return Object.hasOwn(kickTypes, \`\${name}@\${version}\`) ? kickTypes[\`\${name}@\${version}\`] : undefined;
}

const sumsubTypes: Readonly<Record<string, EventType>> = {
${sumsub.map((e) => `  ${q(e.name)}: ${q(e.eventType)},`).join('\n')}
};

/** The versioned type of a Sumsub webhook from its payload \`type\`, if we accept it. */
export function sumsubEventType(type: string): EventType | undefined {
  return Object.hasOwn(sumsubTypes, type) ? sumsubTypes[type] : undefined;
}
`;
  return { path: 'asyncapi/catalogue.ts', contents };
}
