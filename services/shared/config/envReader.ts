/**
 * Reads variables from an env object while collecting every problem, so a bad configuration
 * is reported all at once, each problem naming its variable.
 */

/** The environment as given to `loadConfig` (main passes `process.env`, tests pass literals). */
export type Env = Readonly<Record<string, string | undefined>>;

/** One configuration problem. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

interface IntOptions {
  min?: number;
  max?: number;
}

/** Typed accessors over an {@link Env}; each records a problem instead of throwing. */
export class EnvReader {
  readonly problems: ConfigProblem[] = [];
  readonly env: Env;

  constructor(env: Env) {
    this.env = env;
  }

  /** Adds a problem for `variable`. */
  report(variable: string, message: string): void {
    this.problems.push({ variable, message });
  }

  /** The trimmed value, or null when unset or blank. */
  optionalString(name: string): string | null {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return null;
    return raw.trim();
  }

  /** A value that must be set; records a problem (and returns '') when it is not. */
  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === null) this.report(name, 'is required');
    return value ?? '';
  }

  /** A whole number within bounds, or the default when unset. */
  int(name: string, fallback: number, options: IntOptions = {}): number {
    const raw = this.optionalString(name);
    if (raw === null) return fallback;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.report(name, `must be a whole number between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  /** A TCP port, or the default when unset. */
  port(name: string, fallback: number): number {
    return this.int(name, fallback, { min: 1, max: 65_535 });
  }

  /** An absolute URL with one of the given protocols (e.g. `['postgres:', 'postgresql:']`). */
  url(name: string, protocols: readonly string[], required: boolean): string | null {
    const value = required ? this.requiredString(name) : this.optionalString(name);
    if (value === null || value === '') return null;
    if (!URL.canParse(value) || !protocols.includes(new URL(value).protocol)) {
      this.report(name, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
    return value;
  }

  /** A comma-separated list without blanks; `required` demands at least one item. */
  list(name: string, required: boolean): string[] {
    const items = (this.optionalString(name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (required && items.length === 0) this.report(name, 'is required (a comma-separated list)');
    return items;
  }

  /** One of `values`, or the default when unset. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.optionalString(name);
    if (raw === null) return fallback;
    const found = values.find((v) => v === raw);
    if (found === undefined) this.report(name, `must be one of ${values.join(', ')}, got "${raw}"`);
    return found ?? fallback;
  }
}
