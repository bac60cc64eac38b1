import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test's webhook receiver got. */
export interface ReceivedWebhook {
  /** Request path. */
  path: string;
  /** Request headers. */
  headers: IncomingMessage['headers'];
  /** Parsed JSON body. */
  body: unknown;
}

/** A loopback HTTP server recording the POSTs it gets; `respond` decides each answer (default 204). */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Everything received, in order. */
  received: ReceivedWebhook[];
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number): Promise<ReceivedWebhook[]>;
  /** Closes the server and every connection. */
  close(): Promise<void>;
}

/**
 * Starts a loopback webhook receiver (tests only; not part of the package's API).
 *
 * @param respond - status for the nth request (0-based), or `'hang'` to never answer.
 */
export async function startWebhookReceiver(
  respond: (n: number) => number | 'hang' = () => 204,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<{ n: number; resolve: (r: ReceivedWebhook[]) => void }> = [];
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = count++;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      received.push({ path: req.url ?? '/', headers: req.headers, body });
      for (const w of waiters.filter((x) => received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve([...received]);
      }
      const status = respond(n);
      if (status === 'hang') return;
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor: (n) =>
      received.length >= n ? Promise.resolve([...received]) : new Promise((resolve) => waiters.push({ n, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
