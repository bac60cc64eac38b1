import { ValidationError } from '@berth/core';
import { CLIENT_MESSAGE_SCHEMAS, CLIENT_MESSAGE_TYPES, type ClientMessage } from './client-messages.js';

/**
 * Parses and validates one inbound frame.
 *
 * @param raw - the frame's text.
 * @returns the typed message.
 * `containerId` (the docker-client seed's spelling) is read as `containerID`; giving both is an error.
 *
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
  const result = CLIENT_MESSAGE_SCHEMAS[type as ClientMessage['type']].safeParse(withContainerIdAlias(value as object));
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      {},
      'message',
    );
  }
  return result.data as ClientMessage;
}

/** `containerId` → `containerID` (the docker-client seed subscribes with `containerId` + `hostId`). */
function withContainerIdAlias(value: object): object {
  if (!Object.hasOwn(value, 'containerId')) return value;
  const { containerId, ...rest } = value as { containerId: unknown; containerID?: unknown };
  if (Object.hasOwn(rest, 'containerID')) {
    throw new ValidationError(
      [{ path: 'containerId', message: 'give containerID or its alias containerId, not both' }],
      {},
      'message',
    );
  }
  return { ...rest, containerID: containerId };
}
