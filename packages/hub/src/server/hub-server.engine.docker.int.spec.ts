/**
 * Issue 16, hub side, from the user's side: a client written from the log server seed's README — a plain `ws`
 * WebSocket with `?token=` on the URL and the seed's `auth { token }` field on its messages — asks the hub for a
 * Docker host's engine events and system info. It receives the events of an image, a network and a volume
 * created on the real dockerd (in Berth's and the docker-client seed's spelling), the host's info, version and
 * disk usage, and a typed error frame for an unknown `hostId`.
 */
import { DockerDriver } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type Docker from 'dockerode';
import { pino } from 'pino';
import { createEngineObjects, removeImageTags } from '../testing/engine-objects.js';
import { FrameInbox } from '../testing/frame-inbox.js';
import { HubServer } from './hub-server.js';

const TOKEN = 'seed-reader-token-0123456789';

type Frame = { type: string; hostId?: string; data: Record<string, unknown> };

await describeDocker('HubServer on Docker: engine events and system info per host (seed README client)', () => {
  let hub: HubServer;
  let docker: Docker;
  let run: DockerTestRun;
  let url: string;
  let inbox: FrameInbox<Frame>;
  const tags: string[] = [];

  /** The next frame that matches (from what already came first). */
  const next = (match: (m: Frame) => boolean): Promise<Frame> => inbox.next(match);
  const send = (m: Record<string, unknown>) => inbox.send({ ...m, auth: { token: TOKEN } });
  const engineEvent = (type: string, action: string, pick: (d: Record<string, unknown>) => boolean) => (m: Frame) =>
    m.type === 'engineEvent' && m.data['Type'] === type && m.data['Action'] === action && pick(m.data);
  const attrs = (d: Record<string, unknown>) => (d['Actor'] as { Attributes: Record<string, string> }).Attributes;

  beforeAll(async () => {
    const driver = await DockerDriver.connect();
    docker = driver.docker;
    run = new DockerTestRun(docker);
    hub = new HubServer({
      drivers: { local: driver },
      config: { port: 0, authToken: TOKEN },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
    });
    ({ url } = await hub.start());
    // ---- the seed README's client ----
    inbox = await FrameInbox.open<Frame>(`${url}?token=${TOKEN}`);
  }, 60_000);

  afterAll(async () => {
    inbox?.ws.terminate();
    await removeImageTags(docker, tags);
    await run?.cleanup();
    await hub?.close();
  }, 60_000);

  it('receives the engine events of an image, a network and a volume created on the engine', async () => {
    send({ type: 'watchEngineEvents', hostId: 'local', types: ['image', 'network', 'volume'] });
    expect(await next((m) => m.type === 'watching')).toMatchObject({ hostId: 'local', data: { hosts: ['local'] } });
    // `watching` comes once the engine's stream is open: what is created right after it is reported
    const made = await createEngineObjects(docker, run, `berth-evt-${run.runId}`, tags);

    const image = await next(engineEvent('image', 'tag', (d) => attrs(d)['name'] === made.tag));
    expect(image).toMatchObject({ hostId: 'local', data: { type: 'image', action: 'tag', host: expect.any(String) } });
    expect(image.data['id']).toBe((image.data['Actor'] as { ID: string }).ID);
    const net = await next(engineEvent('network', 'create', (d) => d['id'] === made.networkId));
    expect(net.data).toMatchObject({ type: 'network', action: 'create', Actor: { ID: made.networkId } });
    expect(typeof net.data['time']).toBe('number');
    const vol = await next(engineEvent('volume', 'create', (d) => d['id'] === made.volume));
    expect(vol.data).toMatchObject({ type: 'volume', Type: 'volume', Action: 'create' });
    // types was image, network, volume: no container event
    expect(inbox.kept().filter((m) => m.type === 'engineEvent' && m.data['Type'] === 'container')).toEqual([]);
  }, 120_000);

  it('reports a container created right after watchEvents is answered (container events$ opened first)', async () => {
    send({ type: 'watchEvents' });
    expect(await next((m) => m.type === 'watching')).toMatchObject({ data: { hosts: ['local'] } });
    const created = await docker.createContainer({
      Image: 'berth/busybox:latest',
      Cmd: ['true'],
      Labels: run.labels,
    });
    const frame = (await next(
      (m) => m.type === 'event' && (m as { containerID?: string }).containerID === created.id,
    )) as Frame & {
      containerID: string;
    };
    expect(frame).toMatchObject({ hostId: 'local', data: { source: 'container', event: 'created' } });
    send({ type: 'unwatchEvents' });
    await next((m) => m.type === 'unsubscribed');
  }, 120_000);

  it("answers getSystemInfo for the host with the engine's info, version and disk usage", async () => {
    send({ type: 'getSystemInfo', hostId: 'local', requestId: 'sys-1' });
    const m = await next((x) => x.type === 'systemInfo');
    const engine = await docker.info();
    expect(m).toMatchObject({
      hostId: 'local',
      data: {
        requestId: 'sys-1',
        info: { id: engine.ID, serverVersion: engine.ServerVersion, cpus: engine.NCPU },
        version: { version: engine.ServerVersion },
        usage: { images: { count: expect.any(Number) } },
      },
    });
    expect((m.data['usage'] as { images: { count: number } }).images.count).toBeGreaterThan(0);
    const res = await fetch(`${url.replace(/^ws:/, 'http:')}/hosts/local/system?include=version`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await res.json()).toEqual({ hostId: 'local', version: m.data['version'] });
  }, 60_000);

  it('answers an unknown hostId with a typed error frame and keeps the connection', async () => {
    send({ type: 'getSystemInfo', hostId: 'host1' });
    expect(await next((x) => x.type === 'error')).toMatchObject({
      hostId: 'host1',
      data: { code: 'BERTH_HUB_UNKNOWN_HOST', message: expect.stringContaining('Unknown host: host1') },
    });
    send({ type: 'watchEngineEvents', hostId: 'host1' });
    expect(await next((x) => x.type === 'error')).toMatchObject({
      data: { code: 'BERTH_HUB_UNKNOWN_HOST', details: { hostId: 'host1', hosts: ['local'] } },
    });
    send({ type: 'ping', data: 7 });
    expect(await next((x) => x.type === 'pong')).toMatchObject({ data: 7 });
  }, 30_000);
});
