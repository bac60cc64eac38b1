/**
 * Tokens on the seed streamer's path, from a plain `ws` client written to the seeds' READMEs: the docker-client seed
 * shows no auth at all, the log server seed an `auth: { token }` field on a message. That field authenticates a
 * connection whose upgrade carried no token; a `{ "type": "auth", "token" }` message (the hub protocol's, in no
 * seed) does not.
 */
import type { DockerClient } from '@berth/driver-docker';
import { afterEach, describe, expect, it } from '@jest/globals';
import { FrameInbox } from '../testing/frame-inbox.js';
import { DockerWebSocketStreamer } from './docker-websocket-streamer.js';

const TOKEN = 'streamer-auth-token-0123456789';

/** A stand-in for the seed's `DockerClient`: system facts from memory. */
const fakeClient = () => ({ getSystemInfo: async () => ({ id: 'engine-1' }) }) as unknown as DockerClient;

type Frame = Record<string, unknown>;

describe(DockerWebSocketStreamer.name, () => {
  const open: { streamer: DockerWebSocketStreamer; inbox: FrameInbox<Frame> }[] = [];
  afterEach(() => {
    for (const { streamer, inbox } of open.splice(0)) {
      inbox.ws.terminate();
      streamer.close();
    }
  });

  const connect = async () => {
    const streamer = new DockerWebSocketStreamer(new Map([['local', fakeClient()]]), {
      port: 0,
      env: {},
      verifyToken: (t) => t === TOKEN,
    });
    await streamer.listening;
    const inbox = await FrameInbox.open<Frame>(`ws://127.0.0.1:${streamer.address().port}/docker/stats`);
    open.push({ streamer, inbox });
    const closed = new Promise<number>((resolve) => inbox.ws.once('close', (code) => resolve(code)));
    const next = () => inbox.next(() => true);
    expect(await next()).toMatchObject({ type: 'connection' });
    return { send: (m: Record<string, unknown>) => inbox.send(m), next, closed };
  };

  describe('when the upgrade carried no token', () => {
    it("answers a message that carries the log server seed's auth { token } field", async () => {
      const { send, next } = await connect();
      send({ type: 'getSystemInfo', hostId: 'local', auth: { token: TOKEN } });
      expect(await next()).toMatchObject({ type: 'systemInfo', hostId: 'local', info: { id: 'engine-1' } });
    });

    it('closes with 4401 on a { type: "auth", token } message, which no seed documents for this path', async () => {
      const { send, closed } = await connect();
      send({ type: 'auth', token: TOKEN });
      expect(await closed).toBe(4401);
    });
  });
});
