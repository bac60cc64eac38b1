import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { pino } from 'pino';
import { Observable } from 'rxjs';
import { WebSocket } from 'ws';
import { HubClient } from '../client/index.js';
import type { HubConfig } from '../config/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';

/** Wraps a driver so the test can count open `logs$` upstreams. */
function countingLogs(driver: ContainerDriver): { driver: ContainerDriver; open: () => number; opened: () => number } {
  let open = 0;
  let opened = 0;
  const wrapped = new Proxy(driver, {
    get(target, prop, receiver) {
      if (prop !== 'logs$') {
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (...args: Parameters<ContainerDriver['logs$']>) =>
        new Observable((sub) => {
          open += 1;
          opened += 1;
          const inner = target.logs$(...args).subscribe(sub);
          return () => {
            open -= 1;
            inner.unsubscribe();
          };
        });
    },
  });
  return { driver: wrapped, open: () => open, opened: () => opened };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`${HubServer.name} flow control`, () => {
  let home: string;
  let local: LocalDriver;
  let hub: HubServer | undefined;
  let url: string;
  const clients: HubClient[] = [];
  const containers: string[] = [];

  const startHub = async (config: Partial<HubConfig>, driver: ContainerDriver = local) => {
    hub = new HubServer({
      drivers: { local: driver },
      config: { port: 0, authToken: READER, producerToken: PRODUCER, ...config },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      disposeOnClose: false,
    });
    ({ url } = await hub.start());
    return hub;
  };
  const connect = async (options: Parameters<typeof HubClient.connect>[1] = { token: READER }) => {
    const client = await HubClient.connect(url, options);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-hub-flow-'));
    local = new LocalDriver({ home });
  });

  afterEach(async () => {
    for (const c of clients) (c.ws as unknown as { _socket?: Socket })._socket?.resume();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    for (const id of containers.splice(0)) await local.removeContainer(id, { force: true }).catch(() => undefined);
    await hub?.close();
    hub = undefined;
    await local.dispose();
    await rm(home, { recursive: true, force: true });
  });

  describe('upstream sharing', () => {
    it('opens one logs$ per container for many subscribers and releases it after the last leaves', async () => {
      const counting = countingLogs(local);
      await startHub({ ringBufferSize: 100 }, counting.driver);
      const c = await local.createContainer({ image: 'host', command: ['sh', '-c', 'echo started; sleep 60'] });
      containers.push(c.id);
      await local.startContainer(c.id);
      const readers = await Promise.all(Array.from({ length: 5 }, () => connect()));
      for (const r of readers) r.send({ type: 'subscribe', containerID: c.id, since: 0 });
      await Promise.all(readers.map((r) => r.next((m) => m.type === 'log' && m.data.text === 'started')));
      expect(counting.open()).toBe(1);
      expect(counting.opened()).toBe(1);
      for (const r of readers) r.send({ type: 'unsubscribe', containerID: c.id });
      await Promise.all(readers.map((r) => r.next((m) => m.type === 'unsubscribed')));
      expect(counting.open()).toBe(0);
    });

    it('replays recent lines from the ring to a late subscriber with since', async () => {
      await startHub({ ringBufferSize: 100 });
      const c = await local.createContainer({
        image: 'host',
        command: ['sh', '-c', 'echo one; echo two; echo three; sleep 60'],
      });
      containers.push(c.id);
      await local.startContainer(c.id);
      const first = await connect();
      first.send({ type: 'subscribe', containerID: c.id });
      const third = await first.next<Extract<ServerMessage, { type: 'log' }>>(
        (m) => m.type === 'log' && m.data.text === 'three',
      );
      const late = await connect();
      late.send({ type: 'subscribe', containerID: c.id, since: third.data.seq - 2 });
      const subscribed = await late.next((m) => m.type === 'subscribed');
      expect(subscribed.data).toMatchObject({ replayed: 2 });
      const a = await late.next((m) => m.type === 'log');
      const b = await late.next((m) => m.type === 'log');
      expect([a.data, b.data]).toMatchObject([{ text: 'two' }, { text: 'three' }]);
    });
  });

  describe('back-pressure', () => {
    const LINE = 'x'.repeat(1000);
    /** Publishes `total` lines in paced batches so fast readers never fall behind. */
    const flood = async (producer: HubClient, total: number) => {
      for (let i = 0; i < total; i += 200) {
        for (let j = i; j < Math.min(total, i + 200); j += 1) {
          producer.send({
            type: 'publish',
            sessionId: 'flood',
            data: { kind: 'log', stream: 'stdout', text: `${j} ${LINE}` },
          });
        }
        producer.send({ type: 'ping', data: i });
        await producer.next((m) => m.type === 'pong');
      }
    };

    it('disconnects a client that stops reading with 4429 while the others get everything', async () => {
      const server = await startHub({ clientBufferLimitBytes: 512 * 1024, slowClientGraceMs: 300 });
      const producer = await connect({ token: PRODUCER });
      const fast = await Promise.all([connect(), connect()]);
      const slow = await connect();
      const counts = fast.map(() => 0);
      const inOrder = fast.map(() => true);
      fast.forEach((client, i) => {
        client.onMessage((m) => {
          if (m.type !== 'log') return;
          if (!m.data.text.startsWith(`${counts[i]} `)) inOrder[i] = false;
          counts[i] = (counts[i] ?? 0) + 1;
        });
      });
      for (const r of [...fast, slow]) r.send({ type: 'subscribe', sessionId: 'flood' });
      await until(() => server.connectionCount === 4);
      await new Promise((r) => setTimeout(r, 100));
      (slow.ws as unknown as { _socket: Socket })._socket.pause();
      const total = 30_000;
      await flood(producer, total);
      await until(() => counts.every((n) => n === total));
      expect(inOrder).toEqual([true, true]);
      await until(() => server.connectionCount === 3);
      (slow.ws as unknown as { _socket: Socket })._socket.resume();
      expect([4429, 1006]).toContain((await slow.closed).code);
      expect(server.metrics.snapshot().framesDropped).toBeGreaterThan(0);
    });

    it('tells a client that fell behind how many messages it missed once it drains', async () => {
      await startHub({ clientBufferLimitBytes: 256 * 1024, slowClientGraceMs: 60_000 });
      const producer = await connect({ token: PRODUCER });
      const slow = await connect();
      slow.send({ type: 'subscribe', sessionId: 'flood' });
      await slow.next((m) => m.type === 'subscribed');
      (slow.ws as unknown as { _socket: Socket })._socket.pause();
      await flood(producer, 20_000);
      (slow.ws as unknown as { _socket: Socket })._socket.resume();
      const notice = await slow.next((m) => m.type === 'status' && 'dropped' in m.data, 20_000);
      expect(notice.data).toMatchObject({ dropped: expect.any(Number) });
    });
  });

  describe('connection limits', () => {
    it('terminates a client that does not answer pings', async () => {
      const server = await startHub({ heartbeatIntervalMs: 100 });
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${READER}` }, autoPong: false });
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      await new Promise((resolve) => ws.once('open', resolve));
      await until(() => server.connectionCount === 1);
      expect(await closed).toBe(1006);
      await until(() => server.connectionCount === 0);
    });

    it('sends heartbeat messages to live clients', async () => {
      await startHub({ heartbeatIntervalMs: 100 });
      const client = await connect();
      const beat = await client.next((m) => m.type === 'heartbeat');
      expect(beat.data).toMatchObject({ connections: 1 });
    });

    it('refuses connections above MAX_SESSIONS with 1013', async () => {
      await startHub({ maxSessions: 1 });
      await connect();
      const extra = await connect({ token: READER, waitReady: false });
      expect((await extra.closed).code).toBe(1013);
    });

    it('closes an idle connection without subscriptions after SESSION_TIMEOUT with 4410', async () => {
      await startHub({ sessionTimeoutMs: 150, heartbeatIntervalMs: 100 });
      const client = await connect();
      expect((await client.closed).code).toBe(4410);
    });

    it('closes a frame above the max payload with 1009', async () => {
      await startHub({ maxPayloadBytes: 1024 });
      const client = await connect();
      client.sendRaw(JSON.stringify({ type: 'ping', data: 'x'.repeat(4096) }));
      expect((await client.closed).code).toBe(1009);
    });
  });
});
