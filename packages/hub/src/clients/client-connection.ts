import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { Role } from '../auth/index.js';
import type { CloseCodeValue } from '../protocol/index.js';
import { CloseCode, encodeMessage } from '../protocol/index.js';
import { type Corkable, CorkBatch } from './cork-batch.js';

const TEXT = { binary: false } as const;

/** Counters a connection reports to; implemented by the hub's metrics. */
export interface ConnectionMeter {
  /** `n` frames written. */
  sent(n: number): void;
  /** One frame dropped for back-pressure. */
  dropped(): void;
  /** The connection's buffered bytes right after a write (the meter keeps the peak). */
  buffered(bytes: number): void;
}

/** Back-pressure limits of one connection. */
export interface BackPressureLimits {
  /** `bufferedAmount` above which frames are dropped. */
  bufferLimitBytes: number;
  /** How long the connection may stay above the limit before it is closed with 4429. */
  graceMs: number;
}

/** How long a client that does not read the hub's close frame keeps its socket, ms. */
const CLOSE_GRACE_MS = 1000;

/**
 * One client WebSocket with its role, subscriptions and back-pressure state. Every frame the hub sends —
 * log lines, replies (`pong`, `error`, `subscribed` …), `complete`, WebSocket pongs — goes through
 * {@link sendFrame}, the one bounded path: above the buffered limit frames are dropped and counted; once the
 * socket drains the client gets a `status { dropped }`; staying above the limit longer than the grace period
 * closes the connection with 4429. Frames are pre-serialised (one `Buffer` per fan-out, shared by every
 * subscriber), so a client's memory is bounded by the limit plus one frame.
 */
export class ClientConnection implements Corkable {
  /** Set false before each heartbeat ping, true on pong. */
  isAlive = true;
  /** `null` until authenticated. */
  role: Role | null = null;
  /** The one container or session id a scoped producer token limits this connection to; `null`: any id. */
  scope: string | null = null;
  /** Last inbound message (ms since epoch). */
  lastActivity = Date.now();
  /** Channel keys this client is subscribed to. */
  readonly subscriptions = new Set<string>();
  /** Frames dropped since the last drop notice. */
  droppedSinceNotice = 0;
  /** Frames dropped over the connection's life. */
  droppedTotal = 0;
  private overLimitSince: number | null = null;
  /** `true` while the socket is corked for the current turn (managed with the {@link CorkBatch}). */
  corked = false;
  private closing = false;
  private readonly socket: Socket | undefined;

  /**
   * @param ws - the accepted socket.
   * @param id - connection id for logs.
   * @param remote - remote address for logs.
   * @param limits - back-pressure limits.
   * @param meter - counters.
   * @param corks - the hub's cork batch (one per hub).
   */
  constructor(
    readonly ws: WebSocket,
    readonly id: string,
    readonly remote: string,
    private readonly limits: BackPressureLimits,
    private readonly meter: ConnectionMeter,
    private readonly corks: CorkBatch = new CorkBatch(),
  ) {
    this.socket = (ws as unknown as { _socket?: Socket })._socket;
  }

  /** `true` while the socket is open and not being closed by the hub. */
  get open(): boolean {
    return !this.closing && this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a pre-encoded frame unless the client is over its buffered limit.
   *
   * @param messages - how many messages the frame carries (a `logs` frame: its lines), counted when dropped.
   * @returns `true` when written, `false` when dropped or closed.
   */
  sendFrame(frame: Buffer, messages = 1): boolean {
    if (!this.open) return false;
    if (this.overLimit(messages)) return false;
    if (this.droppedSinceNotice > 0) this.flushDropNotice();
    this.write(frame);
    this.meter.sent(1);
    return true;
  }

  /** Counts a drop (of `messages` messages) and starts the grace period when the client is above its buffered limit. */
  private overLimit(messages = 1): boolean {
    if (this.ws.bufferedAmount <= this.limits.bufferLimitBytes) return false;
    this.droppedSinceNotice += messages;
    this.droppedTotal += messages;
    this.overLimitSince ??= Date.now();
    this.meter.dropped();
    return true;
  }

  /**
   * Answers a WebSocket-level ping through the same bound (the server runs with `autoPong: false`).
   *
   * @returns `true` when the pong was written.
   */
  pong(data: Buffer): boolean {
    if (!this.open) return false;
    if (this.overLimit()) return false;
    this.ws.pong(data);
    this.meter.buffered(this.ws.bufferedAmount);
    return true;
  }

  /**
   * Periodic back-pressure check: reports drops once drained, closes with 4429 after the grace period.
   *
   * @returns `true` when the connection was closed for being too slow.
   */
  checkBackPressure(now: number): boolean {
    if (this.overLimitSince === null || !this.open) return false;
    if (this.ws.bufferedAmount <= this.limits.bufferLimitBytes) {
      this.overLimitSince = null;
      if (this.droppedSinceNotice > 0) this.flushDropNotice();
      return false;
    }
    if (now - this.overLimitSince < this.limits.graceMs) return false;
    this.close(CloseCode.tooSlow, 'client too slow: buffered limit exceeded');
    return true;
  }

  /**
   * Closes with a hub close code (idempotent). A client that does not read will not read the close frame
   * either: its socket is cut {@link CLOSE_GRACE_MS} later unless the close completed.
   */
  close(code: CloseCodeValue, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
    const cut = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
    cut.unref();
    this.ws.once('close', () => clearTimeout(cut));
  }

  private flushDropNotice(): void {
    const dropped = this.droppedSinceNotice;
    this.droppedSinceNotice = 0;
    this.write(
      encodeMessage({
        type: 'status',
        data: { dropped, message: `${dropped} messages dropped: the client did not read fast enough` },
      }),
    );
    this.meter.sent(1);
  }

  /** Writes within one cork per event-loop turn, so a burst of frames leaves in one syscall. */
  private write(frame: Buffer): void {
    if (!this.corked && this.socket !== undefined) {
      this.corked = true;
      this.socket.cork();
      this.corks.add(this);
    }
    this.ws.send(frame, TEXT);
    this.meter.buffered(this.ws.bufferedAmount);
  }

  /** Uncorks the socket (called by the {@link CorkBatch} on the next tick). */
  uncork(): void {
    this.socket?.uncork();
  }
}
