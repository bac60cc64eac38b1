import { h } from './dom.js';

/** The token prompt. `onSubmit` gets the token (`''` for a hub without `AUTH_TOKEN`). */
export function loginView(onSubmit: (token: string) => void, error: string): HTMLElement {
  const input = h('input', {
    id: 'token',
    type: 'password',
    name: 'token',
    autocomplete: 'current-password',
    'aria-describedby': 'token-help',
    'data-testid': 'token-input',
  });
  const form = h(
    'form',
    { class: 'login panel', 'aria-label': 'Log in' },
    h('h2', {}, 'Connect to the hub'),
    h('label', { for: 'token' }, 'Token'),
    input,
    h(
      'p',
      { id: 'token-help', class: 'muted' },
      'The hub’s AUTH_TOKEN (read-only) or OPERATOR_TOKEN (actions). Leave empty for a hub without a token. ',
      'It is kept in this tab only (sessionStorage).',
    ),
    h('p', { class: 'error', role: 'alert', 'data-testid': 'login-error' }, error),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, 'Connect'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    onSubmit(input.value.trim());
  });
  queueMicrotask(() => input.focus());
  return form;
}
