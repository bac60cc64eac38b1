/**
 * A client written from the log server seed's README (websocket-server.md) puts `auth: { token }` on every message
 * it sends, not only on `subscribe`. Over a real `ws` connection: every message type it may send with `auth` is
 * answered as without it, the field alone authenticates a connection whose upgrade carried no token, a wrong
 * token in it closes the connection with 4401 on any message, a malformed one is a `BERTH_VALIDATION` error
 * naming `auth.token`, and no token reaches the hub's log.
 */
import { Writable } from 'node:stream';
import { MockDriver } from '@berth/driver-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-seed-auth-0123456789';
const WRONG = 'wrong-token-seed-auth-0123456789';

type Frame = { type: string; data?: Record<string, unknown> };

/** The README's client: a plain `ws`, JSON frames, `auth` on each message it sends. */
class SeedClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<number>;
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString('utf8')) as Frame;
      this.frames.push(frame);
      const i = this.waiters.findIndex((w) => w.match(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(frame);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code: number) => resolve(code)));
  }

  static async open(url: string, token?: string): Promise<SeedClient> {
    const ws = new WebSocket(token === undefined ? url : `${url}?token=${token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new SeedClient(ws);
  }

  send(message: Record<string, unknown>, token = READER): void {
    this.ws.send(JSON.stringify({ ...message, auth: { token } }));
  }

  next(match: (f: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

describe(`${HubServer.name}: the seed's auth field on every message`, () => {
  let hub: HubServer;
  let mock: MockDriver;
  let url: string;
  let logged: string;
  const clients: SeedClient[] = [];
  const open = async (token?: string) => {
    const c = await SeedClient.open(url, token);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    logged = '';
    mock = new MockDriver({ acceptAnyImage: true });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString('utf8');
        done();
      },
    });
    hub = new HubServer({
      drivers: { mock },
      config: { port: 0, authToken: READER },
      logger: pino({ level: 'trace' }, sink),
      defaultMetrics: false,
      dashboardDir: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await hub.close();
  });

  it('answers each message that carries auth as it answers it without', async () => {
    const c = await open(READER);
    const created = (await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] })).id;
    const asks: [Record<string, unknown>, string][] = [
      [{ type: 'ping', data: 7 }, 'pong'],
      [{ type: 'heartbeat' }, 'heartbeat'],
      [{ type: 'listContainers' }, 'containerList'],
      [{ type: 'listSessions' }, 'sessionList'],
      [{ type: 'watchEvents' }, 'watching'],
      [{ type: 'unwatchEvents' }, 'unsubscribed'],
      [{ type: 'watchEngineEvents', hostId: 'mock' }, 'watching'],
      [{ type: 'unwatchEngineEvents', hostId: 'mock' }, 'unsubscribed'],
      [{ type: 'getSystemInfo', hostId: 'mock', requestId: 'r1' }, 'systemInfo'],
      [{ type: 'subscribe', containerID: created }, 'subscribed'],
      [{ type: 'unsubscribe', containerID: created }, 'unsubscribed'],
    ];
    for (const [message, reply] of asks) {
      c.frames.length = 0;
      c.send(message);
      const frame = await c.next((f) => f.type === reply || f.type === 'error');
      if (frame.type === 'pong') expect(frame.data).toBe(7);
      expect({ sent: message.type, got: frame.type, data: frame.type === 'error' ? frame.data : undefined }).toEqual({
        sent: message.type,
        got: reply,
        data: undefined,
      });
    }
  });

  it('authenticates with the auth field of a ping when the upgrade carried no token', async () => {
    const c = await open();
    c.send({ type: 'ping', data: 'hello' });
    expect(await c.next((f) => f.type === 'pong')).toMatchObject({ data: 'hello' });
    c.send({ type: 'listContainers' });
    expect(await c.next((f) => f.type === 'containerList' || f.type === 'error')).toMatchObject({
      type: 'containerList',
    });
  });

  it.each([
    ['ping', { type: 'ping' }],
    ['listContainers', { type: 'listContainers' }],
    ['getSystemInfo', { type: 'getSystemInfo', hostId: 'mock' }],
  ])('closes with 4401 for a wrong token in the auth field of %s, and logs no token', async (_type, message) => {
    const c = await open(READER);
    c.send(message, WRONG);
    expect(await c.closed).toBe(4401);
    expect(logged).toContain('auth refused');
    expect(logged).not.toContain(WRONG);
    expect(logged).not.toContain(READER);
  });

  it('answers a malformed auth field with a validation error naming auth.token', async () => {
    const c = await open(READER);
    c.send({ type: 'ping' }, '');
    expect(await c.next((f) => f.type === 'error')).toMatchObject({
      data: { code: 'BERTH_VALIDATION', message: expect.stringContaining('auth.token') },
    });
    c.send({ type: 'ping', data: 1 });
    expect(await c.next((f) => f.type === 'pong')).toMatchObject({ data: 1 });
  });
});
