import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type ContainerDriver, ValidationError } from '@berth/core';
import type { DockerClient } from '@berth/driver-docker';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { type Grant, grantForToken, tokenFromRequest } from '../auth/index.js';
import { ChannelRegistry } from '../channels/index.js';
import { ClientConnection, CorkBatch } from '../clients/index.js';
import { assertSafeBinding, DEFAULT_HUB_CONFIG, type HubConfig, parseAllowedOrigins } from '../config/index.js';
import { DockerWebSocketStreamer } from '../docker-streamer/docker-websocket-streamer.js';
import { checkWebSocketPath } from '../docker-streamer/streamer-env.js';
import { EventFeed } from '../events/index.js';
import { createLogger } from '../logging/index.js';
import { HubAlertSink, HubMetrics, HubMonitoring, type MonitorContainersOptions } from '../metrics/index.js';
import { HubOperations, type SessionControl } from '../operations/index.js';
import { CloseCode, type CloseCodeValue, encodeMessage } from '../protocol/index.js';
import type { SessionSource } from '../upstreams/index.js';
import { heartbeat, sweepBackPressure } from './connection-reaper.js';
import { DEFAULT_DASHBOARD_DIR } from './dashboard-dir.js';
import { EngineEventFeed } from './engine-event-feed.js';
import { createHttpHandler } from './http-routes.js';
import { MessageHandler } from './message-handler.js';
import { refuseOrigin } from './origin-policy.js';

/** Something the hub disposes on shutdown (a session manager). */
export interface Disposable {
  /** Releases what it owns. */
  dispose(): Promise<void>;
}

/** Options of a {@link HubServer}. */
export interface HubServerOptions {
  /** Settings; missing fields take {@link DEFAULT_HUB_CONFIG}. */
  config?: Partial<HubConfig>;
  /** Drivers by host id (a `DockerHostPool` is one driver). At least one. */
  drivers: ReadonlyMap<string, ContainerDriver> | Record<string, ContainerDriver>;
  /**
   * Session manager behind `subscribe { sessionId }`, and (when it has them) `listSessions`, `createSession`,
   * `executeCode` and session events. `SessionManager` from `@berth/session-manager` has them all.
   */
  sessions?: SessionSource & Partial<Disposable> & Partial<SessionControl>;
  /** Logger; default: pino at `config.logLevel`. */
  logger?: Logger;
  /** Dispose drivers and session manager on {@link HubServer.close}. Default `true`. */
  disposeOnClose?: boolean;
  /** Stats sampling period for container channels, ms. Default 1000. */
  statsIntervalMs?: number;
  /** Register prom-client default process metrics. Default `true`. */
  defaultMetrics?: boolean;
  /**
   * Sample every running container of every driver into the `berth_container_*` gauges on `/metrics` (see
   * {@link HubServer.monitoring}). Default `false` (one `stats$` stream per running container).
   */
  monitorContainers?: boolean | MonitorContainersOptions;
  /**
   * Folder of the built dashboard served at `/` (`index.html` plus `assets/`); `false` serves none.
   * Default: {@link DEFAULT_DASHBOARD_DIR} (`packages/hub/dist/dashboard`, built by `npm run build`).
   */
  dashboardDir?: string | false;
  /**
   * The WebSocket endpoint path (the Docker client seed's `WEBSOCKET_PATH`, e.g. `/docker/stats`): upgrades are
   * accepted there and at `/` (the dashboard's), other paths get HTTP 404. Default: any path.
   */
  websocketPath?: string;
  /**
   * Also serve the docker-client seed's streamer protocol (`DockerWebSocketStreamer`: `connection` greeting,
   * `subscribe { hostId, containerId }` → `containerStats`, `listContainers` → `containerList { containers }`,
   * `subscribeEvents` → `dockerEvent`, `getSystemInfo` / `getSystemVersion` / `getSystemUsage`) on the hub's port at
   * `path` — what a client written to that seed's README connects to. The hub protocol stays at every other path
   * (at `/` only when {@link websocketPath} is set). The hub's tokens apply: with `AUTH_TOKEN`, `?token=`,
   * `Authorization: Bearer` or the seed's `auth { token }` field (any reader, producer or operator token that is
   * not scoped to one id), and so does its liveness: a WebSocket-level ping every `HEARTBEAT_INTERVAL` (no pong by
   * the next one: terminated), and a connection without a subscription that sends nothing for `SESSION_TIMEOUT` is
   * closed with 4410. `berth hub` sets it for Docker hosts.
   */
  seedStreamer?: SeedStreamerOptions;
}

