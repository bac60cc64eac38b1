import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';
import { DASHBOARD_CSP } from './static-files.js';

const READER = 'reader-token-0123456789';
const OPERATOR = 'operator-token-0123456789';

describe(`${HubServer.name} operator requests and dashboard files`, () => {
  let home: string;
  let dashboardDir: string;
  let driver: ContainerDriver;
  let sessions: SessionManager;
  let hub: HubServer;
  let url: string;
  let http: string;
  const clients: HubClient[] = [];
  const containers: string[] = [];

  const connect = async (token: string): Promise<HubClient> => {
    const client = await HubClient.connect(url, { token });
    clients.push(client);
    return client;
  };

  const sleeper = async (): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', command: ['sleep', '30'], labels: { 'berth.test': 'op' } });
    containers.push(c.id);
    await driver.startContainer(c.id);
    return c.id;
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-hub-op-'));
    dashboardDir = join(home, 'dashboard');
    await mkdir(join(dashboardDir, 'assets'), { recursive: true });
    await writeFile(join(dashboardDir, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dashboardDir, 'assets', 'app.js'), 'export {};');
    await writeFile(join(home, 'secret.txt'), 'secret');
    driver = new LocalDriver({ home: join(home, 'local') });
    sessions = new SessionManager(driver, { reapIntervalMs: 60_000 });
    hub = new HubServer({
      drivers: { local: driver },
      sessions,
      config: { port: 0, authToken: READER, operatorToken: OPERATOR },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir,
    });
    ({ url } = await hub.start());
    http = url.replace(/^ws:/, 'http:');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    for (const id of containers.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
  });

  afterAll(async () => {
    await hub.close();
    await rm(home, { recursive: true, force: true });
  });

  describe('containerAction', () => {
    it('stops a container for the operator token', async () => {
      const id = await sleeper();
      const client = await connect(OPERATOR);
      client.send({ type: 'containerAction', containerID: id, action: 'stop', requestId: 'r1' });
      const done = await client.next((m) => m.type === 'actionDone');
      expect(done).toMatchObject({ containerID: id, hostId: 'local', data: { action: 'stop', requestId: 'r1' } });
      expect((await driver.getContainer(id))?.state).toBe('exited');
    });

    it('restarts a stopped container', async () => {
      const id = await sleeper();
      await driver.stopContainer(id, { timeoutMs: 1000 });
      const client = await connect(OPERATOR);
      client.send({ type: 'containerAction', containerID: id, hostId: 'local', action: 'restart' });
      await client.next((m) => m.type === 'actionDone');
      expect((await driver.getContainer(id))?.state).toBe('running');
    });

    it('removes a running container (forced)', async () => {
      const id = await sleeper();
      const client = await connect(OPERATOR);
      client.send({ type: 'containerAction', containerID: id, action: 'remove' });
      await client.next((m) => m.type === 'actionDone');
      expect(await driver.getContainer(id)).toBeNull();
    });

    it('refuses a reader token with BERTH_HUB_FORBIDDEN and keeps the container and the connection', async () => {
      const id = await sleeper();
      const client = await connect(READER);
      client.send({ type: 'containerAction', containerID: id, action: 'remove', requestId: 'r2' });
      const error = await client.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_HUB_FORBIDDEN', requestId: 'r2' });
      expect((await driver.getContainer(id))?.state).toBe('running');
      client.send({ type: 'ping', data: 'still open' });
      expect((await client.next((m) => m.type === 'pong')).data).toBe('still open');
    });

    it('answers an unknown action with BERTH_VALIDATION', async () => {
      const client = await connect(OPERATOR);
      client.sendRaw(JSON.stringify({ type: 'containerAction', containerID: 'x', action: 'explode' }));
      const error = await client.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_VALIDATION' });
    });

    it('answers an unknown container with BERTH_CONTAINER_NOT_FOUND', async () => {
      const client = await connect(OPERATOR);
      client.send({ type: 'containerAction', containerID: 'c-missing', action: 'stop' });
      const error = await client.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_CONTAINER_NOT_FOUND' });
    });
  });

  describe('watchEvents', () => {
    it('sends an event for a container started after watching', async () => {
      const client = await connect(READER);
      client.send({ type: 'watchEvents' });
      await client.next((m) => m.type === 'watching');
      const id = await sleeper();
      const event = await client.next((m) => m.type === 'event' && m.containerID === id && m.data.event === 'started');
      expect(event).toMatchObject({ hostId: 'local', data: { source: 'container', event: 'started' } });
    });
  });

  describe('createSession and executeCode', () => {
    it('creates a session, runs a snippet and lists the session', async () => {
      const client = await connect(OPERATOR);
      client.send({ type: 'createSession', language: 'bash', requestId: 's1' });
      const created = await client.next<Extract<ServerMessage, { type: 'sessionCreated' }>>(
        (m) => m.type === 'sessionCreated',
        30_000,
      );
      const sessionId = created.sessionId ?? '';
      client.send({ type: 'executeCode', sessionId, language: 'bash', code: 'echo hi; echo oops >&2; exit 3' });
      const result = await client.next((m) => m.type === 'codeResult', 30_000);
      expect(result.data).toMatchObject({ exitCode: 3, stdout: 'hi\n', stderr: 'oops\n', timedOut: false });
      client.send({ type: 'listSessions' });
      const list = await client.next<Extract<ServerMessage, { type: 'sessionList' }>>((m) => m.type === 'sessionList');
      expect(list.data.sessions.map((s) => s.id)).toContain(sessionId);
      await sessions.cleanupSession(sessionId);
    });

    it('refuses createSession for a reader token', async () => {
      const client = await connect(READER);
      client.send({ type: 'createSession', language: 'python' });
      const error = await client.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_HUB_FORBIDDEN' });
    });

    it('answers executeCode in an unknown session with BERTH_SESSION_NOT_FOUND', async () => {
      const client = await connect(OPERATOR);
      client.send({ type: 'executeCode', sessionId: 'ses-missing', language: 'bash', code: 'true' });
      const error = await client.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_SESSION_NOT_FOUND' });
    });
  });

  describe('dashboard files', () => {
    it('serves index.html at / with the content security policy', async () => {
      const res = await fetch(`${http}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(await res.text()).toContain('<title>t</title>');
    });

    it('serves hashed assets with a long cache lifetime', async () => {
      const res = await fetch(`${http}/assets/app.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/javascript');
      expect(res.headers.get('cache-control')).toContain('immutable');
    });

    it.each([
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/missing.js',
      '/assets/%E0%A4%A',
    ])('answers %s with 404', async (path) => {
      const res = await fetch(`${http}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('secret');
    });
  });
});

describe(`${HubServer.name} without a built dashboard`, () => {
  it('answers / with 503 and how to build it', async () => {
    const hub = new HubServer({
      drivers: { local: new LocalDriver({ home: join(tmpdir(), 'berth-hub-nodash') }) },
      config: { port: 0 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: join(tmpdir(), 'berth-no-such-dashboard'),
    });
    const { url } = await hub.start();
    try {
      const res = await fetch(`${url.replace(/^ws:/, 'http:')}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await hub.close();
      await rm(join(tmpdir(), 'berth-hub-nodash'), { recursive: true, force: true });
    }
  });
});
