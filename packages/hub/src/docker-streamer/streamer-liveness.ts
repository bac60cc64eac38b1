import { WebSocket } from 'ws';
import { CloseCode } from '../protocol/close-codes.js';

/** Settings of {@link StreamerLiveness}. */
export interface StreamerLivenessOptions {
  /** ms between WebSocket-level pings; a connection that did not answer the previous one is terminated. 0: none. */
  pingIntervalMs: number;
  /** ms a connection without subscriptions may send nothing before it is closed with 4410. 0: no bound. */
  idleTimeoutMs: number;
  /** Whether a connection holds a subscription (stats or engine events), which keeps it from being idle. */
  subscribed: (ws: WebSocket) => boolean;
}

interface Peer {
  alive: boolean;
  lastActivity: number;
}

/**
 * The hub's connection liveness for the seed streamer's connections, the `ws` way: every `pingIntervalMs` a
 * connection that did not pong since the last ping is terminated (its peer sees 1006), one without subscriptions
 * that sent no message for `idleTimeoutMs` is closed with 4410, and every other one is pinged. Idleness is checked
 * on that tick (every `pingIntervalMs`, or every `idleTimeoutMs` when pings are off), as the hub's reaper does.
 */
export class StreamerLiveness {
  readonly #peers = new Map<WebSocket, Peer>();
  readonly #options: StreamerLivenessOptions;
  readonly #timer: NodeJS.Timeout | undefined;

  /** @param options - intervals (ms, 0 disables each) and the subscription test. */
  constructor(options: StreamerLivenessOptions) {
    this.#options = options;
    const tick = options.pingIntervalMs > 0 ? options.pingIntervalMs : options.idleTimeoutMs;
    if (tick > 0) {
      this.#timer = setInterval(() => this.#sweep(), tick);
      this.#timer.unref();
    }
  }

  /** Watches a new connection (its pongs mark it alive). */
  add(ws: WebSocket): void {
    const peer: Peer = { alive: true, lastActivity: Date.now() };
    this.#peers.set(ws, peer);
    ws.on('pong', () => {
      peer.alive = true;
    });
  }

  /** A message arrived on the connection. */
  touch(ws: WebSocket): void {
    const peer = this.#peers.get(ws);
    if (peer !== undefined) peer.lastActivity = Date.now();
  }

  /** Forgets a closed connection. */
  remove(ws: WebSocket): void {
    this.#peers.delete(ws);
  }

  /** Stops the timer. */
  stop(): void {
    clearInterval(this.#timer);
    this.#peers.clear();
  }

  #sweep(): void {
    const now = Date.now();
    const { pingIntervalMs, idleTimeoutMs, subscribed } = this.#options;
    for (const [ws, peer] of this.#peers) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (!peer.alive) {
        this.#peers.delete(ws);
        ws.terminate();
        continue;
      }
      if (idleTimeoutMs > 0 && now - peer.lastActivity > idleTimeoutMs && !subscribed(ws)) {
        this.#peers.delete(ws);
        ws.close(CloseCode.idleTimeout, 'idle timeout');
        continue;
      }
      if (pingIntervalMs > 0) {
        peer.alive = false;
        ws.ping();
      }
    }
  }
}
