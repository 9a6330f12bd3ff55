/// <reference lib="dom" />
/**
 * The admin token field in the page header. The token is kept in this tab's sessionStorage only
 * and sent with actions as `Authorization: Bearer <token>`; it is never shown again once saved.
 */
import { forgetToken, saveToken, savedToken } from './api.ts';
import { byId } from './dom.ts';
import { showNotice } from './notice.ts';

function showState(): void {
  byId('token-state').textContent =
    savedToken() === null
      ? 'No token saved. Actions need one only when the admin API has an ADMIN_TOKEN.'
      : 'A token is saved for this tab and sent with every action.';
}

/** Wires the form. */
export function setUpTokenForm(): void {
  const form = byId<HTMLFormElement>('token-form');
  const input = byId<HTMLInputElement>('token-input');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token === '') {
      showNotice('error', 'Enter a token before saving it.');
      input.focus();
      return;
    }
    saveToken(token);
    input.value = '';
    showState();
    showNotice('info', 'Admin token saved for this tab.');
  });
  byId('token-forget').addEventListener('click', () => {
    forgetToken();
    showState();
    showNotice('info', 'Admin token forgotten.');
  });
  showState();
}
