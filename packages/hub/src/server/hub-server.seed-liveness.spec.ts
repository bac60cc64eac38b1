/**
 * The seed streamer mounted in a `HubServer` (`seedStreamer`) gets the hub's liveness, from a plain `ws` client at
 * `/docker/stats`: one that never answers WebSocket pings is terminated after `HEARTBEAT_INTERVAL` (1006), one that
 * sends nothing and subscribes to nothing is closed after `SESSION_TIMEOUT` (4410). No engine: the seed clients are
 * stand-ins that are never called. Assertions wait for the close event, never for a duration.
 */
import type { DockerClient } from '@berth/driver-docker';
import { MockDriver } from '@berth/driver-mock';
import { afterEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import type { HubConfig } from '../config/index.js';
import { HubServer } from './hub-server.js';

/** A seed client the streamer never calls here (only `disconnect` on close). */
const idleClient = () => ({ disconnect: async () => undefined }) as unknown as DockerClient;

describe(`${HubServer.name}: liveness of the seed streamer's connections`, () => {
  const hubs: HubServer[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await Promise.all(hubs.splice(0).map((h) => h.close()));
  });

  const connect = async (config: Partial<HubConfig>, autoPong: boolean): Promise<Promise<number>> => {
    const hub = new HubServer({
      drivers: { mock: new MockDriver({ acceptAnyImage: true }) },
      config: { port: 0, ...config },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
      seedStreamer: { clients: new Map([['docker', idleClient()]]) },
    });
    hubs.push(hub);
    const { url } = await hub.start();
    const ws = new WebSocket(`${url}/docker/stats`, { autoPong });
    sockets.push(ws);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return closed;
  };

  it('terminates a client that never answers pings after HEARTBEAT_INTERVAL (1006)', async () => {
    const closed = await connect({ heartbeatIntervalMs: 100, sessionTimeoutMs: 0 }, false);
    expect(await closed).toBe(1006);
  });

  it('closes a client without subscriptions that sends nothing for SESSION_TIMEOUT with 4410', async () => {
    const closed = await connect({ heartbeatIntervalMs: 100, sessionTimeoutMs: 1 }, true);
    expect(await closed).toBe(4410);
  });
});
