/**
 * Issue 16 leftover: while a Docker engine cannot be reached (its `DOCKER_HOST` a unix socket nothing listens on),
 * `watchEngineEvents` and `watchEvents` wait for its event stream at most `EVENTS_OPEN_TIMEOUT`, then answer a typed
 * error frame `BERTH_HUB_ENGINE_UNREACHABLE` (retryable, naming the host) instead of never answering; the connection
 * stays open. No engine is needed: the point is that there is none.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerDriver, dockerSettingsFromEnv } from '@berth/driver-docker';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { FrameInbox } from '../testing/frame-inbox.js';
import { HubServer } from './hub-server.js';

type Frame = { type: string; hostId?: string; data: Record<string, unknown> };

describe('HubServer: watching the events of an unreachable engine', () => {
  let dir: string;
  let hub: HubServer;
  let inbox: FrameInbox<Frame>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-dead-engine-'));
    // the engine's address as a user sets it; nothing listens there
    const { connection } = dockerSettingsFromEnv({ DOCKER_HOST: `unix://${join(dir, 'docker.sock')}` });
    hub = new HubServer({
      drivers: { dead: new DockerDriver({ connection, hostId: 'dead' }) },
      config: { port: 0, eventsOpenTimeoutMs: 200 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
    });
    const { url } = await hub.start();
    inbox = await FrameInbox.open<Frame>(url);
    await inbox.next((m) => m.type === 'ready');
  });

  afterAll(async () => {
    inbox?.ws.terminate();
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers watchEngineEvents with BERTH_HUB_ENGINE_UNREACHABLE naming the host, and the connection stays', async () => {
    inbox.send({ type: 'watchEngineEvents', hostId: 'dead' });
    const error = await inbox.next((m) => m.type === 'error' || m.type === 'watching');
    expect(error).toMatchObject({
      type: 'error',
      hostId: 'dead',
      data: {
        code: 'BERTH_HUB_ENGINE_UNREACHABLE',
        retryable: true,
        details: { hosts: ['dead'], timeoutMs: 200 },
      },
    });
    expect(String(error.data['message'])).toContain('Host dead unreachable');
    inbox.send({ type: 'ping', data: 'still-open' });
    await inbox.next((m) => m.type === 'pong');
    // not watching: unwatching says so
    inbox.send({ type: 'unwatchEngineEvents', hostId: 'dead' });
    expect(await inbox.next((m) => m.type === 'error')).toMatchObject({ data: { code: 'BERTH_VALIDATION' } });
  }, 30_000);

  it('answers watchEvents the same way', async () => {
    inbox.send({ type: 'watchEvents' });
    const error = await inbox.next((m) => m.type === 'error' || m.type === 'watching');
    expect(error).toMatchObject({
      type: 'error',
      data: { code: 'BERTH_HUB_ENGINE_UNREACHABLE', details: { hosts: ['dead'] } },
    });
  }, 30_000);
});
