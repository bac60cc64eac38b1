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
}

/** Back-pressure limits of one connection. */
export interface BackPressureLimits {
  /** `bufferedAmount` above which frames are dropped. */
  bufferLimitBytes: number;
  /** How long the connection may stay above the limit before it is closed with 4429. */
  graceMs: number;
}

/**
 * One client WebSocket with its role, subscriptions and back-pressure state. Frames are pre-serialised
 * (one `Buffer` per fan-out, shared by every subscriber). Above the buffered limit frames are dropped and
 * counted; once the socket drains the client gets a `status { dropped }`; staying above the limit longer
 * than the grace period closes the connection with 4429.
 */
export class ClientConnection implements Corkable {
  /** Set false before each heartbeat ping, true on pong. */
  isAlive = true;
  /** `null` until authenticated. */
  role: Role | null = null;
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
   * @returns `true` when written, `false` when dropped or closed.
   */
  sendFrame(frame: Buffer): boolean {
    if (!this.open) return false;
    if (this.ws.bufferedAmount > this.limits.bufferLimitBytes) {
      this.droppedSinceNotice += 1;
      this.droppedTotal += 1;
      this.overLimitSince ??= Date.now();
      this.meter.dropped();
      return false;
    }
    if (this.droppedSinceNotice > 0) this.flushDropNotice();
    this.write(frame);
    this.meter.sent(1);
    return true;
  }

  /** Sends a frame regardless of back-pressure (control replies: `error`, `pong`, `subscribed` …). */
  sendControl(frame: Buffer): void {
    if (!this.open) return;
    this.write(frame);
    this.meter.sent(1);
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
    // A client that does not read will not read the close frame either: cut it after a short wait.
    setTimeout(() => this.ws.terminate(), 1000).unref();
    return true;
  }

  /** Closes with a hub close code (idempotent). */
  close(code: CloseCodeValue, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
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
  }

  /** Uncorks the socket (called by the {@link CorkBatch} on the next tick). */
  uncork(): void {
    this.socket?.uncork();
  }
}
