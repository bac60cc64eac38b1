import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';

describe(HubServer.name, () => {
  let home: string;
  let driver: ContainerDriver;
  let hub: HubServer;
  let url: string;
  let logText: string;
  const clients: HubClient[] = [];
  const containers: string[] = [];

  const connect = async (options: Parameters<typeof HubClient.connect>[1] = { token: READER }) => {
    const client = await HubClient.connect(url, options);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-hub-'));
    driver = new LocalDriver({ home });
    logText = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logText += chunk.toString();
        cb();
      },
    });
    hub = new HubServer({
      drivers: { local: driver },
      config: { port: 0, authToken: READER, producerToken: PRODUCER, ringBufferSize: 20_000, authTimeoutMs: 500 },
      logger: pino({ level: 'debug' }, sink),
      defaultMetrics: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    for (const id of containers.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await hub.close();
    await rm(home, { recursive: true, force: true });
  });

  describe('authentication', () => {
    it.each(['header', 'query', 'message'] as const)('accepts the reader token via %s', async (via) => {
      const client = await connect({ token: READER, via });
      client.send({ type: 'ping', data: 1 });
      const pong = await client.next((m) => m.type === 'pong');
      expect(pong.data).toBe(1);
    });

    it.each(['header', 'query', 'message'] as const)('closes a wrong token via %s with 4401', async (via) => {
      const client = await connect({ token: 'wrong-token-0123456789', via, waitReady: false });
      expect((await client.closed).code).toBe(4401);
      expect(logText).toContain('auth refused');
      expect(logText).not.toContain('wrong-token-0123456789');
    });

    it('closes a connection that sends no auth message in time with 4408', async () => {
      const client = await connect({ waitReady: false });
      expect((await client.closed).code).toBe(4408);
    });

    it('closes a reader that publishes with 4403', async () => {
      const client = await connect({ token: READER });
      client.send({ type: 'publish', containerID: 'x', data: { kind: 'log', stream: 'stdout', text: 'hi' } });
      expect((await client.closed).code).toBe(4403);
    });

    it('never logs a token', async () => {
      await connect({ token: READER, via: 'query' });
      await connect({ token: PRODUCER, via: 'message' });
      expect(logText).toContain('connection authenticated');
      expect(logText).not.toContain(READER);
      expect(logText).not.toContain(PRODUCER);
    });
  });

  describe('validation', () => {
    it('answers malformed JSON with error and keeps the connection open', async () => {
      const client = await connect();
      client.sendRaw('{not json');
      const error = await client.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_VALIDATION' });
      client.send({ type: 'ping' });
      await client.next((m) => m.type === 'pong');
    });

    it('answers an unknown type with error and keeps the connection open', async () => {
      const client = await connect();
      client.sendRaw(JSON.stringify({ type: 'explode' }));
      const error = await client.next((m) => m.type === 'error');
      expect(JSON.stringify(error.data)).toContain('unknown message type');
      client.send({ type: 'ping' });
      await client.next((m) => m.type === 'pong');
    });

    it('answers bad fields with error naming the field', async () => {
      const client = await connect();
      client.sendRaw(JSON.stringify({ type: 'subscribe', containerID: 5 }));
      const error = await client.next((m) => m.type === 'error');
      expect(JSON.stringify(error.data)).toContain('containerID');
    });

    it('answers a subscribe to an unknown container on a named host with BERTH_CONTAINER_NOT_FOUND', async () => {
      const client = await connect();
      client.send({ type: 'subscribe', containerID: 'nope', hostId: 'local' });
      const error = await client.next((m) => m.type === 'error');
      expect(error).toMatchObject({ containerID: 'nope', data: { code: 'BERTH_CONTAINER_NOT_FOUND' } });
    });

    it('lets a subscribe to an id no driver knows wait for a producer (this hub has a producer token)', async () => {
      const client = await connect();
      client.send({ type: 'subscribe', containerID: 'nope' });
      const subscribed = await client.next((m) => m.type === 'subscribed');
      expect(subscribed).toMatchObject({ containerID: 'nope', data: { waiting: true } });
    });
  });

  describe('fan-out', () => {
    it('delivers 10k lines of a real process complete and in order to 20 subscribers', async () => {
      const c = await driver.createContainer({ image: 'host', command: ['sh', '-c', 'seq 1 10000'] });
      containers.push(c.id);
      const subscribers = await Promise.all(Array.from({ length: 20 }, () => connect()));
      const received = subscribers.map(() => [] as string[]);
      const done = subscribers.map(
        (client, i) =>
          new Promise<ServerMessage>((resolve) => {
            client.onMessage((m) => {
              if (m.type === 'log') received[i]?.push(m.data.text);
              if (m.type === 'complete') resolve(m);
            });
          }),
      );
      for (const client of subscribers) client.send({ type: 'subscribe', containerID: c.id, since: 0 });
      await driver.startContainer(c.id);
      const completes = await Promise.all(done);
      const expected = Array.from({ length: 10_000 }, (_, i) => String(i + 1));
      for (const lines of received) expect(lines).toEqual(expected);
      expect(completes[0]?.data).toMatchObject({ exitCode: 0 });
    });

    it('lists containers with their host id', async () => {
      const c = await driver.createContainer({ image: 'host', command: ['sleep', '5'] });
      containers.push(c.id);
      const client = await connect();
      client.send({ type: 'listContainers' });
      const list = await client.next((m) => m.type === 'containerList');
      expect(JSON.stringify(list.data)).toContain(c.id);
      expect(JSON.stringify(list.data)).toContain('"hostId":"local"');
    });

    it('routes a producer line to the subscribers of a session channel', async () => {
      const producer = await connect({ token: PRODUCER });
      producer.send({ type: 'publish', sessionId: 's1', data: { kind: 'log', stream: 'stdout', text: 'early' } });
      const reader = await connect();
      producer.send({ type: 'ping' });
      await producer.next((m) => m.type === 'pong');
      reader.send({ type: 'subscribe', sessionId: 's1', since: 0 });
      await reader.next((m) => m.type === 'subscribed');
      producer.send({ type: 'publish', sessionId: 's1', data: { kind: 'log', stream: 'stdout', text: 'late' } });
      const first = await reader.next((m) => m.type === 'log');
      const second = await reader.next((m) => m.type === 'log');
      expect([first.data, second.data]).toMatchObject([{ text: 'early' }, { text: 'late' }]);
    });
  });

  describe('http', () => {
    it('serves /healthz, /readyz and /metrics', async () => {
      const base = url.replace('ws://', 'http://');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('berth_hub_connections');
    });
  });
});