/** The docker-client seed's streamer mounted in a {@link HubServer} (`HubServerOptions.seedStreamer`). */
export interface SeedStreamerOptions {
  /** The seed's clients by host id (the hub's host ids, so both protocols name a host alike). */
  clients: ReadonlyMap<string, DockerClient>;
  /** Endpoint path. Default {@link HubServerOptions.websocketPath}, else `/docker/stats` (the seed's). */
  path?: string;
  /** Stats sampling interval of a `subscribe`, ms (the seed's `STATS_INTERVAL`). Default 5000. */
  statsIntervalMs?: number;
  /** Disconnect the clients on {@link HubServer.close} (with `disposeOnClose`). Default `true`. */
  disconnectOnClose?: boolean;
}

/** Where a started hub listens. */
export interface HubAddress {
  /** The address it is bound to (`127.0.0.1` unless `HOST` or `config.host` says otherwise). */
  host: string;
  /** The TCP port it listens on (the one the system chose when the configured port was 0). */
  port: number;
  /** `ws://host:port` */
  url: string;
}

/**
 * The Berth hub: a WebSocket server streaming logs, status and stats of containers and sessions, with
 * `/healthz`, `/readyz` and `/metrics` on the same port.
 *
 * @example
 * ```ts
 * const hub = new HubServer({ drivers: { local: new LocalDriver({ home }) }, config: { port: 8080 } });
 * const { url } = await hub.start();
 * process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
 * ```
 */
export class HubServer {
  /** Effective settings. */
  readonly config: HubConfig;
  /** Prometheus metrics (per-hub registry). */
  readonly metrics: HubMetrics;
  /**
   * Monitoring on the same registry: every driver call timed and counted (`berth_driver_*`, whoever calls),
   * breaker states, sessions, container gauges; `monitoring.alertSink()` is the `hub` alert action's sink.
   */
  readonly monitoring: HubMonitoring;
  /** Structured logger. */
  readonly log: Logger;
  private readonly drivers: ReadonlyMap<string, ContainerDriver>;
  private readonly registry: ChannelRegistry;
  private readonly clients = new Set<ClientConnection>();
  private readonly corks = new CorkBatch();
  private readonly messages: MessageHandler;
  private readonly events: EventFeed;
  private readonly engineEvents: EngineEventFeed;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly streamer: { path: string; server: DockerWebSocketStreamer } | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closing: Promise<void> | null = null;
  private listening = false;

