import { ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { seedStreamerClients } from '../../docker-streamer/seed-streamer-clients.js';
import { HubServer } from '../../server/hub-server.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import { applyWebSocketEnv, hubCommand } from './hub-command.js';

describe(applyWebSocketEnv.name, () => {
  it('reads WEBSOCKET_PORT as PORT and returns WEBSOCKET_PATH', () => {
    const env: Record<string, string | undefined> = { WEBSOCKET_PORT: '9090', WEBSOCKET_PATH: '/docker/stats' };
    expect(applyWebSocketEnv(env, undefined)).toEqual({ path: '/docker/stats' });
    expect(env['PORT']).toBe('9090');
  });

  it('accepts PORT and WEBSOCKET_PORT naming the same port; --port overrides both', () => {
    const same: Record<string, string | undefined> = { PORT: '9090', WEBSOCKET_PORT: '9090' };
    expect(applyWebSocketEnv(same, undefined)).toEqual({});
    const flagged: Record<string, string | undefined> = { PORT: '1', WEBSOCKET_PORT: '2' };
    applyWebSocketEnv(flagged, '3');
    expect(flagged['PORT']).toBe('1');
  });

  it('refuses PORT and WEBSOCKET_PORT that differ, and a bad value, naming WEBSOCKET_*', () => {
    expect(() => applyWebSocketEnv({ PORT: '8080', WEBSOCKET_PORT: '9090' }, undefined)).toThrow(ValidationError);
    expect(() => applyWebSocketEnv({ PORT: '8080', WEBSOCKET_PORT: '9090' }, undefined)).toThrow('WEBSOCKET_PORT');
    expect(() => applyWebSocketEnv({ WEBSOCKET_PATH: 'stats' }, undefined)).toThrow('WEBSOCKET_PATH');
  });

  it('is read by berth hub before anything opens: a conflict or a bad path is a usage error (exit 2)', async () => {
    const saved = { ...process.env };
    try {
      for (const [vars, named] of [
        [{ PORT: '9090', WEBSOCKET_PORT: '9091' }, 'WEBSOCKET_PORT'],
        [{ WEBSOCKET_PATH: 'docker/stats' }, 'WEBSOCKET_PATH'],
      ] as const) {
        for (const k of ['PORT', 'WEBSOCKET_PORT', 'WEBSOCKET_PATH']) delete process.env[k];
        Object.assign(process.env, vars);
        const run = hubCommand(() => ({ driver: 'mock' })).parseAsync([], { from: 'user' });
        const err = await run.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ValidationError);
        expect(String(err)).toContain(named);
        expect(exitCodeFor(err)).toBe(EXIT.usage);
      }
    } finally {
      for (const k of ['PORT', 'WEBSOCKET_PORT', 'WEBSOCKET_PATH']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it('is named in berth hub --help', () => {
    let help = '';
    const cmd = hubCommand(() => ({})).configureOutput({
      writeOut: (s) => {
        help += s;
      },
    });
    cmd.outputHelp();
    expect(help).toContain('WEBSOCKET_PORT');
    expect(help).toContain('WEBSOCKET_PATH');
  });
});

describe('HubServer websocketPath (WEBSOCKET_PATH)', () => {
  let hub: HubServer;
  let base: string;

  beforeAll(async () => {
    hub = new HubServer({
      drivers: { mock: new MockDriver() },
      config: { port: 0 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
      websocketPath: '/docker/stats',
    });
    ({ url: base } = await hub.start());
  });
  afterAll(() => hub.close());

  /** Opens a WebSocket and resolves with its first message type, or the refused upgrade's HTTP status. */
  const attempt = (path: string) =>
    new Promise<string | number>((resolve) => {
      const ws = new WebSocket(`${base}${path}`);
      ws.once('message', (raw) => {
        resolve((JSON.parse(String(raw)) as { type: string }).type);
        ws.terminate();
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => undefined);
    });

  it('accepts upgrades at the path (and / for the dashboard), 404 elsewhere', async () => {
    expect(await attempt('/docker/stats')).toBe('ready');
    expect(await attempt('/docker/stats?token=')).toBe('ready');
    expect(await attempt('/')).toBe('ready');
    expect(await attempt('/elsewhere')).toBe(404);
  });

  it('refuses a bad websocketPath at construction', () => {
    expect(() => new HubServer({ drivers: { mock: new MockDriver() }, websocketPath: 'x' })).toThrow('websocketPath');
  });
});

describe('HubServer seedStreamer (what berth hub --driver docker mounts at WEBSOCKET_PATH)', () => {
  /** A seed client whose engine is nowhere: routing and the greeting need none. */
  const clients = () =>
    seedStreamerClients({ connection: { socketPath: '/var/run/berth-no-such-engine.sock' } }, 'docker');
  const hubs: HubServer[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.close()));
  });

  const start = async (websocketPath?: string): Promise<string> => {
    const hub = new HubServer({
      drivers: { docker: new MockDriver() },
      config: { port: 0 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
      ...(websocketPath === undefined ? {} : { websocketPath }),
      seedStreamer: { clients: clients() },
    });
    hubs.push(hub);
    return (await hub.start()).url;
  };

  const attempt = (url: string) =>
    new Promise<string | number>((resolve) => {
      const ws = new WebSocket(url);
      ws.once('message', (raw) => {
        resolve((JSON.parse(String(raw)) as { type: string }).type);
        ws.terminate();
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => undefined);
    });

  it("greets with the seed streamer's connection at WEBSOCKET_PATH, the hub's ready at /, 404 elsewhere", async () => {
    const base = await start('/seed/path');
    expect(await attempt(`${base}/seed/path`)).toBe('connection');
    expect(await attempt(`${base}/`)).toBe('ready');
    expect(await attempt(`${base}/elsewhere`)).toBe(404);
  });

  it("defaults to the seed's /docker/stats; the hub protocol keeps every other path", async () => {
    const base = await start();
    expect(await attempt(`${base}/docker/stats`)).toBe('connection');
    expect(await attempt(`${base}/anything`)).toBe('ready');
  });

  it('berth hub --help says where the seed streamer protocol is', () => {
    let help = '';
    const cmd = hubCommand(() => ({})).configureOutput({
      writeOut: (s) => {
        help += s;
      },
    });
    cmd.outputHelp();
    expect(help).toContain('containerStats');
    expect(help).toContain('/docker/stats');
  });
});
