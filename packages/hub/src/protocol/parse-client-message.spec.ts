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
});
