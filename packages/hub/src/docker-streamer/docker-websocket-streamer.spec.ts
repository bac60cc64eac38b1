import type { Socket } from 'node:net';
import { DriverUnavailableError } from '@berth/core';
import type { DockerClient } from '@berth/driver-docker';
import { WebSocket } from 'ws';
import { DockerWebSocketStreamer } from './docker-websocket-streamer.js';

const KiB = 1024;

/** A stand-in for the seed's `DockerClient`: system facts from memory, a failing disk usage. */
const fakeClient = (infoBytes = 16) =>
  ({
    getSystemInfo: async () => ({ id: 'engine-1', name: 'box', pad: 'x'.repeat(infoBytes) }),
    getSystemVersion: async () => ({ version: '27.3.1', apiVersion: '1.47' }),
    getSystemUsage: async () => {
      throw new DriverUnavailableError('engine down');
    },
  }) as unknown as DockerClient;

describe(DockerWebSocketStreamer.name, () => {
  const open: { streamer: DockerWebSocketStreamer; ws: WebSocket }[] = [];
  afterEach(() => {
    for (const { streamer, ws } of open.splice(0)) {
      ws.terminate();
      streamer.close();
    }
  });

  const start = async (client: DockerClient, maxBufferedBytes?: number) => {
    const streamer = new DockerWebSocketStreamer(new Map([['local', client]]), {
      port: 0,
      env: {},
      ...(maxBufferedBytes === undefined ? {} : { maxBufferedBytes }),
    });
    await streamer.listening;
    const ws = new WebSocket(`ws://127.0.0.1:${streamer.address().port}/docker/stats`);
    open.push({ streamer, ws });
    const inbox: Record<string, unknown>[] = [];
    const waiters: ((m: Record<string, unknown>) => void)[] = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as Record<string, unknown>;
      const w = waiters.shift();
      if (w !== undefined) w(m);
      else inbox.push(m);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const next = () =>
      inbox.length > 0
        ? Promise.resolve(inbox.shift() as Record<string, unknown>)
        : new Promise<Record<string, unknown>>((resolve) => waiters.push(resolve));
    expect(await next()).toMatchObject({ type: 'connection' });
    return { streamer, ws, next, send: (m: unknown) => ws.send(JSON.stringify(m)) };
  };

  it("answers a host's system facts in the seed's style, and failures with the seed's wording and a code", async () => {
    const { next, send } = await start(fakeClient());
    send({ type: 'getSystemInfo', hostId: 'local' });
    expect(await next()).toMatchObject({ type: 'systemInfo', hostId: 'local', info: { id: 'engine-1' } });
    send({ type: 'getSystemVersion', hostId: 'local' });
    expect(await next()).toMatchObject({ type: 'systemVersion', hostId: 'local', version: { version: '27.3.1' } });
    send({ type: 'getSystemUsage', hostId: 'local' });
    expect(await next()).toMatchObject({
      type: 'error',
      code: 'BERTH_DRIVER_UNAVAILABLE',
      message: 'Failed to get system usage: engine down',
    });
    send({ type: 'getSystemInfo', hostId: 'host1' });
    expect(await next()).toMatchObject({
      type: 'error',
      code: 'BERTH_HUB_UNKNOWN_HOST',
      message: 'Unknown host: host1',
    });
    send({ type: 'reboot', hostId: 'local' });
    expect(await next()).toMatchObject({
      type: 'error',
      code: 'BERTH_VALIDATION',
      message: 'Unknown message type: reboot',
    });
  });

  it('drops frames to a client that never reads instead of buffering them without bound', async () => {
    const limit = 128 * KiB;
    const { streamer, ws } = await start(fakeClient(32 * KiB), limit);
    (ws as unknown as { _socket: Socket })._socket.pause();
    const ask = JSON.stringify({ type: 'getSystemInfo', hostId: 'local' });
    // 2,000 answers of 32 KiB = 64 MiB: far beyond the kernel's buffers plus the limit
    for (let i = 0; i < 2000 && streamer.droppedFrames === 0; i++) {
      await new Promise<void>((resolve) => ws.send(ask, () => setImmediate(resolve)));
    }
    expect(streamer.droppedFrames).toBeGreaterThan(0);
  });
});
