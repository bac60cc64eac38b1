import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isBerthError } from '@berth/core';
import type { DockerClient, StatsCollector as StatsCollectorType } from '@berth/driver-docker';
import { StatsCollector } from '@berth/driver-docker';
import { WebSocket, WebSocketServer } from 'ws';
import { tokenFromRequest } from '../auth/index.js';
import { HubUnknownHostError } from '../errors/index.js';
import { websocketEnv } from './streamer-env.js';
import { StreamerLiveness } from './streamer-liveness.js';
import { parseStreamerMessage, type StreamerMessage } from './streamer-messages.js';

/** Options of {@link DockerWebSocketStreamer}, as the Docker client seed spells them (plus `host` and `env`). */
export interface WebSocketOptions {
  /** Port to listen on; 0 picks a free one. Default `WEBSOCKET_PORT`, else 8080. */
  port?: number;
  /** WebSocket endpoint path. Default `WEBSOCKET_PATH`, else `/docker/stats`. */
  path?: string;
  /** Where `WEBSOCKET_PORT` / `WEBSOCKET_PATH` are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Address to bind. Default `127.0.0.1` (the seed binds every interface; Berth's hub needs a token for that). */
  host?: string;
  /** Maximum concurrent connections; more are closed with 1013. Default 100. */
  maxConnections?: number;
  /**
   * Bytes a client may have waiting to be sent (`ws.bufferedAmount`); a frame to a client above it is dropped and
   * counted in {@link DockerWebSocketStreamer.droppedFrames}, so a client that never reads costs at most this plus
   * one frame. Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /** Stats sampling interval per subscription in ms. Default 5000. */
  heartbeatInterval?: number;
  /**
   * Bind no port: the owner of an HTTP server hands the upgrades of {@link path} to
   * {@link DockerWebSocketStreamer.handleUpgrade} (how `HubServer` mounts the streamer on its own port).
   * Default `false`.
   */
  noServer?: boolean;
  /**
   * Require a token: `?token=` or `Authorization: Bearer` on the upgrade, or the seed's `auth { token }` field on a
   * message (any type; the first message must carry it when the upgrade did not). Returns whether a token is
   * accepted. A wrong or missing token closes the connection with 4401, none within {@link authTimeoutMs} with 4408
   * (the hub's close codes). Default: no token needed (the seed's streamer has none).
   */
  verifyToken?: (token: string) => boolean;
  /** With {@link verifyToken}: ms a connection that came without a token has to send one. Default 5000. */
  authTimeoutMs?: number;
  /**
   * ms between WebSocket-level pings (the hub's `HEARTBEAT_INTERVAL`): a connection that did not answer the previous
   * ping with a pong is terminated (no close frame: its peer sees 1006). 0 disables. Default 30000.
   */
  pingIntervalMs?: number;
  /**
   * ms a connection without a subscription (`subscribe` or `subscribeEvents`) may send no message before it is
   * closed with 4410 (the hub's `SESSION_TIMEOUT`); checked every `pingIntervalMs`. 0 disables. Default 300000.
   */
  idleTimeoutMs?: number;
}

/** Close codes of a refused connection, the hub's (see `CloseCode`). */
const UNAUTHORIZED = 4401;
const AUTH_TIMEOUT = 4408;

interface Subscription {
  collector: StatsCollectorType;
  clients: Set<WebSocket>;
  stop: () => void;
}

/** What one client keeps of a host's engine events. Empty sets keep everything. */
interface EventFilter {
  types: ReadonlySet<string>;
  actions: ReadonlySet<string>;
}

/** One host's engine event stream, shared by the clients that subscribed to it. */
interface EventSubscription {
  clients: Map<WebSocket, EventFilter>;
  emitter: Promise<EventEmitter>;
}

