import { ValidationError } from '@berth/core';
import { checkWebSocketPath, websocketEnv } from './streamer-env.js';
import { parseStreamerMessage } from './streamer-messages.js';

describe(websocketEnv.name, () => {
  it("reads the Docker client seed's WEBSOCKET_PORT and WEBSOCKET_PATH", () => {
    expect(websocketEnv({ WEBSOCKET_PORT: '8080', WEBSOCKET_PATH: '/docker/stats' })).toEqual({
      port: 8080,
      path: '/docker/stats',
    });
    expect(websocketEnv({ WEBSOCKET_PORT: '0' })).toEqual({ port: 0 });
    expect(websocketEnv({ WEBSOCKET_PORT: '', WEBSOCKET_PATH: '' })).toEqual({});
    expect(websocketEnv({})).toEqual({});
  });

  it.each([
    ['WEBSOCKET_PORT', '65536'],
    ['WEBSOCKET_PORT', '80a'],
    ['WEBSOCKET_PORT', '-1'],
    ['WEBSOCKET_PORT', '1e3'],
    ['WEBSOCKET_PATH', 'docker/stats'],
    ['WEBSOCKET_PATH', '/docker/stats?x=1'],
    ['WEBSOCKET_PATH', '/docker stats'],
    ['WEBSOCKET_PATH', '/a/../b'],
    ['WEBSOCKET_PATH', `/${'a'.repeat(256)}`],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => websocketEnv({ [name]: value })).toThrow(ValidationError);
    expect(() => websocketEnv({ [name]: value })).toThrow(name);
  });

  it('names the option in checkWebSocketPath', () => {
    expect(checkWebSocketPath('/ws', 'websocketPath')).toBe('/ws');
    expect(() => checkWebSocketPath('ws', 'websocketPath')).toThrow('websocketPath');
  });
});

describe(parseStreamerMessage.name, () => {
  it("accepts the seed's messages and Berth's additions in its style, ignoring extra fields", () => {
    expect(parseStreamerMessage({ type: 'subscribe', hostId: 'h', containerId: 'c', extra: 1 })).toMatchObject({
      ok: true,
      msg: { type: 'subscribe', hostId: 'h', containerId: 'c' },
    });
    expect(parseStreamerMessage({ type: 'subscribeEvents', hostId: 'h', filters: { type: ['image'] } }).ok).toBe(true);
    for (const type of ['getSystemInfo', 'getSystemVersion', 'getSystemUsage', 'unsubscribeEvents', 'listContainers']) {
      expect(parseStreamerMessage({ type, hostId: 'h' }).ok).toBe(true);
    }
  });

  it.each([
    [{ type: 'nope' }, 'Unknown message type: nope'],
    [{ type: 'getSystemInfo' }, 'Invalid message format: hostId'],
    [{ type: 'subscribe', hostId: 'h' }, 'Invalid message format: containerId'],
    [{ type: 'subscribeEvents', hostId: 'h', filters: { type: ['plugin'] } }, 'filters.type.0'],
    [{ type: 'subscribeEvents', hostId: 'h', filters: { label: ['a=b'] } }, 'filters'],
    [{ type: 'listContainers', hostId: 'x'.repeat(257) }, 'hostId'],
  ])('refuses %j with a BERTH_VALIDATION message naming the problem', (data, text) => {
    const r = parseStreamerMessage(data);
    expect(r).toMatchObject({ ok: false, code: 'BERTH_VALIDATION' });
    expect(r.ok ? '' : r.message).toContain(text);
  });
});
