/**
 * Emits `generated/asyncapi/types.ts`: a type per component schema, per event payload and headers,
 * and the envelope, with descriptions as JSDoc.
 */
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import { tsDeclaration } from '../emit/tsType.ts';
import { pascalCase, type AsyncApiModel } from './eventModel.ts';
import { lowerCaseHeaderSchema } from './headerCase.ts';

export function emitTypes(model: AsyncApiModel): GeneratedFile {
  const refName = (ref: string): string => {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    if (!match?.[1]) throw new Error(`${model.source}: types can only reference #/components/schemas/*, got ${ref}`);
    return pascalCase(match[1]);
  };
  const parts: string[] = [header(model.source, 'ts'), '/* eslint-disable */\n'];
  for (const { name, schema } of model.schemas) parts.push(tsDeclaration(pascalCase(name), schema, { refName }));
  for (const event of model.events) {
    const doc = `Payload of \`${event.eventType}\` (${event.provider} \`${event.name}\`). ${event.summary}`.trim();
    parts.push(tsDeclaration(event.typeName, event.payloadSchema, { refName }, doc));
    parts.push(tsDeclaration(`${event.typeName}Headers`, lowerCaseHeaderSchema(event.headersSchema), { refName }, `Provider headers of \`${event.eventType}\`.`));
  }
  parts.push(tsDeclaration(model.envelope.typeName, model.envelope.payloadSchema, { refName }));
  return { path: 'asyncapi/types.ts', contents: parts.join('\n') };
}
