/**
 * Issue 16 leftover, from the docker-client seed's side: a client written to that seed's README (a plain `ws`
 * WebSocket at `WEBSOCKET_PATH`, messages exactly as its `DockerWebSocketStreamer` reads them) pointed at the hub
 * gets what the seed promises — the `connection` greeting, `listContainers { hostId }` → `containerList
 * { hostId, containers }`, `subscribe { hostId, containerId }` → `subscribed` then `containerStats`, `unsubscribe`
 * → `unsubscribed`, `Unknown host: …` — plus Berth's `subscribeEvents` → `dockerEvent`, on the hub's own port,
 * with the hub's token (`?token=` or the seed's `auth { token }` field). Berth's hub protocol stays at `/`.
 */
import { DockerDriver } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type Docker from 'dockerode';
import { pino } from 'pino';
import type { WebSocket } from 'ws';
import { HubClient } from '../client/index.js';
import { seedStreamerClients } from '../docker-streamer/seed-streamer-clients.js';
import { createEngineObjects, removeImageTags } from '../testing/engine-objects.js';
import { FrameInbox } from '../testing/frame-inbox.js';
import { HubServer } from './hub-server.js';

const TOKEN = 'seed-streamer-token-0123456789';
const PATH = '/docker/stats';

type Frame = { type: string; [k: string]: unknown };

await describeDocker(
  'HubServer: the docker-client seed streamer protocol at WEBSOCKET_PATH (seed README client)',
  () => {
    let hub: HubServer;
    let docker: Docker;
    let run: DockerTestRun;
    let base: string;
    const sockets: WebSocket[] = [];
    const tags: string[] = [];

    /** The seed's client: a plain `ws` socket at the endpoint (frames kept from the first). */
    const seedClient = async (query = `?token=${TOKEN}`): Promise<FrameInbox<Frame>> => {
      const inbox = await FrameInbox.open<Frame>(`${base}${PATH}${query}`);
      sockets.push(inbox.ws);
      return inbox;
    };
    const closed = (ws: WebSocket): Promise<number> =>
      new Promise((resolve) => ws.once('close', (code) => resolve(code)));

    beforeAll(async () => {
      const driver = await DockerDriver.connect();
      docker = driver.docker;
      run = new DockerTestRun(docker);
      const socketPath = (docker.modem as { socketPath?: string }).socketPath;
      hub = new HubServer({
        drivers: { docker: driver },
        config: { port: 0, authToken: TOKEN },
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
        dashboardDir: false,
        websocketPath: PATH,
        seedStreamer: {
          clients: seedStreamerClients(socketPath === undefined ? {} : { connection: { socketPath } }, 'docker'),
          statsIntervalMs: 300,
        },
      });
      ({ url: base } = await hub.start());
    }, 60_000);

    afterAll(async () => {
      for (const ws of sockets) ws.terminate();
      await removeImageTags(docker, tags);
      await run?.cleanup();
      await hub?.close();
    }, 60_000);

    it('greets, lists, subscribes to a container and streams containerStats, as the seed streamer does', async () => {
      const c = await docker.createContainer({
        Image: 'berth/busybox:latest',
        Cmd: ['sleep', '60'],
        Labels: run.labels,
      });
      await c.start();
      const seed = await seedClient();
      expect(await seed.next((m) => m.type === 'connection')).toMatchObject({
        message: 'Connected to Docker stats stream',
        timestamp: expect.any(String),
      });
      seed.send({ type: 'listContainers', hostId: 'docker' });
      const list = await seed.next((m) => m.type === 'containerList');
      expect(list).toMatchObject({ hostId: 'docker' });
      const mine = (list['containers'] as { id: string; state: string; labels: Record<string, string> }[]).find(
        (x) => x.id === c.id,
      );
      expect(mine).toMatchObject({ state: 'running', labels: run.labels });
      seed.send({ type: 'subscribe', hostId: 'docker', containerId: c.id });
      expect(await seed.next((m) => m.type === 'subscribed')).toMatchObject({ hostId: 'docker', containerId: c.id });
      const stats = await seed.next((m) => m.type === 'containerStats');
      expect(stats).toMatchObject({ hostId: 'docker', containerId: c.id });
      const s = stats['stats'] as { cpuUsage: unknown; memoryUsage: unknown; memoryPercentage: unknown };
      expect([typeof s.cpuUsage, typeof s.memoryUsage, typeof s.memoryPercentage]).toEqual([
        'number',
        'number',
        'number',
      ]);
      seed.send({ type: 'unsubscribe', hostId: 'docker', containerId: c.id });
      expect(await seed.next((m) => m.type === 'unsubscribed')).toMatchObject({ hostId: 'docker', containerId: c.id });
    }, 60_000);

    it("answers an unknown host and an unknown message type with the seed's errors", async () => {
      const seed = await seedClient();
      seed.send({ type: 'listContainers', hostId: 'host1' });
      expect(await seed.next((m) => m.type === 'error')).toMatchObject({ message: 'Unknown host: host1' });
      seed.send({ type: 'ping' });
      expect(await seed.next((m) => m.type === 'error')).toMatchObject({ message: 'Unknown message type: ping' });
    }, 30_000);

    it('streams engine events as dockerEvent after subscribeEvents', async () => {
      const seed = await seedClient();
      seed.send({ type: 'subscribeEvents', hostId: 'docker', filters: { type: ['volume'] } });
      expect(await seed.next((m) => m.type === 'subscribed')).toMatchObject({ hostId: 'docker', events: true });
      const made = await createEngineObjects(docker, run, `berth-hsevt-${run.runId}`, tags);
      const e = await seed.next((m) => {
        const ev = m['event'] as { Type?: string; Action?: string; Actor?: { ID?: string } } | undefined;
        return (
          m.type === 'dockerEvent' && ev?.Type === 'volume' && ev.Action === 'create' && ev.Actor?.ID === made.volume
        );
      });
      expect(e).toMatchObject({ hostId: 'docker', event: { host: 'docker', time: expect.any(Number) } });
    }, 60_000);

    it("takes the hub's token as the seed's auth { token } field when the URL has none, and closes 4401 without it", async () => {
      const withField = await seedClient('');
      await withField.next((m) => m.type === 'connection');
      withField.send({ type: 'listContainers', hostId: 'docker', auth: { token: TOKEN } });
      expect(await withField.next((m) => m.type === 'containerList')).toMatchObject({ hostId: 'docker' });
      // once authenticated, later messages need no field
      withField.send({ type: 'getSystemVersion', hostId: 'docker' });
      expect(await withField.next((m) => m.type === 'systemVersion')).toMatchObject({ hostId: 'docker' });

      const without = await seedClient('');
      const code = closed(without.ws);
      without.send({ type: 'listContainers', hostId: 'docker' });
      expect(await code).toBe(4401);
      expect(without.kept().some((m) => m.type === 'containerList')).toBe(false);

      const wrong = await seedClient('?token=not-the-token-0123456789');
      expect(await closed(wrong.ws)).toBe(4401);
    }, 30_000);

    it("keeps Berth's hub protocol at /", async () => {
      const client = await HubClient.connect(base, { token: TOKEN });
      try {
        client.send({ type: 'listContainers', hostId: 'docker' });
        const list = await client.next((m) => m.type === 'containerList');
        expect(list).toMatchObject({ hostId: 'docker', data: { containers: expect.any(Array) } });
      } finally {
        await client.close();
      }
    }, 30_000);
  },
);
