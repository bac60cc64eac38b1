import { ValidationError } from '@berth/core';
import { WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../protocol/index.js';

/** How {@link HubClient.connect} presents its token. */
export type TokenTransport = 'header' | 'query' | 'message';

/** Options of {@link HubClient.connect}. */
export interface HubClientOptions {
  /** Token to present. */
  token?: string;
  /** How to present it. Default `header`. */
  via?: TokenTransport;
  /** Wait for the hub's `ready` message before resolving. Default `true`. */
  waitReady?: boolean;
  /** Give up after this many ms. Default 10000. */
  timeoutMs?: number;
  /**
   * Most messages kept in {@link HubClient.inbox} (those no waiter or listener took); beyond it the oldest is
   * dropped and counted in {@link HubClient.inboxDropped}. Default 10000.
   */
  inboxLimit?: number;
}

/** How a connection ended. */
export interface CloseInfo {
  /** The WebSocket close code (the hub's own are 44xx: 4401 unauthenticated, 4429 too slow …; hub README). */
  code: number;
  /** The close frame's reason text (empty when the peer gave none). */
  reason: string;
}

/**
 * A small typed client of the hub protocol: sends validated message shapes, buffers what arrives, and lets
 * callers await the next message that matches.
 *
 * @example
 * ```ts
 * const hub = await HubClient.connect('ws://127.0.0.1:8080', { token });
 * hub.send({ type: 'subscribe', containerID: id, since: 0 });
 * for await (const msg of hub.messages()) if (msg.type === 'log') console.log(msg.data.text);
 * ```
 */
export class HubClient {
  /** Every message received that no waiter consumed, oldest first (at most `inboxLimit`). */
  readonly inbox: ServerMessage[] = [];
  /** Messages dropped from a full inbox (the oldest go first). */
  inboxDropped = 0;
  /** Resolves when the socket closes. */
  readonly closed: Promise<CloseInfo>;
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private listeners = new Set<(m: ServerMessage) => void>();
  private closeInfo: CloseInfo | null = null;

  private constructor(
    readonly ws: WebSocket,
    private readonly inboxLimit: number,
  ) {
    this.closed = new Promise<CloseInfo>((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      });
    });
    ws.on('message', (data: Buffer) => this.onFrame(data));
    ws.on('error', () => undefined);
  }

  /** Opens a connection (and authenticates, if `token` is given). */
  static async connect(url: string, options: HubClientOptions = {}): Promise<HubClient> {
    const via = options.via ?? 'header';
    const target = new URL(url);
    const headers: Record<string, string> = {};
    if (options.token !== undefined && via === 'query') target.searchParams.set('token', options.token);
    if (options.token !== undefined && via === 'header') headers.authorization = `Bearer ${options.token}`;
    const inboxLimit = options.inboxLimit ?? 10_000;
    if (!Number.isInteger(inboxLimit) || inboxLimit < 1) {
      throw new ValidationError([{ path: 'inboxLimit', message: 'must be a positive integer' }], {}, 'hub client');
    }
    const ws = new WebSocket(target, { headers });
    const client = new HubClient(ws, inboxLimit);
    const timeoutMs = options.timeoutMs ?? 10_000;
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
        void client.closed.then((c) => reject(new Error(`closed ${c.code} ${c.reason}`)));
      }),
      timeoutMs,
      'connect',
    );
    if (options.token !== undefined && via === 'message') client.send({ type: 'auth', token: options.token });
    if (options.waitReady ?? true) await client.next((m) => m.type === 'ready', timeoutMs);
    return client;
  }

  /** Sends a protocol message. */
  send(message: ClientMessage): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Sends raw text (for tests of the hub's validation). */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** The close code and reason, once closed. */
  get closeResult(): CloseInfo | null {
    return this.closeInfo;
  }

  /**
   * The next message (from the inbox first) that satisfies `match`; it is removed from the inbox.
   *
   * @throws Error after `timeoutMs` or when the socket closes first.
   */
  next<T extends ServerMessage = ServerMessage>(match: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<T> {
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as T);
    if (this.closeInfo !== null) return Promise.reject(new Error(`connection closed (${this.closeInfo.code})`));
    return withTimeout(
      new Promise<T>((resolve, reject) => {
        const waiter = { match, resolve: resolve as (m: ServerMessage) => void };
        this.waiters.push(waiter);
        void this.closed.then((c) => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`connection closed (${c.code})`));
        });
      }),
      timeoutMs,
      'waiting for a message',
    );
  }

  /** Calls `listener` for every message from now on (bypassing the inbox). @returns a function that stops it. */
  onMessage(listener: (m: ServerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the connection and waits for the close to complete. */
  async close(code = 1000): Promise<CloseInfo> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code);
    return withTimeout(this.closed, 5000, 'close').catch(() => {
      this.ws.terminate();
      return this.closed;
    });
  }

  private onFrame(data: Buffer): void {
    const msg = JSON.parse(data.toString('utf8')) as ServerMessage;
    if (this.listeners.size > 0) {
      for (const listener of this.listeners) listener(msg);
      return;
    }
    const index = this.waiters.findIndex((w) => w.match(msg));
    if (index >= 0) {
      const [waiter] = this.waiters.splice(index, 1);
      waiter?.resolve(msg);
      return;
    }
    this.inbox.push(msg);
    if (this.inbox.length > this.inboxLimit) {
      this.inbox.shift();
      this.inboxDropped += 1;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
