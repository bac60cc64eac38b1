import { WebSocket } from 'ws';

/**
 * A plain `ws` client of JSON frames, the way a client written from a seed's README talks to the hub or the
 * streamer: every frame it receives is kept until a test takes it with {@link FrameInbox.next}.
 *
 * @example
 * ```ts
 * const inbox = await FrameInbox.open<{ type: string }>(`${url}?token=${token}`);
 * inbox.send({ type: 'getSystemInfo', hostId: 'local' });
 * const info = await inbox.next((m) => m.type === 'systemInfo');
 * inbox.ws.terminate();
 * ```
 */
export class FrameInbox<F> {
  /** The socket (send on it, terminate it when done). */
  readonly ws: WebSocket;
  readonly #kept: F[] = [];
  readonly #waiters: { match: (frame: F) => boolean; resolve: (frame: F) => void }[] = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as F;
      const w = this.#waiters.findIndex((x) => x.match(frame));
      if (w >= 0) this.#waiters.splice(w, 1)[0]?.resolve(frame);
      else this.#kept.push(frame);
    });
  }

  /** Connects to `url` (frames are kept from the first one on); resolves once open, rejects on the socket's error. */
  static async open<F>(url: string): Promise<FrameInbox<F>> {
    const inbox = new FrameInbox<F>(new WebSocket(url));
    await new Promise((resolve, reject) => inbox.ws.once('open', resolve).once('error', reject));
    return inbox;
  }

  /** The first kept frame that matches (taken out), else the next matching one to arrive. */
  next(match: (frame: F) => boolean): Promise<F> {
    const i = this.#kept.findIndex(match);
    if (i >= 0) return Promise.resolve(this.#kept.splice(i, 1)[0] as F);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** The frames received and not taken yet, oldest first. */
  kept(): readonly F[] {
    return [...this.#kept];
  }

  /** Sends `message` as one JSON text frame. */
  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }
}
