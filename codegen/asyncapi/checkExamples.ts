/**
 * Every example must validate against its own schemas: examples are the canonical fixtures, so a
 * broken one is a contract error (the generator stops), never a warning.
 */
import { ContractError } from '../load/contractError.ts';
import { createAjv, stripDocKeywords } from '../validators/compileStandalone.ts';
import type { AsyncApiModel } from './eventModel.ts';
import { lowerCaseHeaderSchema, lowerCaseHeaders } from './headerCase.ts';

export function checkExamples(model: AsyncApiModel): void {
  const ajv = createAjv({ source: false });
  const problems: string[] = [];
  const check = (schema: unknown, data: unknown, where: string): void => {
    const validate = ajv.compile(stripDocKeywords(schema) as object);
    if (!validate(data)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
      problems.push(`${where}: the example fails its own schema: ${errors}`);
    }
  };
  for (const event of model.events) {
    event.examples.forEach((example, i) => {
      const where = `${model.source}#/components/messages/${event.key}/examples/${i} (${example.name})`;
      check(event.resolvedPayload, example.payload, `${where} payload`);
      check(lowerCaseHeaderSchema(event.resolvedHeaders), lowerCaseHeaders(example.headers), `${where} headers`);
    });
  }
  model.envelope.examples.forEach((example, i) => {
    check(model.envelope.resolvedPayload, example.payload, `${model.source}#/components/messages/${model.envelope.key}/examples/${i} (${example.name})`);
  });
  if (problems.length > 0) throw new ContractError(problems.join('\n'));
}
