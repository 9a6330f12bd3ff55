// The counterfactual start: compile every event schema with Ajv at start-up.
import { readAsyncApi } from '../../codegen/asyncapi/readAsyncApi.ts';
import { loadYaml } from '../../codegen/load/loadYaml.ts';
import { createAjv, stripDocKeywords } from '../../codegen/validators/compileStandalone.ts';

const model = readAsyncApi(await loadYaml('contracts/asyncapi.yaml'), 'contracts/asyncapi.yaml');
const ajv = createAjv({ source: false });
for (const event of model.events) ajv.compile(stripDocKeywords(event.resolvedPayload) as object);