/** Host operations answered by one message each: request type → [reply type, reply field, seed wording]. */
const HOST_QUERIES = {
  getSystemInfo: ['systemInfo', 'info', 'get system info'],
  getSystemVersion: ['systemVersion', 'version', 'get system version'],
  getSystemUsage: ['systemUsage', 'usage', 'get system usage'],
} as const;

/**
 * The Docker client seed's `DockerWebSocketStreamer`: a WebSocket endpoint over several {@link DockerClient}s
 * (keyed by host id) speaking the seed's protocol: on connect `{ type: 'connection' }`; `subscribe { hostId,
 * containerId }` → `subscribed`, then `containerStats { hostId, containerId, stats, timestamp }` every interval;
 * `unsubscribe` → `unsubscribed`; `listContainers { hostId }` → `containerList { hostId, containers }`; anything
 * else → `error { message }`. Stats go to the subscribers of that container (the seed broadcast them to every
 * client). Berth adds, in the same style: `subscribeEvents { hostId, filters? }` (the seed's `getEvents` filters
 * `{ type, event }`) → `subscribed { hostId, events: true }`, then `dockerEvent { hostId, event }` with the event
 * as `getEvents()` emits it (`Type`, `Action`, `Actor`, `time`, `timeNano`, `host`) — images, networks and volumes
 * as well as containers, one engine stream per host however many clients; `unsubscribeEvents { hostId }`;
 * `getSystemInfo` / `getSystemVersion` / `getSystemUsage { hostId }` → `systemInfo { info }` / `systemVersion
 * { version }` / `systemUsage { usage }`. Every `error` also carries a Berth `code` (`BERTH_HUB_UNKNOWN_HOST` for
 * an unknown host, `BERTH_VALIDATION` for a bad message, the driver's code for a failure). Port and path default
 * to the seed's `WEBSOCKET_PORT` / `WEBSOCKET_PATH`. For Berth's full hub (logs, status, sessions, auth) use
 * `HubServer`. Dead and idle connections are closed: a WebSocket-level ping every `pingIntervalMs`, terminated
 * without a pong by the next one; 4410 after `idleTimeoutMs` without a message or a subscription. With `noServer` and
 * `verifyToken` it is mounted on another server's port (`HubServer`'s
 * `seedStreamer`, which `berth hub --driver docker` sets at `WEBSOCKET_PATH`).
 *
 * @example
 * ```ts
 * const wsStreamer = new DockerWebSocketStreamer(dockerClients, { port: 8080, path: '/docker/stats' });
 * await wsStreamer.listening;
 * ```
 */
export class DockerWebSocketStreamer {
  /** Resolves once the server listens; rejects when it cannot (e.g. the port is taken). */
  readonly listening: Promise<void>;
  readonly #server: WebSocketServer;
  readonly #clients = new Set<WebSocket>();
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #events = new Map<string, EventSubscription>();
  readonly #dockerClients: Map<string, DockerClient>;
  readonly #intervalMs: number;
  readonly #maxConnections: number;
  readonly #maxBuffered: number;
  readonly #verifyToken: ((token: string) => boolean) | undefined;
  readonly #authTimeoutMs: number;
  /** Connections still owing a token (with `verifyToken`). */
  readonly #unauthenticated = new WeakSet<WebSocket>();
  readonly #liveness: StreamerLiveness;
  #dropped = 0;

