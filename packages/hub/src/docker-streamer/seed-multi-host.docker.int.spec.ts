/**
 * The Docker client seed's Multi-Host Management example (`docker-client.md`), run as written — only the package
 * name changed (`@dockstat/docker-client` → `@berth/hub`, which re-exports `DockerClient` beside the streamer), and
 * two comments for TypeScript's strict catch variables.
 * Its hosts (192.168.1.10–12) are not Docker engines here: the program reports each failure and goes on, as it
 * is written to. The streamer it starts (port 8080, `/docker/stats`) is then checked with a WebSocket client, and
 * the same streamer class serves a real engine's stats.
 */

import { DockerTestRun, describeDocker, holdTestLock, SEED_PORTS_TEST_LOCK } from '@berth/driver-docker/testing';
import { afterAll, expect, it, jest } from '@jest/globals';
import { WebSocket } from 'ws';
import { DockerClient, DockerWebSocketStreamer } from '../index.js';

/** Opens a WebSocket and collects its JSON messages. */
async function open(url: string): Promise<{ ws: WebSocket; next: (type: string) => Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(url);
  const inbox: Record<string, unknown>[] = [];
  const waiters: { type: string; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as Record<string, unknown>;
    const w = waiters.findIndex((x) => x.type === m['type']);
    if (w >= 0) waiters.splice(w, 1)[0]?.resolve(m);
    else inbox.push(m);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = (type: string): Promise<Record<string, unknown>> => {
    const i = inbox.findIndex((m) => m['type'] === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] as Record<string, unknown>);
    return new Promise((resolve) => waiters.push({ type, resolve }));
  };
  return { ws, next };
}

await describeDocker('Docker client seed: Multi-Host Management (DockerWebSocketStreamer)', () => {
  // the streamer listens on 8080 as written: one file at a time may hold the seed's ports
  holdTestLock(SEED_PORTS_TEST_LOCK);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  }, 60_000);

  it('runs as written: unreachable hosts are reported, the streamer serves /docker/stats on 8080', async () => {
    const logged: unknown[][] = [];
    const errors: unknown[][] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logged.push(a));
    const err = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a));
    try {
      // ---- seed: Multi-Host Management ----
      // Create multiple Docker clients
      const dockerClients = new Map<string, DockerClient>();

      const hosts = [
        { id: 'host1', address: '192.168.1.10', port: 2375 },
        { id: 'host2', address: '192.168.1.11', port: 2375 },
        { id: 'host3', address: '192.168.1.12', port: 2375 },
      ];

      // Connect to all hosts
      for (const host of hosts) {
        const client = new DockerClient({
          host: host.address,
          port: host.port,
          hostId: host.id,
          name: `Docker Host ${host.id}`,
        });

        try {
          await client.connect();
          dockerClients.set(host.id, client);
          console.log(`Connected to ${host.id}`);
        } catch (error) {
          // @ts-expect-error -- the seed reads .message of an untyped catch variable (its tsconfig allows it)
          console.error(`Failed to connect to ${host.id}:`, error.message);
        }
      }

      // Set up WebSocket streaming
      const wsStreamer = new DockerWebSocketStreamer(dockerClients, {
        port: 8080,
        path: '/docker/stats',
      });

      // Get containers from all hosts
      for (const [hostId, client] of dockerClients) {
        try {
          const containers = await client.listContainers();
          console.log(`${hostId} containers:`, containers.length);
        } catch (error) {
          // @ts-expect-error -- the seed reads .message of an untyped catch variable (its tsconfig allows it)
          console.error(`Error listing containers for ${hostId}:`, error.message);
        }
      }
      // ---- end seed ----
      cleanups.push(() => wsStreamer.close());
      for (const c of dockerClients.values()) cleanups.push(() => c.disconnect());

      expect(errors.map((e) => e[0])).toEqual([
        'Failed to connect to host1:',
        'Failed to connect to host2:',
        'Failed to connect to host3:',
      ]);
      expect(errors.every((e) => typeof e[1] === 'string' && e[1] !== '')).toBe(true);
      await wsStreamer.listening;
      const { ws, next } = await open('ws://127.0.0.1:8080/docker/stats');
      cleanups.push(() => ws.terminate());
      expect(await next('connection')).toMatchObject({ message: 'Connected to Docker stats stream' });
      ws.send(JSON.stringify({ type: 'listContainers', hostId: 'host1' }));
      expect(await next('error')).toMatchObject({ message: 'Unknown host: host1' });
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  }, 180_000);

  it('serves a real engine: listContainers and subscribe → containerStats', async () => {
    const client = new DockerClient({ host: 'unix:///var/run/docker.sock', hostId: 'local' });
    await client.connect();
    cleanups.push(() => client.disconnect());
    const run = new DockerTestRun(client.docker);
    cleanups.push(() => run.cleanup());
    const c = await client.docker.createContainer({
      Image: 'berth/busybox:latest',
      Cmd: ['sleep', '60'],
      Labels: run.labels,
    });
    await client.startContainer(c.id);
    const streamer = new DockerWebSocketStreamer(new Map([['local', client]]), { port: 0, heartbeatInterval: 300 });
    cleanups.push(() => streamer.close());
    await streamer.listening;
    const { ws, next } = await open(`ws://127.0.0.1:${streamer.address().port}/docker/stats`);
    cleanups.push(() => ws.terminate());
    await next('connection');
    ws.send(JSON.stringify({ type: 'listContainers', hostId: 'local' }));
    const list = await next('containerList');
    expect((list['containers'] as { id: string }[]).some((x) => x.id === c.id)).toBe(true);
    ws.send(JSON.stringify({ type: 'subscribe', hostId: 'local', containerId: c.id }));
    expect(await next('subscribed')).toMatchObject({ hostId: 'local', containerId: c.id });
    const stats = await next('containerStats');
    expect(stats).toMatchObject({ hostId: 'local', containerId: c.id });
    expect(typeof (stats['stats'] as { cpuUsage: unknown }).cpuUsage).toBe('number');
    ws.send(JSON.stringify({ type: 'unsubscribe', hostId: 'local', containerId: c.id }));
    await next('unsubscribed');
  }, 60_000);
});
