/**
 * The Docker client seed's `DockerWebSocketStreamer`, asked the way its clients ask (`{ type, hostId }` messages
 * on a plain `ws` socket at `/docker/stats`): engine events of an image, a network and a volume created on the
 * real dockerd arrive as `dockerEvent` frames carrying the seed's `getEvents()` event; `getSystemInfo`,
 * `getSystemVersion` and `getSystemUsage` answer for the host; an unknown host is the seed's
 * `Unknown host: …` error with a Berth code. The endpoint comes from `WEBSOCKET_PATH`.
 */
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DockerClient, DockerWebSocketStreamer } from '../index.js';
import { createEngineObjects, removeImageTags } from '../testing/engine-objects.js';
import { FrameInbox } from '../testing/frame-inbox.js';

type Frame = Record<string, unknown> & { type: string };

await describeDocker('DockerWebSocketStreamer on Docker: engine events and system info', () => {
  let client: DockerClient;
  let streamer: DockerWebSocketStreamer;
  let run: DockerTestRun;
  let inbox: FrameInbox<Frame>;
  const tags: string[] = [];

  const next = (match: (m: Frame) => boolean): Promise<Frame> => inbox.next(match);
  const send = (m: Record<string, unknown>) => inbox.send(m);
  type SeedEvent = { Type: string; Action: string; Actor: { ID: string; Attributes: Record<string, string> } };
  const dockerEvent = (type: string, action: string, pick: (e: SeedEvent) => boolean) => (m: Frame) => {
    const e = m['event'] as SeedEvent | undefined;
    return m.type === 'dockerEvent' && e?.Type === type && e.Action === action && pick(e);
  };

  beforeAll(async () => {
    client = new DockerClient({ host: 'unix:///var/run/docker.sock', hostId: 'local' });
    await client.connect();
    run = new DockerTestRun(client.docker);
    streamer = new DockerWebSocketStreamer(new Map([['local', client]]), {
      port: 0,
      env: { WEBSOCKET_PATH: '/seed/ws' },
    });
    await streamer.listening;
    inbox = await FrameInbox.open<Frame>(`ws://127.0.0.1:${streamer.address().port}/seed/ws`);
    await next((m) => m.type === 'connection');
  }, 60_000);

  afterAll(async () => {
    inbox?.ws.terminate();
    streamer?.close();
    await removeImageTags(client?.docker, tags);
    await run?.cleanup();
    await client?.disconnect();
  }, 60_000);

  it('streams the events of an image, a network and a volume as dockerEvent frames', async () => {
    send({ type: 'subscribeEvents', hostId: 'local', filters: { type: ['image', 'network', 'volume'] } });
    expect(await next((m) => m.type === 'subscribed')).toMatchObject({ hostId: 'local', events: true });
    // `subscribed` comes once the engine's stream is open: what is created right after it is reported
    const made = await createEngineObjects(client.docker, run, `berth-sevt-${run.runId}`, tags);

    const image = await next(dockerEvent('image', 'tag', (e) => e.Actor.Attributes['name'] === made.tag));
    expect(image).toMatchObject({ hostId: 'local', event: { host: 'local', time: expect.any(Number) } });
    await next(dockerEvent('network', 'create', (e) => e.Actor.ID === made.networkId));
    await next(dockerEvent('volume', 'create', (e) => e.Actor.ID === made.volume));
    send({ type: 'unsubscribeEvents', hostId: 'local' });
    expect(await next((m) => m.type === 'unsubscribed')).toMatchObject({ hostId: 'local', events: true });
  }, 120_000);

  it('answers getSystemInfo, getSystemVersion and getSystemUsage for the host', async () => {
    const engine = await client.docker.info();
    send({ type: 'getSystemInfo', hostId: 'local' });
    expect(await next((m) => m.type === 'systemInfo')).toMatchObject({
      hostId: 'local',
      info: { id: engine.ID, serverVersion: engine.ServerVersion },
    });
    send({ type: 'getSystemVersion', hostId: 'local' });
    expect(await next((m) => m.type === 'systemVersion')).toMatchObject({
      version: { version: engine.ServerVersion },
    });
    send({ type: 'getSystemUsage', hostId: 'local' });
    const usage = await next((m) => m.type === 'systemUsage');
    expect((usage['usage'] as { images: { count: number } }).images.count).toBeGreaterThan(0);
  }, 60_000);

  it("answers an unknown host with the seed's error and a Berth code", async () => {
    for (const type of ['getSystemInfo', 'subscribeEvents']) {
      send({ type, hostId: 'host1' });
      expect(await next((m) => m.type === 'error')).toMatchObject({
        code: 'BERTH_HUB_UNKNOWN_HOST',
        hostId: 'host1',
        message: 'Unknown host: host1',
      });
    }
    send({ type: 'getSystemInfo' });
    expect(await next((m) => m.type === 'error')).toMatchObject({ code: 'BERTH_VALIDATION' });
  }, 30_000);
});
