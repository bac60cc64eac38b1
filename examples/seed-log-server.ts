// The WebSocket log server seed (shared/seeds/websocket-server.md) as its README reads, on Berth: start the server
// (`npm start` is the seed's `pnpm build && pnpm start`; here its last step, `berth hub`, on the local driver, no
// Docker), connect with `?token=`, subscribe to `container-123`, and receive the seed's `log` and `status` messages,
// sent by a container peer as the seed's Architecture says; then `heartbeat` and `complete`. The JSON is the seed's,
// word for word (its two tokens made one: the server checks both against AUTH_TOKEN).
// Run: npm run build && bash scripts/run-examples.sh seed-log-server
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const BERTH_BIN = fileURLToPath(new URL('../../packages/hub/bin/berth.js', import.meta.url));
const AUTH_TOKEN = 'your-secure-token'; // the seed's `export AUTH_TOKEN=your-secure-token`
const PRODUCER_TOKEN = 'a-container-peer-token'; // Berth: peers that publish hold a producer token

interface Frame {
  type: string;
  containerID?: string;
  timestamp?: string;
  data?: Record<string, unknown>;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`unexpected result: ${what}`);
}

/** Starts `berth hub` with the seed's environment and resolves with the port from its banner. */
function startServer(home: string): Promise<{ server: ChildProcess; port: number }> {
  const server = spawn(process.execPath, [BERTH_BIN, 'hub'], {
    env: {
      ...process.env,
      BERTH_DRIVER: 'local',
      BERTH_HOME: home,
      PORT: '0', // the seed's 8080 may be taken on a CI box: any free port
      HOST: '127.0.0.1',
      AUTH_TOKEN,
      PRODUCER_TOKEN,
      HEARTBEAT_INTERVAL: '30000',
      SESSION_TIMEOUT: '300000',
      MAX_SESSIONS: '100',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let banner = '';
    server.once('exit', (code) => reject(new Error(`berth hub exited with ${String(code)} before listening`)));
    server.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const m = /listening on ws:\/\/[^:]+:(\d+)/.exec(banner);
      if (m?.[1] !== undefined) resolve({ server, port: Number(m[1]) });
    });
  });
}

/** A seed client: a WebSocket that collects the JSON frames it receives. */
class SeedClient {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      this.frames.push(JSON.parse(String(raw)) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(url: string): Promise<SeedClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new SeedClient(ws)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first frame (received or to come) that matches, within 10 s. */
  async next(match: (f: Frame) => boolean, what: string): Promise<Frame> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const hit = this.frames.find(match);
      if (hit !== undefined) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within 10 s; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'berth-seed-log-server-'));
  const { server, port } = await startServer(home);
  const clients: SeedClient[] = [];
  try {
    console.log(`The server is available at ws://localhost:${port}`);

    // ---- seed: "Connect to the Server" (the port is the one the server printed)
    const ws = await SeedClient.open(`ws://localhost:${port}?token=your-secure-token`);
    clients.push(ws);

    // ---- seed: "Subscribe to container logs"
    ws.send({
      type: 'subscribe',
      containerID: 'container-123',
      auth: {
        token: AUTH_TOKEN,
      },
    });
    const subscribed = await ws.next((f) => f.type === 'subscribed', 'subscribed');
    check(subscribed.containerID === 'container-123', `subscribed: ${JSON.stringify(subscribed)}`);

    // A Docker container of the seed's Architecture, as a peer: it sends the seed's messages for its own id.
    const container = await SeedClient.open(`ws://localhost:${port}?token=${PRODUCER_TOKEN}`);
    clients.push(container);
    // ---- seed: "Receive log messages"
    container.send({
      type: 'log',
      containerID: 'container-123',
      timestamp: '2024-01-01T00:00:00Z',
      data: {
        level: 'info',
        message: 'Repository cloned successfully',
      },
    });
    // ---- seed: "Status updates"
    container.send({
      type: 'status',
      containerID: 'container-123',
      timestamp: '2024-01-01T00:00:00Z',
      data: {
        status: 'running',
        message: 'Executing Claude Code task',
      },
    });

    const log = await ws.next((f) => f.type === 'log', 'log');
    check(
      log.containerID === 'container-123' &&
        log.data?.['level'] === 'info' &&
        log.data['message'] === 'Repository cloned successfully',
      `log: ${JSON.stringify(log)}`,
    );
    console.log(`log    [${String(log.data?.['level'])}] ${String(log.data?.['message'])}`);
    const status = await ws.next((f) => f.type === 'status', 'status');
    check(
      status.data?.['status'] === 'running' && status.data['message'] === 'Executing Claude Code task',
      `status: ${JSON.stringify(status)}`,
    );
    console.log(`status ${String(status.data?.['status'])}: ${String(status.data?.['message'])}`);

    // ---- seed: "Message Types": heartbeat (connection health) and complete (task completion)
    ws.send({ type: 'heartbeat' });
    await ws.next((f) => f.type === 'heartbeat', 'heartbeat');
    container.send({ type: 'complete', containerID: 'container-123', data: { message: 'done' } });
    const complete = await ws.next((f) => f.type === 'complete', 'complete');
    check(complete.containerID === 'container-123', `complete: ${JSON.stringify(complete)}`);
    console.log('heartbeat and complete received; done');
  } finally {
    for (const c of clients) c.ws.close();
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
