import { ValidationError } from '@berth/core';
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
});
