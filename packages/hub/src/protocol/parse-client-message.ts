import { ValidationError } from '@berth/core';
import { CLIENT_MESSAGE_SCHEMAS, CLIENT_MESSAGE_TYPES, type ClientMessage } from './client-messages.js';

/**
 * Parses and validates one inbound frame.
 *
 * @param raw - the frame's text.
 * @returns the typed message.
 * @throws ValidationError for malformed JSON, an unknown `type` or bad fields (issues name each bad field).
 */
export function parseClientMessage(raw: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ValidationError([{ path: '', message: 'malformed JSON' }], {}, 'message');
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw new ValidationError(
      [{ path: 'type', message: `unknown message type; expected one of ${CLIENT_MESSAGE_TYPES.join(', ')}` }],
      {},
      'message',
    );
  }
  const result = CLIENT_MESSAGE_SCHEMAS[type as ClientMessage['type']].safeParse(value);
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      {},
      'message',
    );
  }
  return result.data as ClientMessage;
}
