import { type ContainerDriver, deriveProducerToken, type EngineEvent } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { Observable, Subject } from 'rxjs';
import { HubClient } from '../client/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';

/** A mock driver seen through a proxy that changes its capabilities and gives it an `engineEvents$`. */
function withEngine(
  mock: MockDriver,
  opts: { engineEvents?: Subject<EngineEvent>; systemInfo?: boolean },
): { driver: ContainerDriver; upstreams: () => number } {
  let open = 0;
  const events = opts.engineEvents;
  const driver = new Proxy(mock, {
    get(target, prop) {
      if (prop === 'capabilities') {
        return {
          ...target.capabilities,
          engineEvents: events !== undefined,
          systemInfo: opts.systemInfo ?? target.capabilities.systemInfo,
        };
      }
      if (prop === 'engineEvents$' && events !== undefined) {
        return () =>
          new Observable<EngineEvent>((sub) => {
            open += 1;
            const s = events.subscribe(sub);
            return () => {
              open -= 1;
              s.unsubscribe();
            };
          });
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as ContainerDriver;
  return { driver, upstreams: () => open };
}

const event = (type: EngineEvent['type'], action: string, id: string): EngineEvent => ({
  type,
  action,
  id,
  attributes: { name: id },
  timestamp: new Date('2026-12-02T12:00:00.500Z'),
});

describe(`${HubServer.name}: engine events and system info per host`, () => {
  let engine: Subject<EngineEvent>;
  let eng: ReturnType<typeof withEngine>;
  let hub: HubServer;
  let url: string;
  let http: string;
  const clients: HubClient[] = [];

  const connect = async (token = READER) => {
    const client = await HubClient.connect(url, { token });
    clients.push(client);
    return client;
  };
  const errorOf = (m: ServerMessage) => (m.type === 'error' ? m.data : undefined);

  beforeEach(async () => {
    engine = new Subject<EngineEvent>();
    eng = withEngine(new MockDriver({ acceptAnyImage: true }), { engineEvents: engine });
    const plain = withEngine(new MockDriver({ acceptAnyImage: true }), { systemInfo: false });
    hub = new HubServer({
      drivers: { eng: eng.driver, plain: plain.driver },
      config: { port: 0, authToken: READER, producerToken: PRODUCER },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
    });
    ({ url } = await hub.start());
    http = url.replace(/^ws:/, 'http:');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await hub.close();
  });

  describe('getSystemInfo', () => {
    it('answers one host with info, version and usage, echoing requestId', async () => {
      const c = await connect();
      c.send({ type: 'getSystemInfo', hostId: 'eng', requestId: 'r1' });
      const m = await c.next((x) => x.type === 'systemInfo');
      expect(m).toMatchObject({ type: 'systemInfo', hostId: 'eng', data: { requestId: 'r1' } });
      if (m.type !== 'systemInfo') throw new Error('unreachable');
      expect(m.data.info?.cpus).toBeGreaterThan(0);
      expect(typeof m.data.version?.version).toBe('string');
      expect(typeof m.data.usage?.images.count).toBe('number');
    });

    it('reads only the parts in include', async () => {
      const c = await connect();
      c.send({ type: 'getSystemInfo', hostId: 'eng', include: ['version'] });
      const m = await c.next((x) => x.type === 'systemInfo');
      expect(Object.keys(m.data as object)).toEqual(['version']);
    });

    it('refuses an unknown hostId with BERTH_HUB_UNKNOWN_HOST and keeps the connection', async () => {
      const c = await connect();
      c.send({ type: 'getSystemInfo', hostId: 'nope', requestId: 'r2' });
      const m = await c.next((x) => x.type === 'error');
      expect(m).toMatchObject({ hostId: 'nope' });
      expect(errorOf(m)).toMatchObject({
        code: 'BERTH_HUB_UNKNOWN_HOST',
        requestId: 'r2',
        details: { hostId: 'nope', hosts: ['eng', 'plain'] },
      });
      c.send({ type: 'ping', data: 1 });
      await c.next((x) => x.type === 'pong');
    });

    it('asks for hostId when the hub serves several hosts', async () => {
      const c = await connect();
      c.send({ type: 'getSystemInfo' });
      expect(errorOf(await c.next((x) => x.type === 'error'))).toMatchObject({ code: 'BERTH_VALIDATION' });
    });

    it('says BERTH_HUB_UNSUPPORTED for a host without system info', async () => {
      const c = await connect();
      c.send({ type: 'getSystemInfo', hostId: 'plain' });
      expect(errorOf(await c.next((x) => x.type === 'error'))).toMatchObject({
        code: 'BERTH_HUB_UNSUPPORTED',
        details: { hostId: 'plain', capability: 'systemInfo' },
      });
    });
  });

  describe('watchEngineEvents', () => {
    it('sends the host engine events a watcher asked for, in both spellings, over one upstream', async () => {
      const images = await connect();
      const networks = await connect();
      images.send({ type: 'watchEngineEvents', hostId: 'eng', types: ['image'] });
      expect(await images.next((m) => m.type === 'watching')).toMatchObject({
        hostId: 'eng',
        data: { hosts: ['eng'], engine: true },
      });
      // the docker-client seed's getEvents filters
      networks.send({ type: 'watchEngineEvents', hostId: 'eng', filters: { type: ['network'], event: ['create'] } });
      await networks.next((m) => m.type === 'watching');
      expect(eng.upstreams()).toBe(1);

      engine.next(event('container', 'start', 'c1'));
      engine.next(event('network', 'destroy', 'n0'));
      engine.next(event('network', 'create', 'n1'));
      engine.next(event('image', 'tag', 'img:1'));
      const img = await images.next((m) => m.type === 'engineEvent');
      expect(img).toEqual({
        type: 'engineEvent',
        hostId: 'eng',
        timestamp: '2026-12-02T12:00:00.500Z',
        data: {
          type: 'image',
          action: 'tag',
          id: 'img:1',
          attributes: { name: 'img:1' },
          Type: 'image',
          Action: 'tag',
          Actor: { ID: 'img:1', Attributes: { name: 'img:1' } },
          time: Math.floor(Date.parse('2026-12-02T12:00:00.500Z') / 1000),
          timeNano: Date.parse('2026-12-02T12:00:00.500Z') * 1e6,
          host: 'eng',
        },
      });
      const net = await networks.next((m) => m.type === 'engineEvent');
      expect(net.data).toMatchObject({ type: 'network', action: 'create', id: 'n1' });
      // frames arrive in order: what the filters dropped would have come before these
      expect(images.inbox.filter((m) => m.type === 'engineEvent')).toEqual([]);
      expect(networks.inbox.filter((m) => m.type === 'engineEvent')).toEqual([]);

      images.send({ type: 'unwatchEngineEvents', hostId: 'eng' });
      expect(await images.next((m) => m.type === 'unsubscribed')).toMatchObject({ data: { hosts: ['eng'] } });
      expect(eng.upstreams()).toBe(1);
      await networks.close();
      // the last watcher left (its connection closed): the upstream is released
      while (hub.connectionCount > 1) await new Promise((resolve) => setImmediate(resolve));
      expect(eng.upstreams()).toBe(0);
    });

    it('watches every capable host without hostId and refuses unknown or incapable hosts', async () => {
      const c = await connect();
      c.send({ type: 'watchEngineEvents' });
      expect(await c.next((m) => m.type === 'watching')).toMatchObject({ data: { hosts: ['eng'] } });
      c.send({ type: 'watchEngineEvents', hostId: 'nope' });
      expect(errorOf(await c.next((m) => m.type === 'error'))).toMatchObject({
        code: 'BERTH_HUB_UNKNOWN_HOST',
        details: { hostId: 'nope' },
      });
      c.send({ type: 'watchEngineEvents', hostId: 'plain' });
      expect(errorOf(await c.next((m) => m.type === 'error'))).toMatchObject({
        code: 'BERTH_HUB_UNSUPPORTED',
        details: { capability: 'engineEvents' },
      });
      c.send({ type: 'unwatchEngineEvents', hostId: 'plain' });
      expect(errorOf(await c.next((m) => m.type === 'error'))).toMatchObject({ code: 'BERTH_VALIDATION' });
    });

    it('refuses a scoped producer token (it may not see other ids)', async () => {
      const c = await connect(deriveProducerToken(PRODUCER, 'c-1'));
      c.send({ type: 'watchEngineEvents', hostId: 'eng' });
      expect(errorOf(await c.next((m) => m.type === 'error'))).toMatchObject({ code: 'BERTH_HUB_OUT_OF_SCOPE' });
      c.send({ type: 'getSystemInfo', hostId: 'eng' });
      expect(errorOf(await c.next((m) => m.type === 'error'))).toMatchObject({ code: 'BERTH_HUB_OUT_OF_SCOPE' });
      expect(eng.upstreams()).toBe(0);
    });
  });

  describe('GET /hosts/{hostId}/system', () => {
    const get = async (path: string, token?: string) => {
      const res = await fetch(
        `${http}${path}`,
        token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
      );
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it('answers with a reader token, refuses without one', async () => {
      const ok = await get('/hosts/eng/system', READER);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ hostId: 'eng', info: { cpus: expect.any(Number) }, version: {}, usage: {} });
      expect((await get('/hosts/eng/system')).status).toBe(401);
      expect((await get('/hosts/eng/system', 'wrong-token-0123456789')).status).toBe(401);
      expect((await get('/hosts/eng/system', deriveProducerToken(PRODUCER, 'c-1'))).status).toBe(403);
    });

    it.each([
      ['/hosts/nope/system', 404, 'BERTH_HUB_UNKNOWN_HOST'],
      ['/hosts/plain/system', 501, 'BERTH_HUB_UNSUPPORTED'],
      ['/hosts/eng/system?include=info,bogus', 400, 'BERTH_VALIDATION'],
      ['/hosts/%E0%A4%A/system', 400, 'BERTH_VALIDATION'],
    ])('%s → %i %s', async (path, status, code) => {
      const res = await get(path, READER);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: { code } });
    });

    it('reads only the parts in include', async () => {
      const res = await get('/hosts/eng/system?include=version', READER);
      expect(Object.keys(res.body)).toEqual(['hostId', 'version']);
    });
  });
});
