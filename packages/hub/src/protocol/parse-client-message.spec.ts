import { ValidationError } from '@berth/core';
import { CLIENT_MESSAGE_TYPES, type ClientMessage } from './client-messages.js';
import { parseClientMessage } from './parse-client-message.js';

describe(parseClientMessage.name, () => {
  it('parses a subscribe with since', () => {
    expect(parseClientMessage('{"type":"subscribe","containerID":"c1","since":3}')).toEqual({
      type: 'subscribe',
      containerID: 'c1',
      since: 3,
    });
  });
  it('throws ValidationError for malformed JSON', () => {
    expect(() => parseClientMessage('{')).toThrow(ValidationError);
  });
  it('throws ValidationError for an unknown type', () => {
    expect(() => parseClientMessage('{"type":"nope"}')).toThrow('unknown message type');
  });
  it('requires exactly one of containerID and sessionId', () => {
    expect(() => parseClientMessage('{"type":"subscribe"}')).toThrow('exactly one');
    expect(() => parseClientMessage('{"type":"subscribe","containerID":"a","sessionId":"b"}')).toThrow('exactly one');
  });
  it('rejects unknown fields', () => {
    expect(() => parseClientMessage('{"type":"ping","extra":1}')).toThrow(ValidationError);
  });
  it('rejects a publish with a bad payload', () => {
    expect(() => parseClientMessage('{"type":"publish","sessionId":"s","data":{"kind":"log"}}')).toThrow('data.text');
  });
  it('parses a containerAction with a requestId', () => {
    expect(
      parseClientMessage('{"type":"containerAction","containerID":"c1","action":"restart","requestId":"r1"}'),
    ).toEqual({ type: 'containerAction', containerID: 'c1', action: 'restart', requestId: 'r1' });
  });
  it.each([
    ['an unknown action', '{"type":"containerAction","containerID":"c1","action":"pause"}', 'action'],
    ['a containerAction without a container', '{"type":"containerAction","action":"stop"}', 'containerID'],
    ['an unsupported language', '{"type":"createSession","language":"ruby"}', 'language'],
    ['executeCode without code', '{"type":"executeCode","sessionId":"s","language":"bash"}', 'code'],
    ['empty code', '{"type":"executeCode","sessionId":"s","language":"bash","code":""}', 'code'],
    [
      'a negative timeout',
      '{"type":"executeCode","sessionId":"s","language":"bash","code":"x","timeoutMs":-1}',
      'timeoutMs',
    ],
    ['fields on watchEvents', '{"type":"watchEvents","all":true}', 'all'],
  ])('rejects %s, naming the field', (_what, raw, field) => {
    expect(() => parseClientMessage(raw)).toThrow(ValidationError);
    expect(() => parseClientMessage(raw)).toThrow(field);
  });

  describe('the log server seed spelling', () => {
    it('accepts the README subscribe with auth', () => {
      expect(
        parseClientMessage('{"type":"subscribe","containerID":"container-123","auth":{"token":"your-auth-token"}}'),
      ).toEqual({ type: 'subscribe', containerID: 'container-123', auth: { token: 'your-auth-token' } });
    });
    it('reads containerId (docker-client seed) as containerID, with hostId', () => {
      expect(parseClientMessage('{"type":"subscribe","containerId":"c1","hostId":"h2"}')).toEqual({
        type: 'subscribe',
        containerID: 'c1',
        hostId: 'h2',
      });
    });
    it('refuses containerId and containerID together', () => {
      expect(() => parseClientMessage('{"type":"subscribe","containerId":"a","containerID":"b"}')).toThrow('not both');
    });
    it('refuses extra fields in auth', () => {
      expect(() => parseClientMessage('{"type":"subscribe","containerID":"a","auth":{"token":"t","x":1}}')).toThrow(
        ValidationError,
      );
    });
    it('accepts the producer messages as the README shows them', () => {
      for (const raw of [
        '{"type":"log","containerID":"c","timestamp":"2024-01-01T00:00:00Z","data":{"level":"info","message":"m"}}',
        '{"type":"status","containerID":"c","timestamp":"2024-01-01T00:00:00Z","data":{"status":"running","message":"m"}}',
        '{"type":"complete","containerID":"c","data":{"exitCode":0,"result":{"files":2}}}',
        '{"type":"error","containerID":"c","data":{"message":"boom"}}',
        '{"type":"heartbeat"}',
      ]) {
        expect(() => parseClientMessage(raw)).not.toThrow();
      }
    });
    it.each([
      ['an unknown level', '{"type":"log","containerID":"c","data":{"level":"loud","message":"m"}}', 'data.level'],
      ['both message and text', '{"type":"log","containerID":"c","data":{"message":"m","text":"t"}}', 'data.message'],
      ['an unknown status', '{"type":"status","containerID":"c","data":{"status":"paused"}}', 'data.status'],
      ['an error without message', '{"type":"error","containerID":"c","data":{}}', 'data.message'],
      ['a lower-case error code', '{"type":"error","containerID":"c","data":{"message":"m","code":"x"}}', 'data.code'],
      [
        'a bad timestamp',
        '{"type":"log","containerID":"c","timestamp":"yesterday","data":{"message":"m"}}',
        'timestamp',
      ],
      ['no address', '{"type":"complete"}', 'containerID'],
    ])('rejects %s, naming the field', (_what, raw, field) => {
      expect(() => parseClientMessage(raw)).toThrow(ValidationError);
      expect(() => parseClientMessage(raw)).toThrow(field);
    });
  });

  describe('engine events and system info per host', () => {
    it('accepts Berth and seed spellings of watchEngineEvents, and getSystemInfo', () => {
      expect(
        parseClientMessage('{"type":"watchEngineEvents","hostId":"h1","types":["image"],"actions":["tag"]}'),
      ).toEqual({ type: 'watchEngineEvents', hostId: 'h1', types: ['image'], actions: ['tag'] });
      expect(
        parseClientMessage(
          '{"type":"watchEngineEvents","hostId":"h1","filters":{"type":["volume"],"event":["create"]}}',
        ),
      ).toEqual({ type: 'watchEngineEvents', hostId: 'h1', filters: { type: ['volume'], event: ['create'] } });
      expect(parseClientMessage('{"type":"unwatchEngineEvents"}')).toEqual({ type: 'unwatchEngineEvents' });
      expect(parseClientMessage('{"type":"getSystemInfo","hostId":"h1","include":["usage"],"requestId":"r"}')).toEqual({
        type: 'getSystemInfo',
        hostId: 'h1',
        include: ['usage'],
        requestId: 'r',
      });
    });
    it.each([
      ['an unknown object type', '{"type":"watchEngineEvents","types":["plugin"]}', 'types.0'],
      [
        'both spellings of a filter',
        '{"type":"watchEngineEvents","types":["image"],"filters":{"type":["image"]}}',
        'filters.type',
      ],
      [
        'both spellings of actions',
        '{"type":"watchEngineEvents","actions":["a"],"filters":{"event":["a"]}}',
        'filters.event',
      ],
      ['an unknown seed filter', '{"type":"watchEngineEvents","filters":{"label":["a=b"]}}', 'filters'],
      [
        'too many actions',
        `{"type":"watchEngineEvents","actions":${JSON.stringify(Array.from({ length: 33 }, (_, i) => `a${i}`))}}`,
        'actions',
      ],
      ['a long action', `{"type":"watchEngineEvents","actions":["${'a'.repeat(65)}"]}`, 'actions.0'],
      ['an empty hostId', '{"type":"getSystemInfo","hostId":""}', 'hostId'],
      ['an unknown part', '{"type":"getSystemInfo","include":["disk"]}', 'include.0'],
      ['an empty include', '{"type":"getSystemInfo","include":[]}', 'include'],
      ['a containerID on getSystemInfo', '{"type":"getSystemInfo","containerID":"c"}', 'containerID'],
    ])('rejects %s, naming the field', (_what, raw, field) => {
      expect(() => parseClientMessage(raw)).toThrow(ValidationError);
      expect(() => parseClientMessage(raw)).toThrow(field);
    });
  });

  describe("the seed's auth { token } field on every message", () => {
    /** One valid message of each type but `auth` (the log server seed's README client adds `auth` to each). */
    const VALID: Record<Exclude<ClientMessage['type'], 'auth'>, Record<string, unknown>> = {
      subscribe: { containerID: 'c' },
      unsubscribe: { sessionId: 's' },
      listContainers: {},
      ping: { data: 1 },
      publish: { containerID: 'c', data: { kind: 'log', text: 't' } },
      watchEvents: {},
      unwatchEvents: {},
      listSessions: {},
      containerAction: { containerID: 'c', action: 'stop' },
      createSession: { language: 'bash' },
      executeCode: { sessionId: 's', language: 'bash', code: 'true' },
      log: { containerID: 'c', data: { message: 'm' } },
      status: { containerID: 'c', data: { status: 'running' } },
      complete: { containerID: 'c', data: {} },
      error: { containerID: 'c', data: { message: 'm' } },
      heartbeat: {},
      watchEngineEvents: {},
      unwatchEngineEvents: {},
      getSystemInfo: {},
      createContext: { sessionId: 's', language: 'python' },
      listContexts: { sessionId: 's' },
      restartContext: { contextId: 'x' },
      closeContext: { contextId: 'x' },
      runInContext: { contextId: 'x', code: '1' },
    };

    it('lists every message type but auth', () => {
      expect(Object.keys(VALID).sort()).toEqual(CLIENT_MESSAGE_TYPES.filter((t) => t !== 'auth').sort());
    });

    it.each(Object.entries(VALID))('accepts auth on %s and returns it beside the message', (type, fields) => {
      const without = parseClientMessage(JSON.stringify({ type, ...fields }));
      const withAuth = parseClientMessage(JSON.stringify({ type, ...fields, auth: { token: 'seed-token' } }));
      expect(withAuth).toEqual({ ...without, auth: { token: 'seed-token' } });
    });

    it.each([
      ['an empty token', { token: '' }, 'auth.token'],
      ['no token', {}, 'auth.token'],
      ['an extra field', { token: 't', x: 1 }, 'auth'],
      ['a string', 'seed-token', 'auth'],
    ])('rejects auth with %s on ping, naming the field and never the token', (_what, auth, field) => {
      const raw = JSON.stringify({ type: 'ping', auth });
      expect(() => parseClientMessage(raw)).toThrow(ValidationError);
      try {
        parseClientMessage(raw);
      } catch (err) {
        const issues = (err as ValidationError).issues;
        expect(issues.map((i) => i.path)).toContain(field);
        expect(JSON.stringify(issues)).not.toContain('seed-token');
      }
    });

    it('keeps an auth message as it is (its token is the token field)', () => {
      expect(() => parseClientMessage('{"type":"auth","token":"t","auth":{"token":"t"}}')).toThrow('auth');
    });
  });
});
