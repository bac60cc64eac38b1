/**
 * Liveness of the seed streamer's connections, from a plain `ws` client's side: one that never answers pings is
 * terminated, one that sends nothing and holds no subscription is closed with 4410, and one that answers pings
 * and holds a subscription stays open. Small configured intervals; every assertion waits for an event (a close,
 * a count of pings), never for a duration.
 */
import { EventEmitter } from 'node:events';
import type { DockerClient } from '@berth/driver-docker';
import { afterEach, describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';
import { DockerWebSocketStreamer, type WebSocketOptions } from './docker-websocket-streamer.js';

/** A stand-in for the seed's `DockerClient`: an engine event stream that never emits. */
const fakeClient = () => ({ getEvents: async () => new EventEmitter() }) as unknown as DockerClient;

type Frame = Record<string, unknown>;

describe(DockerWebSocketStreamer.name, () => {
  const open: { streamer: DockerWebSocketStreamer; ws: WebSocket }[] = [];
  afterEach(() => {
    for (const { streamer, ws } of open.splice(0)) {
      ws.terminate();
      streamer.close();
    }
  });

  const connect = async (options: WebSocketOptions, autoPong = true) => {
    const streamer = new DockerWebSocketStreamer(new Map([['local', fakeClient()]]), { port: 0, env: {}, ...options });
    await streamer.listening;
    const ws = new WebSocket(`ws://127.0.0.1:${streamer.address().port}/docker/stats`, { autoPong });
    open.push({ streamer, ws });
    const frames: Frame[] = [];
    ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as Frame));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const pings = (n: number) =>
      new Promise<void>((resolve) => {
        let seen = 0;
        ws.on('ping', () => {
          seen += 1;
          if (seen === n) resolve();
        });
      });
    const frame = (type: string) =>
      new Promise<Frame>((resolve) => {
        const found = frames.find((f) => f.type === type);
        if (found !== undefined) return resolve(found);
        ws.on('message', (raw) => {
          const f = JSON.parse(String(raw)) as Frame;
          if (f.type === type) resolve(f);
        });
      });
    return { streamer, ws, closed, pings, frame };
  };

  describe('when a client never answers pings', () => {
    it('terminates the connection (1006, no close frame) and forgets it', async () => {
      const { streamer, closed } = await connect({ pingIntervalMs: 20, idleTimeoutMs: 0 }, false);
      expect(await closed).toBe(1006);
      await new Promise<void>((resolve) => {
        const wait = () => (streamer.connectionCount === 0 ? resolve() : setImmediate(wait));
        wait();
      });
      expect(streamer.connectionCount).toBe(0);
    });
  });

  describe('when a client answers pings but sends nothing and subscribes to nothing', () => {
    it('closes the connection with 4410 (idle timeout)', async () => {
      const { closed } = await connect({ pingIntervalMs: 0, idleTimeoutMs: 20 });
      expect(await closed).toBe(4410);
    });
  });

  describe('when a client answers pings and holds a subscription', () => {
    it('keeps the connection open across pings past the idle bound', async () => {
      const { ws, pings, frame, closed } = await connect({ pingIntervalMs: 250, idleTimeoutMs: 1000 });
      ws.send(JSON.stringify({ type: 'subscribeEvents', hostId: 'local' }));
      expect(await frame('subscribed')).toMatchObject({ hostId: 'local', events: true });
      // 6 pings 250 ms apart, counted from the subscription, span the 1000 ms idle bound and one more check
      const outcome = await Promise.race([pings(6).then(() => 'pinged'), closed.then((code) => `closed ${code}`)]);
      expect(outcome).toBe('pinged');
      expect(ws.readyState).toBe(WebSocket.OPEN);
    });
  });
});
