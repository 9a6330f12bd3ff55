/**
 * Emits `generated/asyncapi/examples.ts`: every message example as a typed fixture. Tests import
 * these instead of inlining JSON (STYLE "Fixtures").
 */
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import type { AsyncApiModel } from './eventModel.ts';
import { lowerCaseHeaders } from './headerCase.ts';

function json(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
}

export function emitExamples(model: AsyncApiModel): GeneratedFile {
  const events = [...model.events].sort((a, b) => a.eventType.localeCompare(b.eventType));
  const headerImports = events.map((e) => `${e.typeName}Headers`).join(', ');
  const body = events.map((e) => {
    const examples = e.examples.map((x) => [
      '    {',
      `      name: ${JSON.stringify(x.name)},`,
      `      summary: ${JSON.stringify(x.summary ?? '')},`,
      `      headers: ${json(lowerCaseHeaders(x.headers), '      ')} satisfies ${e.typeName}Headers,`,
      `      payload: ${json(x.payload, '      ')},`,
      '    },',
    ].join('\n'));
    return `  ${JSON.stringify(e.eventType)}: [\n${examples.join('\n')}\n  ],`;
  });
  const envelopes = model.envelope.examples.map((x) => `  ${json(x.payload, '  ')},`);
  const contents = `${header(model.source, 'ts')}
import type { EventDataByType, EventType } from './catalogue.ts';
import type { ${model.envelope.typeName}, ${headerImports} } from './types.ts';

/** One message example from the contract: the provider headers (lower-case names) and payload. */
export interface EventExample<K extends EventType> {
  readonly name: string;
  readonly summary: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: EventDataByType[K];
}

/** Every example of every event type, as written in contracts/asyncapi.yaml. */
export const eventExamples: { readonly [K in EventType]: readonly EventExample<K>[] } = {
${body.join('\n')}
};

/** The envelope examples. */
export const envelopeExamples: readonly ${model.envelope.typeName}[] = [
${envelopes.join('\n')}
];
`;
  return { path: 'asyncapi/examples.ts', contents };
}
