/**
 * Every example must validate against its own schemas: examples are the canonical fixtures, so a
 * broken one is a contract error (the generator stops), never a warning.
 */
import { ContractError } from '../load/contractError.ts';
import type { CompiledValidators } from '../validators/compileStandalone.ts';
import { validatorNames } from './emitValidators.ts';
import type { AsyncApiModel } from './eventModel.ts';
import { lowerCaseHeaders } from './headerCase.ts';

/** Checks every example with the validators codegen just compiled (the ones it emits). */
export function checkExamples(model: AsyncApiModel, compiled: CompiledValidators): void {
  const problems: string[] = [];
  const check = (name: string, data: unknown, where: string): void => {
    const validate = compiled.validator(name);
    if (!validate(data)) {
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
      problems.push(`${where}: the example fails its own schema: ${errors}`);
    }
  };
  for (const event of model.events) {
    event.examples.forEach((example, i) => {
      const where = `${model.source}#/components/messages/${event.key}/examples/${i} (${example.name})`;
      check(validatorNames.payload(event.typeName), example.payload, `${where} payload`);
      check(validatorNames.headers(event.typeName), lowerCaseHeaders(example.headers), `${where} headers`);
    });
  }
  model.envelope.examples.forEach((example, i) => {
    check(validatorNames.payload(model.envelope.typeName), example.payload, `${model.source}#/components/messages/${model.envelope.key}/examples/${i} (${example.name})`);
  });
  if (problems.length > 0) throw new ContractError(problems.join('\n'));
}
