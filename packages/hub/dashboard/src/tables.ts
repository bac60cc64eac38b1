import { h } from './dom.js';
import { formatAge, formatLabels, formatTtl, shortId } from './format.js';
import type { ListedContainer, ListedSession } from './wire.js';

/** A container action the dashboard offers. */
export type ContainerAction = 'stop' | 'restart' | 'remove';

/** What the tables call back into. */
export interface TableHandlers {
  /** The operator may act (otherwise action buttons are disabled). */
  canOperate: boolean;
  /** Selected container, to highlight. */
  selectedContainer: string | null;
  /** Selected session, to highlight. */
  selectedSession: string | null;
  /** Select a container. */
  selectContainer(c: ListedContainer): void;
  /** Select a session. */
  selectSession(s: ListedSession): void;
  /** Ask for an action. */
  act(c: ListedContainer, action: ContainerAction): void;
}

const READ_ONLY_HINT = 'Needs the operator token (OPERATOR_TOKEN)';

/** A state badge: `running`, `exited` … */
export function stateBadge(state: string): HTMLElement {
  return h('span', { class: `badge state-${state}`, 'data-testid': 'state' }, state);
}

/** Action buttons of one container (disabled for a read-only token, with the reason as a tooltip). */
export function actionButtons(c: ListedContainer, handlers: TableHandlers): HTMLElement {
  const running = c.state === 'running' || c.state === 'paused';
  const button = (action: ContainerAction, label: string, enabled: boolean, cls = ''): HTMLButtonElement =>
    h(
      'button',
      {
        type: 'button',
        class: cls,
        disabled: !handlers.canOperate || !enabled,
        title: handlers.canOperate ? `${label} ${c.name}` : READ_ONLY_HINT,
        'aria-label': `${label} ${c.name}`,
        'data-action': action,
        onclick: () => handlers.act(c, action),
      },
      label,
    );
  return h(
    'div',
    { class: 'actions' },
    button('stop', 'Stop', running),
    button('restart', 'Restart', c.state !== 'removed'),
    button('remove', 'Remove', true, 'danger'),
  );
}

/** The containers table: id, state, actions, host, image, age, TTL left (from `berth.expires`), labels. */
export function containersTable(containers: readonly ListedContainer[], handlers: TableHandlers): HTMLElement {
  if (containers.length === 0) return h('p', { class: 'muted empty' }, 'No containers.');
  const rows = containers.map((c) => {
    const labels = formatLabels(c.labels);
    const own = labels.filter((l) => !l.startsWith('berth.'));
    const selected = handlers.selectedContainer === c.id;
    return h(
      'tr',
      {
        class: selected ? 'selected' : '',
        'data-container-id': c.id,
        'aria-selected': selected ? 'true' : 'false',
      },
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            title: c.id,
            'data-key': `c:${c.id}`,
            onclick: () => handlers.selectContainer(c),
          },
          c.name === c.id ? shortId(c.id) : c.name,
        ),
        c.sessionId === null ? null : h('div', { class: 'muted small' }, `session ${c.sessionId}`),
      ),
      h('td', {}, stateBadge(c.state)),
      h('td', {}, actionButtons(c, handlers)),
      h('td', {}, c.hostId),
      h('td', { class: 'mono' }, c.image),
      h('td', { 'data-age': c.createdAt }, formatAge(c.createdAt, Date.now())),
      h('td', { 'data-ttl': c.labels['berth.expires'] ?? '' }, formatTtl(c.labels['berth.expires'], Date.now())),
      h(
        'td',
        { class: 'labels', title: labels.join('\n') },
        ...own.slice(0, 3).map((l) => h('span', { class: 'chip' }, l)),
        labels.length > own.slice(0, 3).length
          ? h('span', { class: 'muted small' }, ` +${labels.length - own.slice(0, 3).length}`)
          : null,
      ),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-testid': 'containers-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Container', 'State', 'Actions', 'Host', 'Image', 'Age', 'TTL left', 'Labels'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

/** The sessions table: id, status, language, image, age, TTL left, container. */
export function sessionsTable(sessions: readonly ListedSession[], handlers: TableHandlers): HTMLElement {
  if (sessions.length === 0) return h('p', { class: 'muted empty' }, 'No sessions.');
  const rows = sessions.map((s) => {
    const selected = handlers.selectedSession === s.id;
    return h(
      'tr',
      { class: selected ? 'selected' : '', 'data-session-id': s.id, 'aria-selected': selected ? 'true' : 'false' },
      h(
        'td',
        {},
        h(
          'button',
          { type: 'button', class: 'link', 'data-key': `s:${s.id}`, onclick: () => handlers.selectSession(s) },
          s.id,
        ),
      ),
      h('td', {}, stateBadge(s.status)),
      h('td', {}, s.agentType),
      h('td', { class: 'mono' }, s.image),
      h('td', { 'data-age': s.createdAt }, formatAge(s.createdAt, Date.now())),
      h('td', { 'data-ttl': s.expiresAt }, formatTtl(s.expiresAt, Date.now())),
      h('td', { class: 'mono', title: s.containerId }, shortId(s.containerId)),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-testid': 'sessions-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Session', 'Status', 'Language', 'Image', 'Age', 'TTL left', 'Container'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

/** Refreshes the age and TTL cells in place (no re-render, so focus stays where it is). */
export function tickTimes(root: ParentNode): void {
  const now = Date.now();
  for (const cell of root.querySelectorAll<HTMLElement>('[data-age]')) {
    cell.textContent = formatAge(cell.dataset.age ?? '', now);
  }
  for (const cell of root.querySelectorAll<HTMLElement>('[data-ttl]')) {
    const ttl = cell.dataset.ttl;
    cell.textContent = formatTtl(ttl === '' ? undefined : ttl, now);
  }
}
