import { AlertsPanel } from './alerts-panel.js';
import { confirmAction } from './confirm-dialog.js';
import { h, replaceChildren } from './dom.js';
import { plural, shortId } from './format.js';
import { ConnectionClosedError, describeClose, HubConnection } from './hub-connection.js';
import { LogView } from './log-view.js';
import { loginView } from './login-view.js';
import { type OperationLatency, parseOperationLatency } from './operation-latency.js';
import { type RunOutput, RunPanel, type SnippetLanguage } from './run-panel.js';
import { StatsCharts } from './stats-charts.js';
import {
  actionButtons,
  type ContainerAction,
  containersTable,
  sessionsTable,
  stateBadge,
  type TableHandlers,
  tickTimes,
} from './tables.js';
import { tokenStore } from './token-store.js';
import {
  errorText,
  type HubMessage,
  type ListedContainer,
  type ListedSession,
  readLine,
  readLines,
  type StatsData,
} from './wire.js';

interface Selection {
  containerID: string;
  hostId: string;
  sessionId: string | null;
  title: string;
}

interface HostHealth {
  healthy: boolean;
  latencyMs?: number;
}

const REFRESH_DEBOUNCE_MS = 150;
const HEALTH_INTERVAL_MS = 5000;
const SAY_MS = 6000;
const NARROW = '(max-width: 900px)';

/** The dashboard: login, then hosts, sessions, containers, and the selected one's stats, logs and actions. */
export class DashboardApp {
  private conn: HubConnection | null = null;
  private containers: ListedContainer[] = [];
  private sessions: ListedSession[] = [];
  private health: Record<string, HostHealth> = {};
  private latency = new Map<string, OperationLatency[]>();
  private selection: Selection | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private timers: ReturnType<typeof setInterval>[] = [];
  private reconnectDelay = 1000;
  private sayTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly logs = new LogView();
  private readonly alerts = new AlertsPanel();
  private readonly charts = new StatsCharts();
  private readonly runPanel = new RunPanel({
    run: (language, code, stateful, onOutput) => this.run(language, code, stateful, onOutput),
  });
  private readonly statusLine = h('p', { class: 'status-line', role: 'status', 'data-testid': 'status-line' });
  private readonly connection = h('span', { class: 'conn', 'data-testid': 'connection' }, 'offline');
  private readonly roleBadge = h('span', { class: 'badge', 'data-testid': 'role' }, '');
  private readonly hostsList = h('ul', { class: 'hosts', 'data-testid': 'hosts' });
  private readonly sessionsBox = h('div');
  private readonly containersBox = h('div');
  private readonly detailHead = h('div', { class: 'detail-head', 'data-testid': 'detail' });

  /** @param root - the element the dashboard renders into. */
  constructor(private readonly root: HTMLElement) {}

  /** Shows the dashboard when a token is stored (a reload), the login prompt otherwise. */
  start(): void {
    const token = tokenStore.get();
    if (token === null) this.showLogin('');
    else void this.login(token);
  }

  private showLogin(error: string): void {
    this.stopTimers();
    replaceChildren(
      this.root,
      h('header', { class: 'top' }, h('h1', {}, 'Berth')),
      h(
        'main',
        { class: 'center' },
        loginView((token) => void this.login(token), error),
      ),
    );
  }