  constructor(private readonly options: HubServerOptions) {
    const config: HubConfig = { ...DEFAULT_HUB_CONFIG, ...stripUndefined(options.config ?? {}) };
    config.allowedOrigins = parseAllowedOrigins(config.allowedOrigins);
    this.config = config;
    this.drivers = options.drivers instanceof Map ? options.drivers : new Map(Object.entries(options.drivers));
    if (this.drivers.size === 0) {
      throw new ValidationError([{ path: 'drivers', message: 'give at least one driver' }], {}, 'hub options');
    }
    if (options.websocketPath !== undefined) checkWebSocketPath(options.websocketPath, 'websocketPath');
    this.log = options.logger ?? createLogger({ level: this.config.logLevel });
    this.metrics = new HubMetrics({ defaultMetrics: options.defaultMetrics ?? true });
    this.registry = new ChannelRegistry(
      this.drivers,
      options.sessions,
      {
        ringSize: this.config.ringBufferSize,
        ringBytes: this.config.ringBufferBytes,
        maxSubscriptionsPerClient: this.config.maxSubscriptionsPerClient,
        // with producers, an id no driver knows may be a producer-only channel: subscribing waits for it
        waitForProducers: this.config.producerToken !== undefined || this.config.operatorToken !== undefined,
        ...(options.statsIntervalMs === undefined ? {} : { statsIntervalMs: options.statsIntervalMs }),
      },
      this.metrics,
      this.log,
    );
    const sessions = options.sessions;
    this.events = new EventFeed({
      drivers: this.drivers,
      log: this.log,
      openTimeoutMs: this.config.eventsOpenTimeoutMs,
      ...(sessions?.events$ === undefined ? {} : { sessionEvents$: sessions.events$ }),
    });
    this.engineEvents = new EngineEventFeed({
      drivers: this.drivers,
      log: this.log,
      openTimeoutMs: this.config.eventsOpenTimeoutMs,
    });
    this.monitoring = new HubMonitoring({
      registry: this.metrics.registry,
      drivers: this.drivers,
      sessions,
      alerts: new HubAlertSink((frame) => this.events.publish(frame)),
      monitorContainers: options.monitorContainers,
      logger: this.log,
    });
    const operations = new HubOperations({
      registry: this.registry,
      log: this.log,
      ...(sessions === undefined ? {} : { sessions }),
    });
    this.messages = new MessageHandler({
      events: this.events,
      engineEvents: this.engineEvents,
      operations,
      tokens: this.config,
      registry: this.registry,
      drivers: this.drivers,
      metrics: this.metrics,
      log: this.log,
      queueLimits: { maxMessages: this.config.maxPendingMessages, maxBytes: this.config.maxPendingBytes },
      connectionCount: () => this.clients.size,
      connections: {
        authenticated: (client, role) => this.authenticated(client, role),
        refuse: (client, reason) => this.refuse(client, reason),
        close: (client, code, reason) => this.closeClient(client, code, reason),
      },
    });
    this.http = createServer(
      createHttpHandler({
        registry: this.metrics.registry,
        drivers: this.drivers,
        closing: () => this.closing !== null,
        tokens: this.config,
        dashboardDir: options.dashboardDir === undefined ? DEFAULT_DASHBOARD_DIR : options.dashboardDir,
      }),
    );
    this.streamer = this.seedStreamer(options.seedStreamer);
    // autoPong off: WebSocket-level pongs go through the client's bounded send path like every other frame
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.maxPayloadBytes, autoPong: false });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  /** Number of open client connections (hub protocol; the seed streamer's are counted apart). */
  get connectionCount(): number {
    return this.clients.size;
  }

  /** Where the docker-client seed's streamer protocol is served (`seedStreamer`), if it is. */
  get seedStreamerPath(): string | undefined {
    return this.streamer?.path;
  }

  private seedStreamer(
    options: SeedStreamerOptions | undefined,
  ): { path: string; server: DockerWebSocketStreamer } | undefined {
    if (options === undefined) return undefined;
    const path = checkWebSocketPath(options.path ?? this.options.websocketPath ?? '/docker/stats', 'seedStreamer.path');
    if (path === '/') {
      throw new ValidationError(
        [{ path: 'seedStreamer.path', message: 'must not be / (the hub protocol and the dashboard are there)' }],
        {},
        'hub options',
      );
    }
    const config = this.config;
    const server = new DockerWebSocketStreamer(new Map(options.clients), {
      noServer: true,
      maxConnections: config.maxSessions,
      maxBufferedBytes: config.clientBufferLimitBytes,
      authTimeoutMs: config.authTimeoutMs,
      // the hub's liveness: HEARTBEAT_INTERVAL pings (no pong: terminated), SESSION_TIMEOUT idle bound (4410)
      pingIntervalMs: config.heartbeatIntervalMs,
      idleTimeoutMs: config.sessionTimeoutMs,
      ...(options.statsIntervalMs === undefined ? {} : { heartbeatInterval: options.statsIntervalMs }),
      // the hub's tokens, once set; a token scoped to one id does not open a stream of every container
      ...(config.authToken === undefined
        ? {}
        : {
            verifyToken: (token: string) => {
              const grant = grantForToken(config, token);
              return grant !== null && grant.scope === undefined;
            },
          }),
    });
    return { path, server };
  }

  /**
   * Starts listening.
   *
   * @throws InsecureBindError for a non-loopback host without `authToken`.
   */
  async start(): Promise<HubAddress> {
    assertSafeBinding(this.config);
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.config.port, this.config.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    const reaper = { clients: this.clients, config: this.config, metrics: this.metrics, log: this.log };
    const close = (client: ClientConnection, code: CloseCodeValue, reason: string): void =>
      this.closeClient(client, code, reason);
    this.timers.push(setInterval(() => heartbeat(reaper, close), this.config.heartbeatIntervalMs));
    const sweep = Math.max(20, Math.min(500, Math.floor(this.config.slowClientGraceMs / 4)));
    this.timers.push(setInterval(() => sweepBackPressure(reaper), sweep));
    const address = this.address();
    this.log.info(
      {
        host: address.host,
        port: address.port,
        hosts: [...this.drivers.keys()],
        auth: this.config.authToken !== undefined,
      },
      'hub listening',
    );
    return address;
  }

  /** Where the hub listens (after {@link start}). */
  address(): HubAddress {
    const info = this.http.address() as AddressInfo | null;
    const port = info?.port ?? this.config.port;
    const host = this.config.host;
    const shown = host.includes(':') ? `[${host}]` : host;
    return { host, port, url: `ws://${shown}:${port}` };
  }

  /**
   * Graceful shutdown: stops accepting, sends `complete` and closes every client with 1001, releases every
   * upstream, disposes drivers and the session manager (unless `disposeOnClose: false`). Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.log.info({ connections: this.clients.size }, 'hub shutting down');
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const httpClosed = this.listening
      ? new Promise<void>((resolve) => this.http.close(() => resolve()))
      : Promise.resolve();
    this.registry.closeAll();
    this.events.close();
    this.engineEvents.close();
    const frame = encodeMessage({ type: 'complete', data: { reason: 'hub shutting down' } });
    const closed = [...this.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.ws.readyState === client.ws.CLOSED) return resolve();
          client.ws.once('close', () => resolve());
          client.sendFrame(frame);
          this.closeClient(client, CloseCode.goingAway, 'hub shutting down');
          setTimeout(() => {
            client.ws.terminate();
            resolve();
          }, 2000).unref();
        }),
    );
    await Promise.all(closed);
    this.http.closeAllConnections();
    await httpClosed;
    this.wss.close();
    this.streamer?.server.close();
    await this.monitoring.close();
    if (this.options.disposeOnClose ?? true) {
      await this.options.sessions
        ?.dispose?.()
        .catch((err: unknown) => this.log.warn({ err }, 'session manager dispose failed'));
      await Promise.all(
        [...this.drivers.values()].map((d) =>
          d.dispose().catch((err: unknown) => this.log.warn({ err, driver: d.name }, 'driver dispose failed')),
        ),
      );
      if (this.options.seedStreamer !== undefined && this.options.seedStreamer.disconnectOnClose !== false) {
        await Promise.all(
          [...this.options.seedStreamer.clients.values()].map((c) =>
            c.disconnect().catch((err: unknown) => this.log.warn({ err }, 'seed streamer client disconnect failed')),
          ),
        );
      }
    }
    this.log.info('hub stopped');
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing !== null) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const wsPath = this.options.websocketPath;
    const path = (req.url ?? '/').split('?')[0];
    const streamer = this.streamer !== undefined && path === this.streamer.path ? this.streamer.server : undefined;
    if (streamer === undefined && wsPath !== undefined && path !== wsPath && path !== '/') {
      const body = `Not Found: the WebSocket endpoint is ${wsPath}\n`;
      socket.end(
        `HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    const refused = refuseOrigin(req.headers, this.config);
    if (refused !== null) {
      this.metrics.authFailures.inc({ reason: 'origin' });
      this.log.warn(
        { remote: req.socket.remoteAddress, origin: String(req.headers.origin).slice(0, 200) },
        `upgrade refused: ${refused}`,
      );
      const body = 'Forbidden: Origin not allowed (same-origin or ALLOWED_ORIGINS)\n';
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    if (streamer !== undefined) {
      // the seed's streamer protocol; it checks the token (upgrade or `auth` field) itself
      streamer.handleUpgrade(req, socket, head);
      return;
    }
    const token = tokenFromRequest(req.headers, req.url);
    const grant =
      token === undefined && this.config.authToken !== undefined ? undefined : grantForToken(this.config, token);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req, grant));
  }

  /** @param role - what the token grants, `null` for a refused token, `undefined` when an `auth` message must come first. */
  private onConnection(ws: WebSocket, req: IncomingMessage, role: Grant | null | undefined): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const client = new ClientConnection(
      ws,
      randomUUID(),
      remote,
      { bufferLimitBytes: this.config.clientBufferLimitBytes, graceMs: this.config.slowClientGraceMs },
      this.metrics,
      this.corks,
    );
    ws.on('error', (err) => this.log.debug({ conn: client.id, err: err.message }, 'socket error'));
    if (this.clients.size >= this.config.maxSessions) {
      this.log.warn(
        { conn: client.id, remote, max: this.config.maxSessions },
        'connection refused: MAX_SESSIONS reached',
      );
      this.closeClient(client, CloseCode.tryAgainLater, 'too many connections (MAX_SESSIONS)');
      return;
    }
    if (role === null) {
      this.refuse(client, 'wrong token in upgrade request');
      return;
    }
    this.clients.add(client);
    this.metrics.connections.set(this.clients.size);
    ws.on('pong', () => {
      client.isAlive = true;
    });
    ws.on('ping', (data: Buffer) => client.pong(data));
    ws.on('message', (data: RawData, isBinary: boolean) => this.messages.onMessage(client, data, isBinary));
    ws.on('close', (code: number) => {
      this.messages.forget(client);
      this.clients.delete(client);
      this.metrics.connections.set(this.clients.size);
      this.registry.removeClient(client);
      this.events.unwatch(client);
      this.engineEvents.removeClient(client);
      this.log.info({ conn: client.id, code, dropped: client.droppedTotal }, 'connection closed');
    });
    if (role === undefined) {
      const deadline = setTimeout(() => {
        if (client.role !== null || !client.open) return;
        this.metrics.authFailures.inc({ reason: 'timeout' });
        this.log.warn({ conn: client.id, remote }, 'auth refused: no auth message before the deadline');
        this.closeClient(client, CloseCode.authTimeout, 'auth timeout');
      }, this.config.authTimeoutMs);
      deadline.unref();
      ws.once('close', () => clearTimeout(deadline));
      this.log.debug({ conn: client.id, remote }, 'connection awaiting auth');
      return;
    }
    this.authenticated(client, role);
  }

  private authenticated(client: ClientConnection, grant: Grant): void {
    const role = grant.role;
    client.role = role;
    client.scope = grant.scope ?? null;
    this.log.info(
      { conn: client.id, remote: client.remote, role, scoped: client.scope !== null },
      'connection authenticated',
    );
    client.sendFrame(
      encodeMessage({
        type: 'ready',
        data: {
          role,
          ...(grant.scope === undefined ? {} : { scope: grant.scope }),
          hosts: [...this.drivers.keys()],
          heartbeatIntervalMs: this.config.heartbeatIntervalMs,
        },
      }),
    );
  }

  private refuse(client: ClientConnection, reason: string): void {
    this.metrics.authFailures.inc({ reason: 'token' });
    this.log.warn({ conn: client.id, remote: client.remote }, `auth refused: ${reason}`);
    this.closeClient(client, CloseCode.unauthorized, 'unauthorized');
  }

  private closeClient(client: ClientConnection, code: CloseCodeValue, reason: string): void {
    this.metrics.closes.inc({ code: String(code) });
    client.close(code, reason);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
