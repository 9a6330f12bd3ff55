/// <reference lib="dom" />
/**
 * The console's one message area (`role="alert"`, so a screen reader announces it): what an action
 * did, and above all when the admin API refused it, with the way out (enter the admin token). It
 * is pinned to the bottom of the window, so it shows next to whatever button was pressed, and stays
 * until dismissed or replaced.
 */
import type { ActionOutcome } from './api.ts';
import { byId, h, replaceChildren } from './dom.ts';

/** `info` for done, `error` for refused or failed. */
export type NoticeKind = 'info' | 'error';

/** Shows `message` (replacing any earlier one). */
export function showNotice(kind: NoticeKind, message: string, ...extra: Node[]): void {
  const notice = byId('notice');
  notice.className = `notice notice-${kind}`;
  const dismiss = h('button', { type: 'button', class: 'link' }, 'Dismiss');
  dismiss.addEventListener('click', clearNotice);
  replaceChildren(notice, h('p', {}, message), h('div', { class: 'notice-actions' }, ...extra, dismiss));
  notice.hidden = false;
}

/** Hides the message area. */
export function clearNotice(): void {
  byId('notice').hidden = true;
}

/** The message for an action the admin API refused (401: no token; 403: another token). */
export function refusalMessage(what: string, outcome: { readonly status: number; readonly code: string | null; readonly message: string }): string {
  const why =
    outcome.status === 401
      ? 'this admin API has an ADMIN_TOKEN and the console sent none'
      : 'the admin token saved in this tab does not match the ADMIN_TOKEN of this admin API';
  return `Refused (${String(outcome.status)} ${outcome.code ?? ''}): ${what} was not done, because ${why}. Enter the admin token under "Admin token" and try again.`;
}

/**
 * Reports an action's outcome: `done` shows `describe(value)`; a refusal explains the token and
 * offers to go to the token field; a failure shows the error. Returns true when it was done.
 */
export function reportAction<T>(what: string, outcome: ActionOutcome<T>, describe: (value: T) => string): boolean {
  if (outcome.kind === 'done') {
    showNotice('info', describe(outcome.value));
    return true;
  }
  if (outcome.kind === 'refused') {
    const goToToken = h('button', { type: 'button', class: 'link' }, 'Enter the admin token');
    goToToken.addEventListener('click', () => byId<HTMLInputElement>('token-input').focus());
    showNotice('error', refusalMessage(what, outcome), goToToken);
    return false;
  }
  showNotice('error', `Failed: ${what}: ${outcome.message}`);
  return false;
}