  private async login(token: string): Promise<void> {
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/`;
    const conn = new HubConnection(url, token, {
      onMessage: (m) => this.onMessage(m),
      onClose: (code) => this.onClose(code),
    });
    try {
      await conn.open();
    } catch (err) {
      const code = err instanceof ConnectionClosedError ? err.code : 1006;
      if (code === 4401 || code === 4408 || tokenStore.get() === null) {
        tokenStore.clear();
        this.showLogin(err instanceof Error ? err.message : describeClose(code));
      } else this.scheduleReconnect(token);
      return;
    }
    tokenStore.set(token);
    this.conn = conn;
    this.reconnectDelay = 1000;
    this.showDashboard();
    conn.send({ type: 'watchEvents' });
    this.refresh();
    // After a reconnect the channel replays from its start (`since: 0`): start the view over, no duplicates.
    if (this.selection !== null) {
      this.logs.reset(this.selection.sessionId ?? this.selection.title);
      this.charts.reset();
    }
    this.resubscribe();
  }

  private showDashboard(): void {
    const conn = this.conn;
    if (conn === null) return;
    this.connection.textContent = 'live';
    this.connection.className = 'conn live';
    this.roleBadge.textContent = conn.role === 'operator' ? 'operator' : 'read-only';
    this.runPanel.setEnabled(conn.role === 'operator');
    const logout = h('button', { type: 'button', 'data-testid': 'logout', onclick: () => this.logout() }, 'Log out');
    replaceChildren(
      this.root,
      h(
        'header',
        { class: 'top' },
        h('h1', {}, 'Berth'),
        h('span', { class: 'muted' }, 'dashboard'),
        h('span', { class: 'spacer' }),
        this.connection,
        this.roleBadge,
        logout,
      ),
      h(
        'main',
        { class: 'layout' },
        h(
          'div',
          { class: 'column' },
          h('section', { class: 'panel', 'aria-label': 'Hosts' }, h('h2', {}, 'Hosts'), this.hostsList),
          this.alerts.element,
          h('section', { class: 'panel', 'aria-label': 'Sessions' }, h('h2', {}, 'Sessions'), this.sessionsBox),
          h('section', { class: 'panel', 'aria-label': 'Containers' }, h('h2', {}, 'Containers'), this.containersBox),
          this.runPanel.element,
        ),
        h('div', { class: 'column' }, this.detailHead, this.charts.element, this.logs.element),
      ),
      this.statusLine,
    );
    this.renderHosts();
    this.renderTables();
    this.renderDetail();
    this.stopTimers();
    this.timers.push(setInterval(() => tickTimes(this.root), 1000));
    this.timers.push(setInterval(() => void this.pollHealth(), HEALTH_INTERVAL_MS));
    void this.pollHealth();
  }

  private logout(): void {
    tokenStore.clear();
    const conn = this.conn;
    this.conn = null;
    conn?.close();
    this.selection = null;
    this.logs.reset('berth');
    this.charts.reset();
    this.showLogin('');
  }

  private onClose(code: number): void {
    this.conn = null;
    if (code === 4401 || code === 4403) {
      tokenStore.clear();
      this.showLogin(describeClose(code));
      return;
    }
    this.connection.textContent = 'reconnecting…';
    this.connection.className = 'conn down';
    const token = tokenStore.get();
    if (token !== null) this.scheduleReconnect(token);
  }

  private scheduleReconnect(token: string): void {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(10_000, this.reconnectDelay * 2);
    setTimeout(() => {
      if (tokenStore.get() === token) void this.login(token);
    }, delay);
  }

  private stopTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private onMessage(m: HubMessage): void {
    switch (m.type) {
      case 'containerList':
        this.containers = Array.isArray(m.data.containers) ? (m.data.containers as ListedContainer[]) : [];
        this.containers.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        this.renderTables();
        this.renderDetail();
        return;
      case 'sessionList':
        this.sessions = Array.isArray(m.data.sessions) ? (m.data.sessions as ListedSession[]) : [];
        this.sessions.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        this.renderTables();
        return;
      case 'event':
      case 'complete':
        this.scheduleRefresh();
        return;
      case 'status':
        if (typeof m.data.state === 'string') this.scheduleRefresh();
        if (typeof m.data.dropped === 'number') this.say(`The hub dropped ${m.data.dropped} messages (slow link).`);
        return;
      case 'log':
        if (this.matches(m)) this.logs.push(readLine(m.data, m.timestamp));
        return;
      case 'logs':
        if (this.matches(m)) this.logs.pushMany(readLines(m.data, m.timestamp));
        return;
      case 'stats':
        if (this.selection !== null && m.containerID === this.selection.containerID) {
          this.charts.add(m.data as unknown as StatsData, m.timestamp);
        }
        return;
      case 'alert':
        this.alerts.add(m);
        return;
      case 'error':
        this.say(errorText(m.data));
        return;
      default:
        return;
    }
  }

  private matches(m: HubMessage): boolean {
    const s = this.selection;
    if (s === null) return false;
    if (m.sessionId !== undefined && m.containerID === undefined) return m.sessionId === s.sessionId;
    return m.containerID === s.containerID;
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  private refresh(): void {
    this.conn?.send({ type: 'listContainers' });
    this.conn?.send({ type: 'listSessions' });
  }

  private async pollHealth(): Promise<void> {
    try {
      const res = await fetch('./readyz', { cache: 'no-store' });
      const body = (await res.json()) as { hosts?: Record<string, HostHealth> };
      this.health = body.hosts ?? {};
    } catch {
      this.health = {};
    }
    try {
      const res = await fetch('./metrics', { cache: 'no-store' });
      this.latency = res.ok ? parseOperationLatency(await res.text()) : new Map();
    } catch {
      this.latency = new Map();
    }
    this.renderHosts();
  }

  private renderHosts(): void {
    // Driver keys from `ready`, plus hosts inside a multi-host driver (a DockerHostPool) seen on containers.
    const hosts = [...new Set([...(this.conn?.hosts ?? []), ...this.containers.map((c) => c.hostId)])];
    replaceChildren(
      this.hostsList,
      ...hosts.map((id) => {
        const health = this.health[id];
        const state = health === undefined ? 'no health check' : health.healthy ? 'healthy' : 'unhealthy';
        const latency = health?.latencyMs === undefined ? '' : ` · ${Math.round(health.latencyMs)} ms`;
        const drivers = new Set(this.containers.filter((c) => c.hostId === id).map((c) => c.driver));
        const count = this.containers.filter((c) => c.hostId === id).length;
        return h(
          'li',
          { 'data-host': id },
          h('span', { class: `dot ${state.replaceAll(' ', '-')}`, 'aria-hidden': 'true' }),
          h('strong', {}, id),
          h('span', { class: 'muted' }, ` ${state}${latency} · ${plural(count, 'container')}`),
          drivers.size === 0 ? null : h('span', { class: 'muted small' }, ` (${[...drivers].join(', ')})`),
          operationLatency(this.latency.get(id)),
        );
      }),
    );
  }

  private handlers(): TableHandlers {
    return {
      canOperate: this.conn?.role === 'operator',
      selectedContainer: this.selection?.containerID ?? null,
      selectedSession: this.selection?.sessionId ?? null,
      selectContainer: (c) =>
        this.select({ containerID: c.id, hostId: c.hostId, sessionId: c.sessionId, title: c.name }),
      selectSession: (s) => {
        const c = this.containers.find((x) => x.id === s.containerId);
        this.select({ containerID: s.containerId, hostId: c?.hostId ?? '', sessionId: s.id, title: s.id });
      },
      act: (c, action) => void this.act(c, action),
    };
  }

  private renderTables(): void {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
    const handlers = this.handlers();
    replaceChildren(this.containersBox, containersTable(this.containers, handlers));
    replaceChildren(this.sessionsBox, sessionsTable(this.sessions, handlers));
    if (focused !== undefined) this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus();
    this.renderHosts();
  }

  private renderDetail(): void {
    const s = this.selection;
    if (s === null) {
      replaceChildren(
        this.detailHead,
        h('h2', {}, 'Nothing selected'),
        h('p', { class: 'muted' }, 'Pick a container or a session to follow its logs and stats.'),
      );
      return;
    }
    const c = this.containers.find((x) => x.id === s.containerID);
    replaceChildren(
      this.detailHead,
      h('h2', { title: s.containerID }, s.sessionId === null ? `Container ${s.title}` : `Session ${s.sessionId}`),
      h(
        'p',
        { class: 'muted' },
        `${shortId(s.containerID)}${c === undefined ? '' : ` · ${c.image} · ${c.hostId}`} `,
        c === undefined ? stateBadge('removed') : stateBadge(c.state),
      ),
      c === undefined ? null : actionButtons(c, this.handlers()),
    );
  }

  private select(next: Selection): void {
    const prev = this.selection;
    if (prev !== null) {
      this.conn?.send({ type: 'unsubscribe', containerID: prev.containerID });
      if (prev.sessionId !== null) this.conn?.send({ type: 'unsubscribe', sessionId: prev.sessionId });
    }
    this.selection = next;
    this.logs.reset(next.sessionId ?? next.title);
    this.charts.reset();
    this.runPanel.setTarget(next.sessionId);
    this.resubscribe();
    this.renderTables();
    this.renderDetail();
    if (matchMedia(NARROW).matches) this.detailHead.scrollIntoView({ block: 'start' });
  }

  private resubscribe(): void {
    const s = this.selection;
    if (s === null || this.conn === null) return;
    const host = s.hostId === '' ? {} : { hostId: s.hostId };
    // `batch`: the hub sends a burst of lines as one `logs` frame (one message event, one parse) instead of a frame a line
    this.conn.send({ type: 'subscribe', containerID: s.containerID, ...host, since: 0, batch: true });
    if (s.sessionId !== null) {
      this.conn.send({ type: 'subscribe', sessionId: s.sessionId, since: 0, stats: false, batch: true });
    }
  }

  private async act(c: ListedContainer, action: ContainerAction): Promise<void> {
    const conn = this.conn;
    if (conn === null || conn.role !== 'operator') return;
    const verb = { stop: 'Stop', restart: 'Restart', remove: 'Remove' }[action];
    const detail =
      action === 'remove'
        ? `Remove ${c.name} on ${c.hostId}? A running container is killed first. This cannot be undone.`
        : `${verb} ${c.name} on ${c.hostId}?`;
    if (!(await confirmAction(`${verb} container`, detail, verb))) return;
    try {
      await conn.request({ type: 'containerAction', containerID: c.id, hostId: c.hostId, action });
      this.say(`${verb}: ${c.name} done.`);
    } catch (err) {
      this.say(err instanceof Error ? err.message : String(err));
    }
    this.scheduleRefresh();
  }

  private async run(
    language: SnippetLanguage,
    code: string,
    stateful: boolean,
    onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
  ): Promise<RunOutput | null> {
    const conn = this.conn;
    if (conn === null) return null;
    const current = this.selection?.sessionId ?? null;
    const where = current === null ? `a new ${language} session` : `session ${current}`;
    if (!(await confirmAction('Run code', `Run this ${language} snippet in ${where}?`, 'Run'))) return null;
    let sessionId = current;
    if (sessionId === null) {
      this.say('Creating a session…');
      const created = await conn.request({ type: 'createSession', language });
      const session = created.data.session as { id: string; containerId: string } | undefined;
      if (session === undefined) return null;
      sessionId = session.id;
      this.refresh();
      this.select({ containerID: session.containerId, hostId: created.hostId ?? '', sessionId, title: sessionId });
    }
    const reply = await conn.request(
      { type: 'executeCode', sessionId, language, code, stream: true, ...(stateful ? { stateful } : {}) },
      (frame) => {
        if (frame.type === 'codeOutput' && typeof frame.data.text === 'string') {
          onOutput(frame.data.stream === 'stderr' ? 'stderr' : 'stdout', frame.data.text);
        }
      },
    );
    this.say(`Run in ${sessionId} finished.`);
    return reply.data as unknown as RunOutput;
  }

  private say(text: string): void {
    this.statusLine.textContent = text;
    clearTimeout(this.sayTimer);
    this.sayTimer = setTimeout(() => {
      this.statusLine.textContent = '';
    }, SAY_MS);
  }
}

/** The most called operations of a host with their mean latency (from `/metrics`), or nothing before any call. */
function operationLatency(ops: OperationLatency[] | undefined): HTMLElement | null {
  if (ops === undefined || ops.length === 0) return null;
  return h(
    'ul',
    { class: 'op-latency muted small', 'data-testid': 'op-latency', 'aria-label': 'Mean latency per operation' },
    ...ops
      .slice(0, 6)
      .map((o) =>
        h(
          'li',
          { 'data-operation': o.operation },
          `${o.operation} ×${o.count} · ${o.meanMs < 10 ? o.meanMs.toFixed(1) : Math.round(o.meanMs)} ms`,
        ),
      ),
  );
}
