/// <reference lib="dom" />
/**
 * The console's client of the admin API on its own origin. Reads are plain GETs. Actions are POSTs
 * that carry the admin token from this tab's sessionStorage (when one is saved) and come back as a
 * value: done, refused (401/403: the token is missing or wrong) or failed, so each view can say
 * exactly what happened.
 */
import type { IngestError } from '../../../../generated/openapi/ingest.schemas.ts';

const TOKEN_KEY = 'vf-console-admin-token';

/** The saved admin token, or null. */
export function savedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Saves the token for this tab only (sessionStorage: gone when the tab closes). */
export function saveToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** Forgets the saved token. */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** A read that did not answer 200. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;

  constructor(status: number, code: string | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const error = typeof body === 'object' && body !== null ? (body as Partial<IngestError>) : {};
  return new ApiError(response.status, error.code ?? null, error.message ?? `${response.status} ${response.statusText}`);
}

/** GETs `path` (with `query`) and returns the JSON answer; throws {@link ApiError} for anything but 200. */
export async function getJson<T>(path: string, query: Readonly<Record<string, string | number>> = {}): Promise<T> {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const url = params.size > 0 ? `${path}?${params.toString()}` : path;
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** What an action came to. */
export type ActionOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'refused'; readonly status: number; readonly code: string | null; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** POSTs `body` as JSON with the saved admin token, if any. Never throws. */
export async function postAction<T>(path: string, body: unknown): Promise<ActionOutcome<T>> {
  const token = savedToken();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.ok) return { kind: 'done', value: (await response.json()) as T };
    const error = await errorOf(response);
    if (response.status === 401 || response.status === 403) return { kind: 'refused', status: error.status, code: error.code, message: error.message };
    return { kind: 'failed', message: `${String(error.status)} ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ') };
  } catch (e: unknown) {
    return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}
