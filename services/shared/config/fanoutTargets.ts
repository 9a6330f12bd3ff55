/**
 * FANOUT_TARGETS (`name=url` pairs, comma separated) and each target's FANOUT_SECRET_<NAME>
 * (DESIGN §6: the name upper-cased, every other character `_`).
 */
import type { EnvReader } from './envReader.ts';

/** One environment the fan-out delivers to. */
export interface FanoutTarget {
  /** As written in FANOUT_TARGETS; stored in delivery rows. */
  name: string;
  /** The environment's `POST /internal/events` URL. */
  url: string;
  /** The variable the secrets came from, e.g. `FANOUT_SECRET_STAGE`. */
  secretVariable: string;
  /** Signing secrets; more than one while a secret rotates. */
  secrets: readonly string[];
}

const targetNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The variable holding a target's secrets: `stage-eu` → `FANOUT_SECRET_STAGE_EU`. */
export function fanoutSecretVariable(targetName: string): string {
  return `FANOUT_SECRET_${targetName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Parses the targets and their secrets, reporting every problem. Empty means dry-run mode. */
export function readFanoutTargets(reader: EnvReader): FanoutTarget[] {
  const targets: FanoutTarget[] = [];
  const byVariable = new Map<string, string>();
  for (const pair of reader.list('FANOUT_TARGETS', false)) {
    const separator = pair.indexOf('=');
    const name = separator < 0 ? pair : pair.slice(0, separator).trim();
    const url = separator < 0 ? '' : pair.slice(separator + 1).trim();
    if (!targetNamePattern.test(name)) {
      reader.report('FANOUT_TARGETS', `"${pair}" must be name=url with a name of letters, digits, '_', '.', '-'`);
      continue;
    }
    if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
      reader.report('FANOUT_TARGETS', `target "${name}" needs an http(s) URL, got "${url}"`);
      continue;
    }
    const secretVariable = fanoutSecretVariable(name);
    const clash = byVariable.get(secretVariable);
    if (clash !== undefined) {
      reader.report('FANOUT_TARGETS', `targets "${clash}" and "${name}" share the secret variable ${secretVariable}`);
      continue;
    }
    byVariable.set(secretVariable, name);
    targets.push({ name, url, secretVariable, secrets: reader.list(secretVariable, true) });
  }
  return targets;
}
