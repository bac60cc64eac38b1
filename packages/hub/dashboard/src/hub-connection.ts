import { errorText, type HubMessage, parseHubMessage, type Role } from './wire.js';

/** Why a connection ended, in words for the login screen. */
export function describeClose(code: number): string {
  switch (code) {
    case 4401:
      return 'The hub refused this token.';
    case 4408:
      return 'This hub needs a token.';
    case 4403:
      return 'This token may not do that.';
    case 1013:
      return 'The hub has too many connections; try again later.';
    case 1001:
      return 'The hub is shutting down.';
    default:
      return `Connection lost (code ${code}).`;
  }
}

/** A connection refused or lost before `ready`. */
export class ConnectionClosedError extends Error {
  /** @param code - the WebSocket close code. */
  constructor(readonly code: number) {
    super(describeClose(code));
    this.name = 'ConnectionClosedError';
  }
}

/** A request the hub answered with `error`. */
export class RequestFailedError extends Error {
  /** @param data - the `error` payload. */
  constructor(readonly data: Record<string, unknown>) {
    super(errorText(data));
    this.name = 'RequestFailedError';
  }
}

/** Callbacks of a {@link HubConnection}. */
export interface HubConnectionHandlers {
  /** Every message except request replies. */
  onMessage(message: HubMessage): void;
  /** The socket closed (after `ready`). */
  onClose(code: number): void;
}

interface Pending {
  resolve(message: HubMessage): void;
  reject(err: Error): void;
  /** Progress frames of the request (`codeOutput`), before its answer. */
  progress?: ((message: HubMessage) => void) | undefined;
}

/** Frames that carry a request's `requestId` but do not answer it: progress, handed to `request`'s `onProgress`. */
const PROGRESS_TYPES = new Set(['codeOutput']);

/**
 * The dashboard's WebSocket to the hub that served it (same origin). The token goes in the first message
 * (`auth`), never in the URL.
 */
export class HubConnection {
  private ws: WebSocket | null = null;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  /** The role from the last `ready`. */
  role: Role = 'reader';
  /** Host ids from `ready`. */
  hosts: string[] = [];

  /**
   * @param url - `ws(s)://host:port/`.
   * @param token - the token, or `''` for a hub without `AUTH_TOKEN`.
   */
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly handlers: HubConnectionHandlers,
  ) {}

  /** Opens the socket and authenticates; resolves with the granted role. */
  open(): Promise<Role> {
    return new Promise<Role>((resolve, reject) => {
      const ws = new WebSocket(this.url);
      this.ws = ws;
      let ready = false;
      ws.addEventListener('open', () => {
        // The `pong` to this ping marks the end of authentication: the hub answers in order, so by then
        // the `ready` of the `auth` (or the close of a refused token) has arrived.
        if (this.token !== '') ws.send(JSON.stringify({ type: 'auth', token: this.token }));
        if (this.token !== '') ws.send(JSON.stringify({ type: 'ping', data: 'auth' }));
      });
      ws.addEventListener('message', (ev: MessageEvent) => {
        const msg = parseHubMessage(ev.data);
        if (msg === null) return;
        if (msg.type === 'ready') {
          this.role = readRole(msg.data.role);
          this.hosts = Array.isArray(msg.data.hosts) ? msg.data.hosts.map(String) : [];
        }
        if (!ready && (msg.type === 'pong' || (msg.type === 'ready' && this.token === ''))) {
          ready = true;
          this.startPing();
          resolve(this.role);
          return;
        }
        if (msg.type === 'ready' || msg.type === 'pong') return;
        if (this.settle(msg)) return;
        this.handlers.onMessage(msg);
      });
      ws.addEventListener('close', (ev: CloseEvent) => {
        this.stopPing();
        for (const p of this.pending.values()) p.reject(new ConnectionClosedError(ev.code));
        this.pending.clear();
        if (!ready) reject(new ConnectionClosedError(ev.code));
        else this.handlers.onClose(ev.code);
      });
    });
  }

  /** Sends a message that needs no answer. */
  send(message: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  /**
   * Sends a request and waits for the reply that carries its `requestId` (or its `error`); progress frames of
   * the request (`codeOutput` of a streamed run) go to `onProgress` meanwhile.
   */
  request(message: Record<string, unknown>, onProgress?: (message: HubMessage) => void): Promise<HubMessage> {
    const requestId = `r${this.nextId}`;
    this.nextId += 1;
    return new Promise<HubMessage>((resolve, reject) => {
      if (this.ws?.readyState !== WebSocket.OPEN) {
        reject(new ConnectionClosedError(1006));
        return;
      }
      this.pending.set(requestId, { resolve, reject, progress: onProgress });
      this.ws.send(JSON.stringify({ ...message, requestId }));
    });
  }

  /** Closes the socket (normal closure). */
  close(): void {
    this.stopPing();
    this.ws?.close(1000, 'dashboard closed');
    this.ws = null;
  }

  private settle(msg: HubMessage): boolean {
    const id = msg.data.requestId;
    if (typeof id !== 'string') return false;
    const p = this.pending.get(id);
    if (p === undefined) return false;
    if (PROGRESS_TYPES.has(msg.type)) {
      p.progress?.(msg);
      return true;
    }
    this.pending.delete(id);
    if (msg.type === 'error') p.reject(new RequestFailedError(msg.data));
    else p.resolve(msg);
    return true;
  }

  private startPing(): void {
    // The hub closes connections with no subscription that stay silent (SESSION_TIMEOUT); a ping keeps it.
    this.pingTimer = setInterval(() => this.send({ type: 'ping' }), 60_000);
  }

  private stopPing(): void {
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}

function readRole(value: unknown): Role {
  return value === 'operator' || value === 'producer' ? value : 'reader';
}
