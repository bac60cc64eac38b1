/**
 * Standing attack probes of the hub (issue 12): what a hostile or careless client does, kept as tests so a
 * regression fails CI. Runs on the mock driver; every assertion reads the hub's own counters (close codes,
 * peak buffered bytes, pending messages, upstream gauge), never a wall-clock threshold.
 */
import type { Socket } from 'node:net';
import { MockDriver } from '@berth/driver-mock';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { HubClient } from '../client/index.js';
import type { HubConfig } from '../config/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';
const KiB = 1024;
const MiB = 1024 * KiB;

/** Deterministic PRNG (mulberry32) so a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MESSAGE_TYPES = [
  'ping',
  'subscribe',
  'unsubscribe',
  'listContainers',
  'watchEvents',
  'unwatchEvents',
  'listSessions',
  'containerAction',
  'createSession',
  'executeCode',
  'explode',
];

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 2 ? 5 : 7));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 2 ** 40) * (rand() < 0.5 ? -1 : 1);
    case 3:
      return randomString(rand, Math.floor(rand() * 40));
    case 4:
      return rand() * 1e308;
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(rand() * 4); i++) o[randomString(rand, 6)] = randomValue(rand, depth + 1);
      return o;
    }
  }
}

function randomString(rand: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(rand() * 0x2fff));
  return s;
}

/**
 * A random message: half the time a known `type` with random fields, else any JSON, else random text or
 * random bytes in a binary frame (invalid UTF-8 in a text frame is a protocol error `ws` closes with 1007,
 * probed on its own).
 */
function randomFrame(rand: () => number): { data: string | Buffer; binary: boolean } {
  const r = rand();
  if (r < 0.5) {
    const msg: Record<string, unknown> = { type: MESSAGE_TYPES[Math.floor(rand() * MESSAGE_TYPES.length)] };
    for (const key of ['containerID', 'sessionId', 'hostId', 'since', 'data', 'action', 'language', 'code']) {
      if (rand() < 0.3) msg[key] = randomValue(rand);
    }
    return { data: JSON.stringify(msg), binary: false };
  }
  if (r < 0.8) return { data: JSON.stringify(randomValue(rand)) ?? 'null', binary: false };
  if (r < 0.9) return { data: randomString(rand, 1 + Math.floor(rand() * 200)), binary: false };
  const bytes = Buffer.alloc(1 + Math.floor(rand() * 200));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
  return { data: bytes, binary: true };
}

