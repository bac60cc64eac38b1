import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { DockerClient, StatsCollector as StatsCollectorType } from '@berth/driver-docker';
import { StatsCollector } from '@berth/driver-docker';
import { WebSocket, WebSocketServer } from 'ws';

/** Options of {@link DockerWebSocketStreamer}, as the Docker client seed spells them (plus `host`). */
export interface WebSocketOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** WebSocket endpoint path. Default `/docker/stats`. */
  path?: string;
  /** Address to bind. Default `127.0.0.1` (the seed binds every interface; Berth's hub needs a token for that). */
  host?: string;
  /** Maximum concurrent connections; more are closed with 1013. Default 100. */
  maxConnections?: number;
  /** Stats sampling interval per subscription in ms. Default 5000. */
  heartbeatInterval?: number;
}

interface Subscription {
  collector: StatsCollectorType;
  clients: Set<WebSocket>;
  stop: () => void;
}

/**
 * The Docker client seed's `DockerWebSocketStreamer`: a WebSocket endpoint over several {@link DockerClient}s
 * (keyed by host id) speaking the seed's protocol: on connect `{ type: 'connection' }`; `subscribe { hostId,
 * containerId }` → `subscribed`, then `containerStats { hostId, containerId, stats, timestamp }` every interval;
 * `unsubscribe` → `unsubscribed`; `listContainers { hostId }` → `containerList { hostId, containers }`; anything
 * else → `error { message }`. Stats go to the subscribers of that container (the seed broadcast them to every
 * client). For Berth's full hub (logs, status, sessions, auth) use `HubServer`.
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
  readonly #dockerClients: Map<string, DockerClient>;
  readonly #intervalMs: number;
  readonly #maxConnections: number;

  /**
   * @param dockerClients - connected clients by host id.
   * @param options - port, path, host, limits.
   */
  constructor(dockerClients: Map<string, DockerClient>, options: WebSocketOptions = {}) {
    this.#dockerClients = dockerClients;
    this.#intervalMs = options.heartbeatInterval ?? 5000;
    this.#maxConnections = options.maxConnections ?? 100;
    this.#server = new WebSocketServer({
      port: options.port ?? 8080,
      host: options.host ?? '127.0.0.1',
      path: options.path ?? '/docker/stats',
    });
    this.listening = new Promise<void>((resolve, reject) => {
      this.#server.once('listening', resolve);
      this.#server.once('error', reject);
    });
    // a listen failure is reported through `listening`, never as an unhandled 'error'
    this.listening.catch(() => undefined);
    this.#server.on('error', () => undefined);
    this.#server.on('connection', (ws) => this.#accept(ws));
  }

  /** The bound address (its `port` when listening on 0). */
  address(): AddressInfo {
    return this.#server.address() as AddressInfo;
  }

  #send(ws: WebSocket, message: Record<string, unknown>): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ ...message, timestamp: new Date() }));
  }

  #accept(ws: WebSocket): void {
    if (this.#clients.size >= this.#maxConnections) {
      ws.close(1013, 'too many connections');
      return;
    }
    this.#clients.add(ws);
    this.#send(ws, { type: 'connection', message: 'Connected to Docker stats stream' });
    ws.on('message', (raw) => {
      let data: { type?: unknown; hostId?: unknown; containerId?: unknown };
      try {
        data = JSON.parse(String(raw)) as typeof data;
      } catch {
        this.#send(ws, { type: 'error', message: 'Invalid message format' });
        return;
      }
      void this.#handle(ws, data);
    });
    ws.on('close', () => this.#drop(ws));
    ws.on('error', () => this.#drop(ws));
  }

  #drop(ws: WebSocket): void {
    this.#clients.delete(ws);
    for (const [key, sub] of this.#subscriptions) {
      sub.clients.delete(ws);
      if (sub.clients.size === 0) this.#end(key);
    }
  }

  #end(key: string): void {
    const sub = this.#subscriptions.get(key);
    if (sub === undefined) return;
    sub.stop();
    this.#subscriptions.delete(key);
  }

  async #handle(ws: WebSocket, data: { type?: unknown; hostId?: unknown; containerId?: unknown }): Promise<void> {
    const hostId = String(data.hostId ?? '');
    const containerId = String(data.containerId ?? '');
    const client = this.#dockerClients.get(hostId);
    if (data.type !== 'subscribe' && data.type !== 'unsubscribe' && data.type !== 'listContainers') {
      this.#send(ws, { type: 'error', message: `Unknown message type: ${String(data.type)}` });
      return;
    }
    if (data.type === 'unsubscribe') {
      const key = `${hostId}:${containerId}`;
      const sub = this.#subscriptions.get(key);
      sub?.clients.delete(ws);
      if (sub !== undefined && sub.clients.size === 0) this.#end(key);
      this.#send(ws, { type: 'unsubscribed', hostId, containerId });
      return;
    }
    if (client === undefined) {
      this.#send(ws, { type: 'error', message: `Unknown host: ${hostId}` });
      return;
    }
    if (data.type === 'listContainers') {
      try {
        this.#send(ws, { type: 'containerList', hostId, containers: await client.listContainers() });
      } catch (err) {
        this.#send(ws, { type: 'error', message: `Failed to list containers: ${(err as Error).message}` });
      }
      return;
    }
    try {
      await this.#subscribe(ws, client, hostId, containerId);
      this.#send(ws, { type: 'subscribed', hostId, containerId });
    } catch (err) {
      this.#send(ws, { type: 'error', message: `Failed to subscribe: ${(err as Error).message}` });
    }
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

  /** Stops every collector, closes every connection and the server. */
  close(): void {
    for (const key of [...this.#subscriptions.keys()]) this.#end(key);
    for (const ws of this.#clients) ws.terminate();
    this.#clients.clear();
    this.#server.close();
  }
}
