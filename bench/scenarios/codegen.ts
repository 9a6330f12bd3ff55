/**
 * Codegen scenario (issue "Contracts and codegen"): codegen wall time; validations per second of the
 * generated chat.message.sent validator against Ajv compiling the same schema at run time, measured
 * in interleaved rounds in this process; and service start cost: loading the precompiled
 * validators vs compiling every event schema at start.
 */
import { join } from 'node:path';
import { createAjv, stripDocKeywords } from '../../codegen/validators/compileStandalone.ts';
import { readAsyncApi } from '../../codegen/asyncapi/readAsyncApi.ts';
import { loadYaml } from '../../codegen/load/loadYaml.ts';
import { eventCatalogue } from '../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../generated/asyncapi/examples.ts';
import { timeChild } from '../lib/childTiming.ts';
import { median, round } from '../lib/stats.ts';

const TYPE = 'kick.chat.message.sent.v1';

function ratePerSecond(validate: (data: unknown) => boolean, data: unknown, iterations: number): number {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) if (!validate(data)) throw new Error('bench: the example must validate');
  return iterations / ((performance.now() - started) / 1000);
}

export async function codegenScenario(root: string): Promise<Record<string, unknown>> {
  const wallMs = [0, 1, 2].map(() => timeChild(['codegen/main.ts', '--check'], root));

  const model = readAsyncApi(await loadYaml(join(root, 'contracts/asyncapi.yaml')), 'contracts/asyncapi.yaml');
  const chat = model.events.find((e) => e.eventType === TYPE);
  if (!chat) throw new Error(`bench: ${TYPE} is not in the contract`);
  const runtime = createAjv({ source: false }).compile(stripDocKeywords(chat.resolvedPayload) as object);
  const generated = eventCatalogue[TYPE].validateData;
  const data = eventExamples[TYPE][0]?.payload;
  const iterations = 50_000;
  for (let warm = 0; warm < 3; warm++) { ratePerSecond(generated, data, iterations); ratePerSecond(runtime, data, iterations); }
  const generatedRates: number[] = [];
  const runtimeRates: number[] = [];
  for (let round_ = 0; round_ < 15; round_++) {
    generatedRates.push(ratePerSecond(generated, data, iterations));
    runtimeRates.push(ratePerSecond(runtime, data, iterations));
  }

  const loadPrecompiledMs = [0, 1, 2].map(() => timeChild(['bench/scenarios/startPrecompiled.ts'], root));
  const compileAtStartMs = [0, 1, 2].map(() => timeChild(['bench/scenarios/startCompiling.ts'], root));
  const baselineMs = [0, 1, 2].map(() => timeChild(['-e', '0'], root));
  return {
    codegenWallMs: round(median(wallMs)),
    codegenTargetMs: 3000,
    validationsPerSecond: {
      eventType: TYPE,
      generated: Math.round(median(generatedRates)),
      runtimeAjv: Math.round(median(runtimeRates)),
      ratio: round(median(generatedRates) / median(runtimeRates), 3),
      target: 1.0,
      rounds: generatedRates.length,
      iterationsPerRound: iterations,
    },
    serviceStart: {
      bareNodeMs: round(median(baselineMs)),
      loadPrecompiledValidatorsMs: round(median(loadPrecompiledMs)),
      compileAllSchemasAtStartMs: round(median(compileAtStartMs)),
    },
  };
}
