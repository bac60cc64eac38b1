/**
 * The Docker client seed's (`docker-client.md`) example programs, run as written on Berth's Docker driver — only
 * the package name changed (`@dockstat/docker-client` → `@berth/driver-docker`, `bun:test` → `@jest/globals`).
 * Each program's body is copied verbatim between the `seed:` markers; the lines after them only hand back what
 * the test must clean up.
 *
 * What the seed's programs assume, this file provides: an engine at `localhost:2375` (a TCP relay to the local
 * socket, for this file only), a container named `nginx-container`, and an `nginx:alpine` image (a stand-in built
 * with `buildImage` FROM the local busybox image — no registry — that, like nginx, runs until SIGTERM).
 */
import { createServer, connect as netConnect, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createDockerClient } from '../client/create-docker-client.js';
import { DockerDriver } from '../docker-driver.js';
import { DockerClient } from '../index.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import { DockerTestRun } from '../testing/docker-test-run.js';

const SOCKET = '/var/run/docker.sock';

/** Relays localhost:2375 to the engine's unix socket (the seed's examples talk TCP to localhost:2375). */
function relay2375(): Promise<Server> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((inbound) => {
    const outbound = netConnect(SOCKET);
    sockets.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  // closing ends the relayed connections too (a client the seed never disconnects keeps one open)
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  const close = server.close.bind(server);
  server.close = (cb) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(2375, '127.0.0.1', () => resolve(server));
  });
}

// ---- seed: tests/setup.ts ----
// import { DockerClient } from '../src';

export function createTestClient(): DockerClient {
  return new DockerClient({
    host: process.env.DOCKER_HOST || 'localhost',
    // biome-ignore lint/correctness/useParseIntRadix: the seed's code, as written
    port: parseInt(process.env.DOCKER_PORT || '2375'),
    hostId: 'test-host',
  });
}

export async function createTestContainer(): Promise<string> {
  const client = createTestClient();
  await client.connect();

  // Create test container
  const container = await client.docker.createContainer({
    Image: 'nginx:alpine',
    name: 'test-container-' + Date.now(),
  });

  return container.id;
}
// ---- end seed ----