describe(`${HubServer.name} attack probes`, () => {
  const cleanups: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  const startHub = async (config: Partial<HubConfig> = {}, withSessions = false) => {
    const mock = new MockDriver({ acceptAnyImage: true });
    const sessions = withSessions ? new SessionManager(mock) : undefined;
    const hub = new HubServer({
      drivers: { mock },
      ...(sessions === undefined ? {} : { sessions }),
      config: { port: 0, heartbeatIntervalMs: 3_600_000, ...config },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    const { url, port } = await hub.start();
    cleanups.push(() => hub.close());
    return { hub, mock, url, port };
  };

  const connect = async (url: string, options: Parameters<typeof HubClient.connect>[1] = {}) => {
    const client = await HubClient.connect(url, options);
    cleanups.push(() => client.close());
    return client;
  };

  /** A raw `ws` client (no HubClient inbox); resolves once open, or once `ready` arrived with `waitReady`. */
  const rawSocket = async (url: string, waitReady: boolean) => {
    const ws = new WebSocket(url);
    ws.on('error', () => undefined);
    cleanups.push(async () => ws.terminate());
    // listening before `open`: `ready` may arrive in the same chunk as the upgrade response
    const ready = new Promise<void>((resolve) => ws.once('message', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (waitReady) await ready;
    return ws;
  };

  /** The client stops reading its socket (it keeps writing): a reader that never reads. */
  const stopReading = (ws: WebSocket): void => {
    (ws as unknown as { _socket: Socket })._socket.pause();
  };

  /**
   * Sends one frame, waits until it left the client (so the loop cannot outrun its own socket), then yields
   * one event-loop turn so the hub — in this same process — gets to read it.
   */
  const sendAndFlush = (ws: WebSocket, data: string | Buffer, binary = false) =>
    new Promise<boolean>((resolve) => {
      if (ws.readyState !== WebSocket.OPEN) return resolve(false);
      ws.send(data, { binary }, (err) => setImmediate(() => resolve(err === undefined || err === null)));
    });

  const closesWith = async (hub: HubServer, code: number): Promise<number> => {
    const metric = await hub.metrics.closes.get();
    return metric.values.find((v) => v.labels.code === String(code))?.value ?? 0;
  };

  const gauge = async (hub: HubServer, name: 'upstreams' | 'channels' | 'connections'): Promise<number> =>
    (await hub.metrics[name].get()).values[0]?.value ?? 0;

  /** Polls `check` until it holds; the deadline is only a safety net for a broken hub. */
  const eventually = async (check: () => Promise<boolean> | boolean, safetyMs = 15_000): Promise<boolean> => {
    const stop = Date.now() + safetyMs;
    while (Date.now() < stop) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return check();
  };

  describe('slow readers (back-pressure on every frame)', () => {
    const limits = { clientBufferLimitBytes: 256 * KiB, slowClientGraceMs: 100 };

    it('closes a client that sends pings and never reads with 4429; its buffer stays bounded', async () => {
      const { hub, url } = await startHub(limits);
      const ws = await rawSocket(url, true);
      stopReading(ws);
      const ping = JSON.stringify({ type: 'ping', data: 'p'.repeat(32 * KiB) });
      // 2,000 pongs of 32 KiB = 64 MiB: far beyond kernel buffers plus the 256 KiB limit
      for (let i = 0; i < 2000 && (await closesWith(hub, 4429)) === 0; i++) {
        if (!(await sendAndFlush(ws, ping))) break;
      }
      expect(await eventually(async () => (await closesWith(hub, 4429)) === 1)).toBe(true);
      expect(hub.metrics.snapshot().peakBufferedBytes).toBeLessThanOrEqual(limits.clientBufferLimitBytes + 64 * KiB);
      expect(hub.metrics.snapshot().framesDropped).toBeGreaterThan(0);
      // the hub cuts a client that does not read its close frame either
      expect(await eventually(async () => hub.connectionCount === 0)).toBe(true);
    });

    it('answers WebSocket-level pings through the same bound (4429 for a ping flood that never reads)', async () => {
      const { hub, url } = await startHub(limits);
      const ws = await rawSocket(url, true);
      stopReading(ws);
      const payload = Buffer.alloc(125, 1); // the largest control frame
      for (let i = 0; i < 400 && (await closesWith(hub, 4429)) === 0; i++) {
        if (ws.readyState !== WebSocket.OPEN) break;
        for (let j = 0; j < 500; j++) ws.ping(payload);
        await sendAndFlush(ws, JSON.stringify({ type: 'ping' }));
      }
      expect(await eventually(async () => (await closesWith(hub, 4429)) === 1)).toBe(true);
      expect(hub.metrics.snapshot().peakBufferedBytes).toBeLessThanOrEqual(limits.clientBufferLimitBytes + 64 * KiB);
    });

    it('closes an unauthenticated client with 4401 at its first malformed frame, even when it never reads', async () => {
      const { hub, url } = await startHub({ ...limits, authToken: READER });
      const ws = await rawSocket(url, false);
      stopReading(ws);
      for (let i = 0; i < 20_000 && (await closesWith(hub, 4401)) === 0; i++) {
        if (!(await sendAndFlush(ws, `{not json ${i}`))) break;
      }
      expect(await closesWith(hub, 4401)).toBe(1);
      expect(hub.metrics.snapshot().framesSent).toBe(0);
      expect(await eventually(async () => hub.connectionCount === 0)).toBe(true);
    });

    it('closes an unauthenticated client with 4401 for a binary frame, and a readable one sees the code', async () => {
      const { url } = await startHub({ authToken: READER });
      const client = await connect(url, { waitReady: false });
      client.ws.send(Buffer.from([0, 1, 2]), { binary: true });
      expect((await client.closed).code).toBe(4401);
      const other = await connect(url, { waitReady: false });
      other.sendRaw('{"type":"subscribe"');
      expect((await other.closed).code).toBe(4401);
    });

    it('closes a client that floods faster than its requests are handled (pending-message bound)', async () => {
      const { hub, mock, url } = await startHub({ maxPendingMessages: 8 });
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const getContainer = mock.getContainer.bind(mock);
      mock.getContainer = async (id) => {
        await gate;
        return getContainer(id);
      };
      cleanups.push(async () => release());
      const client = await connect(url);
      client.send({ type: 'subscribe', containerID: c.id });
      for (let i = 0; i < 50; i++) client.send({ type: 'ping', data: i });
      const closed = await client.closed;
      expect(closed.code).toBe(4429);
      expect(closed.reason).toContain('BERTH_RESOURCE_LIMIT');
      expect(hub.metrics.snapshot().peakPendingMessages).toBeLessThanOrEqual(8);
      release();
    });
  });

  describe('oversized frames', () => {
    it('closes a frame over MAX_PAYLOAD with 1009, before and after auth', async () => {
      const { url } = await startHub({ authToken: READER, maxPayloadBytes: 64 * KiB });
      const anonymous = await connect(url, { waitReady: false });
      anonymous.sendRaw('x'.repeat(64 * KiB + 1));
      expect((await anonymous.closed).code).toBe(1009);
      const reader = await connect(url, { token: READER });
      reader.sendRaw(JSON.stringify({ type: 'ping', data: 'x'.repeat(64 * KiB) }));
      expect((await reader.closed).code).toBe(1009);
    });
  });

  describe('invalid UTF-8', () => {
    it('closes a text frame that is not UTF-8 with 1007, before and after auth', async () => {
      const { url } = await startHub({ authToken: READER });
      const anonymous = await connect(url, { waitReady: false });
      anonymous.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
      expect((await anonymous.closed).code).toBe(1007);
      const reader = await connect(url, { token: READER });
      reader.ws.send(Buffer.from([0xc3, 0x28]), { binary: false });
      expect((await reader.closed).code).toBe(1007);
    });
  });

  describe('fuzzed messages', () => {
    it('answers 2,000 random frames after auth with errors or replies and keeps serving', async () => {
      const { hub, url } = await startHub({ authToken: READER });
      const client = await connect(url, { token: READER });
      const rand = prng(12);
      for (let i = 0; i < 2000; i++) {
        const frame = randomFrame(rand);
        client.ws.send(frame.data, { binary: frame.binary });
      }
      client.send({ type: 'ping', data: 'last' });
      await client.next((m) => m.type === 'pong' && m.data === 'last', 20_000);
      expect(client.closeResult).toBeNull();
      expect(client.inbox.filter((m) => m.type === 'error').length).toBeGreaterThan(1000);
      expect(hub.connectionCount).toBe(1);
    });

    it('closes every unauthenticated connection that sends random input with 4401', async () => {
      const { hub, url } = await startHub({ authToken: READER });
      const rand = prng(7);
      for (let i = 0; i < 30; i++) {
        const client = await connect(url, { waitReady: false });
        const frame = randomFrame(rand);
        client.ws.send(frame.data, { binary: frame.binary });
        expect((await client.closed).code).toBe(4401);
      }
      expect(await closesWith(hub, 4401)).toBe(30);
      expect(hub.metrics.snapshot().framesSent).toBe(0);
    });
  });

  describe('message order', () => {
    it('ends 2,000 rapid subscribe/unsubscribe pairs unsubscribed, with no "not subscribed" error', async () => {
      const { hub, mock, url } = await startHub({ maxPendingMessages: 10_000 });
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
      await mock.startContainer(c.id);
      const client = await connect(url);
      for (let i = 0; i < 2000; i++) {
        client.send({ type: 'subscribe', containerID: c.id, stats: false });
        client.send({ type: 'unsubscribe', containerID: c.id });
      }
      client.send({ type: 'ping', data: 'end' });
      await client.next((m) => m.type === 'pong' && m.data === 'end', 25_000);
      const errors = client.inbox.filter((m) => m.type === 'error');
      expect(errors).toEqual([]);
      expect(client.inbox.filter((m) => m.type === 'subscribed')).toHaveLength(2000);
      expect(client.inbox.filter((m) => m.type === 'unsubscribed')).toHaveLength(2000);
      expect(await gauge(hub, 'upstreams')).toBe(0);
      expect(await gauge(hub, 'channels')).toBe(0);
    });
  });

  describe('Origin', () => {
    const upgradeStatus = (url: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { headers });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          ws.terminate();
        });
        ws.on('error', (err) => {
          if (ws.readyState !== WebSocket.CLOSED) reject(err);
        });
      });

    it('refuses a foreign Origin with 403 and accepts none, the hub’s own, and listed origins', async () => {
      const { hub, url, port } = await startHub({ allowedOrigins: ['https://dash.example'] });
      expect(await upgradeStatus(url, {})).toBe(101);
      expect(await upgradeStatus(url, { origin: `http://127.0.0.1:${port}` })).toBe(101);
      expect(await upgradeStatus(url, { origin: 'https://dash.example' })).toBe(101);
      expect(await upgradeStatus(url, { origin: 'http://evil.example' })).toBe(403);
      expect(await upgradeStatus(url, { origin: `http://localhost:${port + 1}` })).toBe(403);
      expect(await upgradeStatus(url, { origin: 'null' })).toBe(403);
      // DNS rebinding: the page's host resolves to 127.0.0.1, so Origin and Host agree but name a foreign site
      expect(await upgradeStatus(url, { origin: `http://evil.example:${port}`, host: `evil.example:${port}` })).toBe(
        403,
      );
      expect(hub.connectionCount).toBe(0);
    });
  });

  describe('unknown session', () => {
    it('answers only an error and opens no upstream, 20 times over', async () => {
      const { hub, url } = await startHub({}, true);
      const before = await gauge(hub, 'upstreams');
      const client = await connect(url);
      for (let i = 0; i < 20; i++) {
        client.send({ type: 'subscribe', sessionId: `ses-nope-${i}` });
        const error = await client.next<ServerMessage>((m) => m.type === 'error');
        expect(error).toMatchObject({ sessionId: `ses-nope-${i}`, data: { code: 'BERTH_SESSION_NOT_FOUND' } });
      }
      client.send({ type: 'ping', data: 'end' });
      await client.next((m) => m.type === 'pong' && m.data === 'end');
      expect(client.inbox.filter((m) => m.type === 'subscribed')).toEqual([]);
      expect(await gauge(hub, 'upstreams')).toBe(before);
      expect(await gauge(hub, 'channels')).toBe(0);
    });
  });

  describe('replay ring', () => {
    it('keeps at most RING_BUFFER_BYTES of 1 MB producer lines', async () => {
      // each frame carries the text twice (Berth's `text`, the seed's `message`): ~2 MB a line, 3 fit in 6 MiB
      const { url } = await startHub({ producerToken: PRODUCER, ringBufferBytes: 6 * MiB });
      const producer = await connect(url, { token: PRODUCER });
      const text = 'x'.repeat(1_000_000);
      for (let i = 0; i < 20; i++) {
        producer.send({ type: 'publish', sessionId: 'big', data: { kind: 'log', stream: 'stdout', text } });
      }
      producer.send({ type: 'ping' });
      await producer.next((m) => m.type === 'pong', 20_000);
      const reader = await connect(url);
      reader.send({ type: 'subscribe', sessionId: 'big', since: 0 });
      const subscribed = await reader.next((m) => m.type === 'subscribed');
      expect(subscribed.data).toMatchObject({ replayed: 3, lastSeq: 20 });
    });
  });
});
