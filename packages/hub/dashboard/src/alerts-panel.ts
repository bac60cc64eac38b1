import { AlertList } from './alert-list.js';
import { h, replaceChildren } from './dom.js';
import { shortId } from './format.js';
import type { HubMessage } from './wire.js';

/**
 * The alerts panel: firing and resolved alerts (rule, severity, container, host, when) from the hub's `alert`
 * frames, firing first. The hub sends them to event watchers (the dashboard always watches).
 */
export class AlertsPanel {
  /** The panel's element. */
  readonly element: HTMLElement;
  private readonly list = new AlertList();
  private readonly body = h('div', { 'data-testid': 'alerts' });
  private readonly count = h('span', { class: 'badge', 'data-testid': 'alerts-firing' }, '0 firing');

  constructor() {
    this.element = h(
      'section',
      { class: 'panel', 'aria-label': 'Alerts' },
      h('h2', {}, 'Alerts ', this.count),
      this.body,
    );
    this.render();
  }

  /** Takes an `alert` frame. */
  add(m: HubMessage): void {
    if (this.list.add(m)) this.render();
  }

  private render(): void {
    const rows = this.list.list();
    this.count.textContent = `${this.list.firingCount} firing`;
    this.count.className = this.list.firingCount > 0 ? 'badge state-failed' : 'badge';
    if (rows.length === 0) {
      replaceChildren(this.body, h('p', { class: 'muted empty' }, 'No alerts.'));
      return;
    }
    replaceChildren(
      this.body,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, ...['State', 'Rule', 'Severity', 'Container', 'Host', 'When'].map((t) => h('th', {}, t))),
          ),
          h(
            'tbody',
            {},
            ...rows.map((r) =>
              h(
                'tr',
                { 'data-testid': 'alert-row' },
                h(
                  'td',
                  {},
                  h('span', { class: `badge ${r.state === 'firing' ? 'state-failed' : 'state-ready'}` }, r.state),
                ),
                h('td', { title: r.ruleId }, r.ruleName),
                h('td', {}, r.severity),
                h('td', { title: r.containerId }, r.containerName ?? shortId(r.containerId)),
                h('td', {}, r.hostId ?? ''),
                h('td', {}, new Date(r.at).toLocaleTimeString()),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
