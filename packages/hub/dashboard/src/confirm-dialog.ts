import { h } from './dom.js';

/**
 * Asks before an action with a modal `<dialog>` (focus trapped, Escape cancels).
 *
 * @returns `true` when confirmed.
 */
export function confirmAction(title: string, detail: string, confirmLabel: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const cancel = h('button', { type: 'button', 'data-testid': 'confirm-cancel' }, 'Cancel');
    const ok = h('button', { type: 'button', class: 'danger', 'data-testid': 'confirm-ok' }, confirmLabel);
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, detail),
      h('div', { class: 'dialog-actions' }, cancel, ok),
    );
    const done = (answer: boolean): void => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
