/**
 * The one error base class of the data plane (STYLE "Error model"): a stable
 * SCREAMING_SNAKE `code` callers and operators branch on, optional structured
 * `details`, and the standard `cause`.
 */

/** Options accepted by {@link AppError}. */
export interface AppErrorOptions {
  /** Structured context for logs and error bodies; never secrets. */
  details?: Readonly<Record<string, unknown>>;
  /** The error that led to this one. */
  cause?: unknown;
}

/** An error with a stable code. Subclass only for errors someone branches on. */
export class AppError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/**
 * Turns whatever was thrown into an `Error`, for every `catch (e: unknown)`.
 * Non-errors (strings, objects, `undefined`) are wrapped so stack and message exist.
 */
export function coerceError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (typeof e === 'string') return new Error(e);
  let text: string;
  try {
    text = JSON.stringify(e) ?? String(e);
  } catch {
    text = String(e);
  }
  return new Error(`Non-error thrown: ${text}`, { cause: e });
}