await describeDocker('Docker client seed examples (docker-client.md) on Berth', () => {
  const docker = createDockerClient({ socketPath: SOCKET });
  const driver = new DockerDriver({ docker });
  const run = new DockerTestRun(docker);
  let relay: Server;
  let builtNginx = false;
  const clients: DockerClient[] = [];
  let logs: unknown[][] = [];
  const log = jest.spyOn(console, 'log');

  beforeAll(async () => {
    relay = await relay2375();
    // nginx:alpine stand-in: runs until SIGTERM, as nginx does
    if (!(await driver.listImages()).some((i) => i.tags.includes('nginx:alpine'))) {
      await driver.buildImage({
        context: [
          {
            path: 'Dockerfile',
            content: `FROM berth/busybox:latest\nCMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]\n`,
          },
        ],
        tags: ['nginx:alpine'],
        labels: { ...run.labels, 'berth.seed-stand-in': 'nginx' },
      });
      builtNginx = true;
    }
  }, 120_000);
  afterEach(async () => {
    log.mockClear();
    logs = [];
    for (const c of clients.splice(0)) await c.disconnect().catch(() => undefined);
    await docker
      .getContainer('nginx-container')
      .remove({ force: true })
      .catch(() => undefined);
  });
  afterAll(async () => {
    log.mockRestore();
    await run.cleanup();
    if (builtNginx) await driver.removeImage('nginx:alpine', { force: true }).catch(() => undefined);
    await new Promise((r) => relay?.close(r));
    await driver.dispose();
  });
  const printed = (): unknown[][] => {
    logs = log.mock.calls as unknown[][];
    return logs;
  };

  it('Basic Usage: connects to localhost:2375, lists, details and starts nginx-container', async () => {
    log.mockImplementation(() => undefined);
    await docker.createContainer({ Image: 'nginx:alpine', name: 'nginx-container', Labels: run.labels });

    // ---- seed: Basic Usage ----
    // Create client instance
    const client = new DockerClient({
      host: 'localhost',
      port: 2375,
      hostId: 'local-docker',
      name: 'Local Docker Host',
    });

    // Connect to Docker host
    await client.connect();

    // List all containers
    const containers = await client.listContainers({ all: true });
    console.log('Containers:', containers);

    // Get container details
    const container = await client.getContainer('nginx-container');
    console.log('Container details:', container);

    // Start a container
    await client.startContainer('nginx-container');

    // Get real-time stats
    client.on('containerStats', (data) => {
      console.log(`Stats for ${data.containerId}:`, data.stats);
    });

    // Handle errors
    client.on('error', (error) => {
      console.error('Docker client error:', error);
    });
    // ---- end seed ----
    clients.push(client);

    const out = printed();
    const listed = out.find((l) => l[0] === 'Containers:')?.[1] as { name: string; state: string }[];
    expect(listed.find((c) => c.name === 'nginx-container')?.state).toBe('created');
    const details = out.find((l) => l[0] === 'Container details:')?.[1] as { name: string; imageId: string };
    expect(details.name).toBe('nginx-container');
    expect(details.imageId).toMatch(/^sha256:/);
    expect((await docker.getContainer('nginx-container').inspect()).State.Running).toBe(true);
    expect(client.getHostInfo()).toMatchObject({ id: 'local-docker', name: 'Local Docker Host', port: 2375 });
    // the stats listener the seed registered receives samples once collection runs
    await client.startStatsCollection('nginx-container', 500);
    expect(printed().some((l) => l[0] === 'Stats for nginx-container:')).toBe(true);
  }, 60_000);

  it('Event Monitoring: getEvents() streams the engine events as { Type, Action, Actor, time }', async () => {
    log.mockImplementation(() => undefined);

    // ---- seed: Event Monitoring ----
    const client = new DockerClient({
      host: 'localhost',
      port: 2375,
    });

    await client.connect();

    // Monitor container lifecycle events
    client.on('containerStarted', (event) => {
      console.log(`Container started: ${event.containerId}`);
    });

    client.on('containerStopped', (event) => {
      console.log(`Container stopped: ${event.containerId}`);
    });

    client.on('containerRemoved', (event) => {
      console.log(`Container removed: ${event.containerId}`);
    });

    // Monitor Docker events
    const eventStream = await client.getEvents();
    eventStream.on('data', (event) => {
      console.log('Docker event:', {
        type: event.Type,
        action: event.Action,
        actor: event.Actor,
        time: new Date(event.time * 1000),
      });
    });
    // ---- end seed ----
    clients.push(client);

    // events happen: through the client (lifecycle events) and on the engine (the event stream)
    const deadline = Date.now() + 15_000;
    let created: string | undefined;
    while (Date.now() < deadline) {
      const c = await docker.createContainer({
        Image: 'berth/busybox:latest',
        Cmd: ['sleep', '30'],
        Labels: run.labels,
      });
      created = c.id;
      await client.startContainer(c.id);
      await new Promise((r) => setTimeout(r, 300));
      const events = printed()
        .filter((l) => l[0] === 'Docker event:')
        .map((l) => l[1] as { type: string; action: string; actor: { ID: string } });
      if (events.some((e) => e.type === 'container' && e.action === 'start' && e.actor.ID === c.id)) break;
    }
    await client.removeContainer(created as string, { force: true });
    const out = printed();
    expect(out.some((l) => l[0] === `Container started: ${created}`)).toBe(true);
    expect(out.some((l) => l[0] === `Container removed: ${created}`)).toBe(true);
    const start = out
      .filter((l) => l[0] === 'Docker event:')
      .map((l) => l[1] as { type: string; action: string; actor: { ID: string }; time: Date })
      .find((e) => e.action === 'start' && e.actor.ID === created);
    expect(start?.type).toBe('container');
    expect(start?.time).toBeInstanceOf(Date);
  }, 60_000);

  // ---- seed: tests/integration.test.ts ----
  describe('DockerClient Integration', () => {
    let client: DockerClient;
    let testContainerId: string;

    beforeAll(async () => {
      client = createTestClient();
      await client.connect();
      testContainerId = await createTestContainer();
    });

    afterAll(async () => {
      if (testContainerId) {
        await client.removeContainer(testContainerId, { force: true });
      }
      await client.disconnect();
    });

    it('should list containers', async () => {
      const containers = await client.listContainers();
      expect(Array.isArray(containers)).toBe(true);
    });

    it('should get container details', async () => {
      const container = await client.getContainer(testContainerId);
      expect(container.id).toBe(testContainerId);
    });

    it('should start and stop container', async () => {
      await client.startContainer(testContainerId);

      let container = await client.getContainer(testContainerId);
      expect(container.state).toBe('running');

      await client.stopContainer(testContainerId);

      container = await client.getContainer(testContainerId);
      expect(container.state).toBe('exited');
    });

    it('should get container stats', async () => {
      await client.startContainer(testContainerId);

      const stats = await client.getContainerStats(testContainerId);
      expect(stats).toBeDefined();
      expect(typeof stats.cpuUsage).toBe('number');
      expect(typeof stats.memoryUsage).toBe('number');
    });
  });
  // ---- end seed ----
});
