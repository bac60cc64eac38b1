/**
 * Issue 16 leftover, as a user of the docker-client seed meets it: `berth hub --driver docker` started with the
 * seed's environment (`WEBSOCKET_PORT`, `WEBSOCKET_PATH=/docker/stats`) and the seed's streamer client pointed at
 * it — a plain `ws` socket at `ws://host:port/docker/stats`, messages exactly as the seed's README shows
 * (`subscribe { hostId, containerId }`, `listContainers { hostId }`). It gets the `connection` greeting, the
 * container list, `subscribed` and `containerStats` — not the hub protocol's `ready`. Runs the built CLI
 * (`npm run build` first), as `cli.int.spec.ts` does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerDriver } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type Docker from 'dockerode';
import { FrameInbox } from '../testing/frame-inbox.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(here, '../../dist/esm/cli/main.js');

type Frame = { type: string; [k: string]: unknown };

await describeDocker("berth hub --driver docker: the docker-client seed's streamer client at WEBSOCKET_PATH", () => {
  let child: ChildProcess | undefined;
  let driver: DockerDriver;
  let docker: Docker;
  let run: DockerTestRun;
  let base: string;
  const sockets: { terminate(): void }[] = [];

  beforeAll(async () => {
    driver = await DockerDriver.connect();
    docker = driver.docker;
    run = new DockerTestRun(docker);
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', WEBSOCKET_PATH: '/docker/stats' };
    for (const key of ['PORT', 'HOST', 'AUTH_TOKEN', 'PRODUCER_TOKEN', 'OPERATOR_TOKEN', 'BERTH_DOCKER_HOSTS'])
      delete env[key];
    env['WEBSOCKET_PORT'] = '0';
    env['STATS_INTERVAL'] = '300';
    const started = spawn(process.execPath, [BIN, '--driver', 'docker', 'hub'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    base = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      started.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (ws:\/\/\S+)/.exec(out);
        if (m?.[1] !== undefined) resolveUrl(m[1]);
      });
      let err = '';
      started.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
      });
      started.on('close', (code) => reject(new Error(`berth hub exited early with ${code}: ${err}`)));
    });
  }, 60_000);

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('close', r));
      child.kill('SIGTERM');
      await exited;
    }
    await run?.cleanup();
    await driver?.dispose();
  }, 60_000);

  it("serves the seed's streamer protocol there: connection, containerList, subscribed, containerStats", async () => {
    const c = await docker.createContainer({ Image: 'berth/busybox:latest', Cmd: ['sleep', '60'], Labels: run.labels });
    await c.start();
    // ---- the seed's streamer client ----
    const ws = await FrameInbox.open<Frame>(`${base}/docker/stats`);
    sockets.push(ws.ws);
    expect(await ws.next((m) => m.type === 'connection')).toMatchObject({
      message: 'Connected to Docker stats stream',
    });
    ws.send({ type: 'listContainers', hostId: 'docker' });
    const list = await ws.next((m) => m.type === 'containerList');
    expect((list['containers'] as { id: string }[]).some((x) => x.id === c.id)).toBe(true);
    ws.send({ type: 'subscribe', hostId: 'docker', containerId: c.id });
    expect(await ws.next((m) => m.type === 'subscribed')).toMatchObject({ hostId: 'docker', containerId: c.id });
    const stats = await ws.next((m) => m.type === 'containerStats');
    expect(stats).toMatchObject({ hostId: 'docker', containerId: c.id, stats: { cpuUsage: expect.any(Number) } });
    expect(ws.kept().some((m) => m.type === 'ready')).toBe(false);
  }, 60_000);

  it("keeps Berth's hub protocol at / (ready first)", async () => {
    const ws = await FrameInbox.open<Frame>(`${base}/`);
    sockets.push(ws.ws);
    expect(await ws.next(() => true)).toMatchObject({ type: 'ready', data: { hosts: ['docker'] } });
  }, 30_000);
});
