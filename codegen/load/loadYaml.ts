import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ContractError } from './contractError.ts';

/** Reads and parses one YAML contract, naming the file in any error. */
export async function loadYaml(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ContractError(`${path}: cannot read the contract`, { cause });
  }
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    throw new ContractError(`${path}: not valid YAML: ${(cause as Error).message}`, { cause });
  }
}