  /**
   * @param dockerClients - connected clients by host id.
   * @param options - port, path, host, limits.
   * @throws ValidationError for a bad `WEBSOCKET_PORT` or `WEBSOCKET_PATH` (when the options do not set them).
   */
  constructor(dockerClients: Map<string, DockerClient>, options: WebSocketOptions = {}) {
    this.#dockerClients = dockerClients;
    this.#intervalMs = options.heartbeatInterval ?? 5000;
    this.#maxConnections = options.maxConnections ?? 100;
    this.#maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.#verifyToken = options.verifyToken;
    this.#authTimeoutMs = options.authTimeoutMs ?? 5000;
    this.#liveness = new StreamerLiveness({
      pingIntervalMs: options.pingIntervalMs ?? 30_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
      subscribed: (ws) => this.#subscribed(ws),
    });
    if (options.noServer === true) {
      this.#server = new WebSocketServer({ noServer: true });
      this.listening = Promise.resolve();
    } else {
      const env =
        options.port !== undefined && options.path !== undefined ? {} : websocketEnv(options.env ?? process.env);
      this.#server = new WebSocketServer({
        port: options.port ?? env.port ?? 8080,
        host: options.host ?? '127.0.0.1',
        path: options.path ?? env.path ?? '/docker/stats',
      });
      this.listening = new Promise<void>((resolve, reject) => {
        this.#server.once('listening', resolve);
        this.#server.once('error', reject);
      });
    }
    // a listen failure is reported through `listening`, never as an unhandled 'error'
    this.listening.catch(() => undefined);
    this.#server.on('error', () => undefined);
    this.#server.on('connection', (ws: WebSocket, req: IncomingMessage) => this.#accept(ws, req));
  }

  /**
   * Takes over one upgrade request (with `noServer`): the connection then speaks the streamer's protocol.
   *
   * @param req - the upgrade request (its `?token=` / `Authorization` is checked with `verifyToken`).
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(req, socket, head, (ws) => this.#server.emit('connection', ws, req));
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.#clients.size;
  }

  /** The bound address (its `port` when listening on 0); not with `noServer` (the owner's server has it). */
  address(): AddressInfo {
    return this.#server.address() as AddressInfo;
  }

  /** Frames dropped because their client had more than `maxBufferedBytes` waiting. */
  get droppedFrames(): number {
    return this.#dropped;
  }

  #send(ws: WebSocket, message: Record<string, unknown>): void {
    this.#write(ws, JSON.stringify({ ...message, timestamp: new Date() }));
  }

  /** The one way out: open clients only, and none above the buffered bound. */
  #write(ws: WebSocket, frame: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > this.#maxBuffered) {
      this.#dropped += 1;
      return;
    }
    ws.send(frame);
  }

  #accept(ws: WebSocket, req: IncomingMessage): void {
    if (this.#clients.size >= this.#maxConnections) {
      ws.close(1013, 'too many connections');
      return;
    }
    if (this.#verifyToken !== undefined) {
      const token = tokenFromRequest(req.headers, req.url);
      if (token !== undefined && !this.#verifyToken(token)) {
        ws.close(UNAUTHORIZED, 'unauthorized');
        return;
      }
      if (token === undefined) this.#awaitToken(ws);
    }
    this.#clients.add(ws);
    this.#liveness.add(ws);
    this.#send(ws, { type: 'connection', message: 'Connected to Docker stats stream' });
    ws.on('message', (raw) => {
      this.#liveness.touch(ws);
      let data: unknown;
      try {
        data = JSON.parse(String(raw));
      } catch {
        if (this.#unauthenticated.has(ws)) return this.#refuse(ws);
        this.#send(ws, { type: 'error', code: 'BERTH_VALIDATION', message: 'Invalid message format' });
        return;
      }
      if (!this.#authenticate(ws, data)) return;
      const parsed = parseStreamerMessage(data);
      if (!parsed.ok) {
        this.#send(ws, { type: 'error', code: parsed.code, message: parsed.message });
        return;
      }
      void this.#handle(ws, parsed.msg);
    });
    ws.on('close', () => this.#drop(ws));
    ws.on('error', () => this.#drop(ws));
  }

  /** A connection that came without a token: it has `authTimeoutMs` to send a message carrying one. */
  #awaitToken(ws: WebSocket): void {
    this.#unauthenticated.add(ws);
    const deadline = setTimeout(() => {
      if (this.#unauthenticated.has(ws)) ws.close(AUTH_TIMEOUT, 'auth timeout');
    }, this.#authTimeoutMs);
    deadline.unref();
    ws.once('close', () => clearTimeout(deadline));
  }

  /**
   * Checks the seed's `auth { token }` field of a message (with `verifyToken`): a wrong token, or none while the
   * connection still owes one, closes it (4401). The token is never echoed or logged.
   *
   * @returns whether the message may be handled.
   */
  #authenticate(ws: WebSocket, data: unknown): boolean {
    if (this.#verifyToken === undefined) return true;
    const auth = typeof data === 'object' && data !== null ? (data as { auth?: unknown }).auth : undefined;
    const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (token === undefined) {
      if (!this.#unauthenticated.has(ws)) return true;
      this.#refuse(ws);
      return false;
    }
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096 || !this.#verifyToken(token)) {
      this.#refuse(ws);
      return false;
    }
    this.#unauthenticated.delete(ws);
    return true;
  }

  #refuse(ws: WebSocket): void {
    ws.close(UNAUTHORIZED, 'unauthorized');
  }

  /** Whether the connection holds a stats or engine event subscription. */
  #subscribed(ws: WebSocket): boolean {
    for (const sub of this.#subscriptions.values()) if (sub.clients.has(ws)) return true;
    for (const sub of this.#events.values()) if (sub.clients.has(ws)) return true;
    return false;
  }

  #drop(ws: WebSocket): void {
    this.#clients.delete(ws);
    this.#liveness.remove(ws);
    for (const [key, sub] of this.#subscriptions) {
      sub.clients.delete(ws);
      if (sub.clients.size === 0) this.#end(key);
    }
    for (const hostId of [...this.#events.keys()]) this.#leaveEvents(ws, hostId);
  }

  #end(key: string): void {
    const sub = this.#subscriptions.get(key);
    if (sub === undefined) return;
    sub.stop();
    this.#subscriptions.delete(key);
  }

  async #handle(ws: WebSocket, msg: StreamerMessage): Promise<void> {
    const hostId = msg.hostId;
    if (msg.type === 'unsubscribe') {
      const key = `${hostId}:${msg.containerId}`;
      const sub = this.#subscriptions.get(key);
      sub?.clients.delete(ws);
      if (sub !== undefined && sub.clients.size === 0) this.#end(key);
      this.#send(ws, { type: 'unsubscribed', hostId, containerId: msg.containerId });
      return;
    }
    if (msg.type === 'unsubscribeEvents') {
      this.#leaveEvents(ws, hostId);
      this.#send(ws, { type: 'unsubscribed', hostId, events: true });
      return;
    }
    const client = this.#dockerClients.get(hostId);
    if (client === undefined) {
      const error = new HubUnknownHostError(hostId, [...this.#dockerClients.keys()], msg.type);
      this.#send(ws, { type: 'error', code: error.code, hostId, message: `Unknown host: ${hostId}` });
      return;
    }
    if (msg.type === 'listContainers') {
      try {
        this.#send(ws, { type: 'containerList', hostId, containers: await client.listContainers() });
      } catch (err) {
        this.#fail(ws, hostId, 'list containers', err);
      }
      return;
    }
    if (msg.type === 'subscribeEvents') {
      try {
        await this.#subscribeEvents(ws, client, hostId, {
          types: new Set(msg.filters?.type ?? []),
          actions: new Set(msg.filters?.event ?? []),
        });
        this.#send(ws, { type: 'subscribed', hostId, events: true });
      } catch (err) {
        this.#fail(ws, hostId, 'subscribe', err);
      }
      return;
    }
    if (msg.type === 'subscribe') {
      try {
        await this.#subscribe(ws, client, hostId, msg.containerId);
        this.#send(ws, { type: 'subscribed', hostId, containerId: msg.containerId });
      } catch (err) {
        this.#fail(ws, hostId, 'subscribe', err);
      }
      return;
    }
    const [reply, field, wording] = HOST_QUERIES[msg.type];
    try {
      const value =
        msg.type === 'getSystemInfo'
          ? await client.getSystemInfo()
          : msg.type === 'getSystemVersion'
            ? await client.getSystemVersion()
            : await client.getSystemUsage();
      this.#send(ws, { type: reply, hostId, [field]: value });
    } catch (err) {
      this.#fail(ws, hostId, wording, err);
    }
  }

  /** The seed's `Failed to …: <message>` error, with the typed error's code. */
  #fail(ws: WebSocket, hostId: string, what: string, err: unknown): void {
    const code = isBerthError(err) ? err.code : 'BERTH_ERROR';
    this.#send(ws, { type: 'error', code, hostId, message: `Failed to ${what}: ${(err as Error).message}` });
  }

  async #subscribeEvents(ws: WebSocket, client: DockerClient, hostId: string, filter: EventFilter): Promise<void> {
    const existing = this.#events.get(hostId);
    if (existing !== undefined) {
      existing.clients.set(ws, filter);
      await existing.emitter;
      return;
    }
    const clients = new Map<WebSocket, EventFilter>([[ws, filter]]);
    const emitter = client.getEvents();
    this.#events.set(hostId, { clients, emitter });
    try {
      const events = await emitter;
      events.on('data', (event: { Type: string; Action: string }) => {
        let frame: string | undefined;
        for (const [c, f] of clients) {
          if (f.types.size > 0 && !f.types.has(event.Type)) continue;
          if (f.actions.size > 0 && !f.actions.has(event.Action)) continue;
          frame ??= JSON.stringify({ type: 'dockerEvent', hostId, event, timestamp: new Date() });
          this.#write(c, frame);
        }
      });
      events.on('error', (err: Error) => {
        for (const c of clients.keys()) this.#fail(c, hostId, 'stream events', err);
      });
      // every client left while the stream was opening
      if (clients.size === 0) events.emit('close');
    } catch (err) {
      this.#events.delete(hostId);
      throw err;
    }
  }

  #leaveEvents(ws: WebSocket, hostId: string): void {
    const sub = this.#events.get(hostId);
    if (sub === undefined || !sub.clients.delete(ws) || sub.clients.size > 0) return;
    this.#events.delete(hostId);
    void sub.emitter.then(
      (e) => e.emit('close'),
      () => undefined,
    );
  }

  async #subscribe(ws: WebSocket, client: DockerClient, hostId: string, containerId: string): Promise<void> {
    const key = `${hostId}:${containerId}`;
    const existing = this.#subscriptions.get(key);
    if (existing !== undefined) {
      existing.clients.add(ws);
      return;
    }
    // a known container only: the seed's collector would sample an unknown id forever
    await client.docker.getContainer(containerId).inspect();
    const emitter = new EventEmitter();
    const collector = new StatsCollector(client.docker, emitter);
    const clients = new Set<WebSocket>([ws]);
    emitter.on('containerStats', (s: { stats: unknown; timestamp: Date }) => {
      for (const c of clients) this.#send(c, { type: 'containerStats', hostId, containerId, stats: s.stats });
    });
    emitter.on('statsError', (s: { error: string }) => {
      for (const c of clients) this.#send(c, { type: 'error', hostId, containerId, message: s.error });
    });
    this.#subscriptions.set(key, { collector, clients, stop: () => collector.stopAll() });
    await collector.startCollecting(containerId, this.#intervalMs);
  }

  /** Stops every collector and engine event stream, closes every connection and the server. */
  close(): void {
    this.#liveness.stop();
    for (const key of [...this.#subscriptions.keys()]) this.#end(key);
    for (const [hostId, sub] of [...this.#events])
      for (const ws of [...sub.clients.keys()]) this.#leaveEvents(ws, hostId);
    for (const ws of this.#clients) ws.terminate();
    this.#clients.clear();
    this.#server.close();
  }
}
