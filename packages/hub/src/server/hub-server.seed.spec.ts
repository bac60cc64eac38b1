import { deriveProducerToken } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { HubClient } from '../client/index.js';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';

/** A frame as the seed's README reads it: `type`, `containerID`, `timestamp`, `data`. */
interface SeedFrame {
  type: string;
  containerID?: string;
  timestamp?: string;
  data?: Record<string, unknown>;
}

/**
 * A client written from the log server seed's README (websocket-server.md) and nothing else: it connects with
 * `?token=`, sends the README's subscribe (with `auth`), and reads `data.level`/`data.message` of `log` and
 * `data.status`/`data.message` of `status`.
 */
class ReadmeClient {
  readonly frames: SeedFrame[] = [];
  private waiters: { match: (f: SeedFrame) => boolean; resolve: (f: SeedFrame) => void }[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString('utf8')) as SeedFrame;
      this.frames.push(frame);
      const hit = this.waiters.filter((w) => w.match(frame));
      this.waiters = this.waiters.filter((w) => !w.match(frame));
      for (const w of hit) w.resolve(frame);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code: number) => resolve(code)));
  }

  static async open(url: string, token?: string): Promise<ReadmeClient> {
    const ws = new WebSocket(token === undefined ? url : `${url}?token=${token}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new ReadmeClient(ws);
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  next(match: (f: SeedFrame) => boolean): Promise<SeedFrame> {
    const seen = this.frames.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** What the README's clients print: `[level] message` for logs, `status: message` for status. */
  printed(): string[] {
    return this.frames.flatMap((f) => {
      if (f.type === 'log') return [`[${String(f.data?.level)}] ${String(f.data?.message)}`];
      if (f.type === 'status') return [`${String(f.data?.status)}: ${String(f.data?.message)}`];
      return [];
    });
  }

  close(): void {
    this.ws.close();
  }
}

describe(`${HubServer.name} speaking the log server seed's protocol`, () => {
  let mock: MockDriver;
  let hub: HubServer;
  let url: string;
  const readme: ReadmeClient[] = [];
  const clients: HubClient[] = [];

  const readmeClient = async (token?: string): Promise<ReadmeClient> => {
    const c = await ReadmeClient.open(url, token);
    readme.push(c);
    return c;
  };
  const connect = async (token: string): Promise<HubClient> => {
    const c = await HubClient.connect(url, { token });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    mock = new MockDriver({ acceptAnyImage: true });
    hub = new HubServer({
      drivers: { mock },
      config: { port: 0, authToken: READER, producerToken: PRODUCER },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    for (const c of readme.splice(0)) c.close();
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await hub.close();
  });

  describe('a README client', () => {
    it('receives driver lines and producer lines of one container with data.level and data.message', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sh', '-c', 'echo cloned; sleep 60'] });
      await mock.startContainer(c.id);
      const client = await readmeClient(READER);
      client.send({ type: 'subscribe', containerID: c.id, auth: { token: READER } });
      await client.next((f) => f.type === 'log' && f.data?.message === 'cloned');
      const producer = await connect(PRODUCER);
      producer.send({
        type: 'log',
        containerID: c.id,
        data: { level: 'warn', message: 'Repository cloned successfully' },
      });
      const line = await client.next((f) => f.type === 'log' && f.data?.level === 'warn');
      expect(line).toMatchObject({ containerID: c.id, data: { message: 'Repository cloned successfully' } });
      expect(Number.isNaN(Date.parse(line.timestamp ?? ''))).toBe(false);
      expect(client.printed()).toEqual(
        expect.arrayContaining([
          '[info] cloned',
          '[warn] Repository cloned successfully',
          'running: container running',
        ]),
      );
    });

    it('authenticates with the auth field alone when the upgrade carried no token', async () => {
      const client = await readmeClient();
      client.send({ type: 'subscribe', containerID: 'container-123', auth: { token: READER } });
      const subscribed = await client.next((f) => f.type === 'subscribed');
      expect(subscribed).toMatchObject({ containerID: 'container-123', data: { waiting: true } });
    });

    it('is closed with 4401 for a wrong token in the auth field', async () => {
      const client = await readmeClient();
      client.send({ type: 'subscribe', containerID: 'container-123', auth: { token: 'wrong-token-0123456789' } });
      expect(await client.closed).toBe(4401);
    });

    it('subscribes with the docker-client seed spelling containerId + hostId', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sh', '-c', 'sleep 60'] });
      const client = await readmeClient(READER);
      client.send({ type: 'subscribe', containerId: c.id, hostId: 'mock' });
      expect(await client.next((f) => f.type === 'subscribed')).toMatchObject({ containerID: c.id });
    });

    it('gets a heartbeat for a heartbeat', async () => {
      const client = await readmeClient(READER);
      client.send({ type: 'heartbeat' });
      expect(await client.next((f) => f.type === 'heartbeat')).toMatchObject({ data: { connections: 1 } });
    });
  });

  describe('producers in the seed shapes', () => {
    it('wait: a subscriber to a producer-only id gets every message once the producer starts', async () => {
      const client = await readmeClient(READER);
      client.send({ type: 'subscribe', containerID: 'container-123' });
      expect(await client.next((f) => f.type === 'subscribed')).toMatchObject({ data: { waiting: true } });
      const producer = await connect(PRODUCER);
      const at = '2024-01-01T00:00:00.000Z';
      producer.send({
        type: 'status',
        containerID: 'container-123',
        data: { status: 'running', message: 'Executing' },
      });
      producer.send({
        type: 'log',
        containerID: 'container-123',
        timestamp: at,
        data: { level: 'info', message: 'a' },
      });
      producer.send({ type: 'log', containerID: 'container-123', data: { level: 'error', message: 'b' } });
      producer.send({ type: 'error', containerID: 'container-123', data: { message: 'tool failed' } });
      producer.send({ type: 'complete', containerID: 'container-123', data: { exitCode: 0 } });
      const complete = await client.next((f) => f.type === 'complete');
      expect(complete).toMatchObject({ containerID: 'container-123', data: { exitCode: 0 } });
      const logs = client.frames.filter((f) => f.type === 'log');
      expect(logs[0]).toMatchObject({
        timestamp: at,
        data: { stream: 'stdout', text: 'a', level: 'info', message: 'a' },
      });
      expect(logs[1]).toMatchObject({ data: { stream: 'stderr', level: 'error', message: 'b' } });
      expect(client.frames.find((f) => f.type === 'status')).toMatchObject({
        data: { state: 'running', status: 'running', message: 'Executing' },
      });
      expect(client.frames.find((f) => f.type === 'error')).toMatchObject({
        data: { code: 'BERTH_PRODUCER_ERROR', message: 'tool failed' },
      });
    });

    it('complete ends the channel: the subscriber gets nothing more until it subscribes again', async () => {
      const client = await connect(READER);
      client.send({ type: 'subscribe', containerID: 'job-1' });
      await client.next((m) => m.type === 'subscribed');
      const producer = await connect(PRODUCER);
      producer.send({ type: 'complete', containerID: 'job-1' });
      await client.next((m) => m.type === 'complete');
      producer.send({ type: 'log', containerID: 'job-1', data: { message: 'after' } });
      producer.send({ type: 'ping' });
      await producer.next((m) => m.type === 'pong');
      client.send({ type: 'ping' });
      await client.next((m) => m.type === 'pong');
      expect(client.inbox.filter((m) => m.type === 'log')).toEqual([]);
      client.send({ type: 'subscribe', containerID: 'job-1', since: 0 });
      const again = await client.next((m) => m.type === 'log');
      expect(again.data).toMatchObject({ text: 'after', message: 'after' });
    });

    it('a reader token may not publish in the seed shape either (4403)', async () => {
      const reader = await connect(READER);
      reader.send({ type: 'log', containerID: 'job-1', data: { message: 'x' } });
      expect((await reader.closed).code).toBe(4403);
    });

    it('rejects a log with neither message nor text, naming the field', async () => {
      const producer = await connect(PRODUCER);
      producer.send({ type: 'log', containerID: 'job-1', data: { level: 'info' } } as never);
      const error = await producer.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_VALIDATION' });
      expect(JSON.stringify(error.data)).toContain('data.message');
    });
  });

  describe('producer tokens scoped to one id', () => {
    it('publish to their own id, as containerID or sessionId', async () => {
      const reader = await connect(READER);
      reader.send({ type: 'subscribe', containerID: 'ses-1' });
      await reader.next((m) => m.type === 'subscribed');
      const producer = await connect(deriveProducerToken(PRODUCER, 'ses-1'));
      producer.send({ type: 'log', containerID: 'ses-1', data: { message: 'mine' } });
      expect((await reader.next((m) => m.type === 'log')).data).toMatchObject({ message: 'mine' });
    });

    it('are refused another id, listing and watching, and the connection stays open', async () => {
      const producer = await connect(deriveProducerToken(PRODUCER, 'ses-1'));
      for (const msg of [
        { type: 'log', containerID: 'ses-2', data: { message: 'not mine' } },
        { type: 'publish', sessionId: 'ses-2', data: { kind: 'log', text: 'not mine' } },
        { type: 'subscribe', containerID: 'ses-2' },
        { type: 'listContainers' },
        { type: 'watchEvents' },
      ] as const) {
        producer.send(msg as never);
        const error = await producer.next((m) => m.type === 'error');
        expect(error.data).toMatchObject({ code: 'BERTH_HUB_OUT_OF_SCOPE', details: { scope: 'ses-1' } });
      }
      producer.send({ type: 'ping' });
      await producer.next((m) => m.type === 'pong');
    });

    it('are refused with 4401 when the MAC is wrong', async () => {
      const forged = deriveProducerToken('another-secret-0123456789', 'ses-1');
      await expect(HubClient.connect(url, { token: forged })).rejects.toThrow('4401');
    });
  });
});
