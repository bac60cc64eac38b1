import { ValidationError } from '@berth/core';
import type { z } from 'zod';
import { CLIENT_MESSAGE_SCHEMAS, CLIENT_MESSAGE_TYPES, type ClientMessage } from './client-messages.js';
import { SeedAuthSchema } from './seed-messages.js';

/** The seed's `auth { token }` field, which any message may carry. */
export type SeedAuth = z.infer<typeof SeedAuthSchema>;

/**
 * Parses and validates one inbound frame.
 *
 * @param raw - the frame's text.
 * @returns the typed message, with the `auth { token }` field it carried.
 * `containerId` (the docker-client seed's spelling) is read as `containerID`; giving both is an error.
 * Every message but `auth` itself may carry the log server seed's `auth { token }` field (its README's client
 * adds it to each message): it is checked here for shape (`auth.token`, 1 to 4096 characters) and returned for
 * the hub to verify, like an `auth` message; the token never appears in an issue.
 *
 * @throws ValidationError for malformed JSON, an unknown `type` or bad fields (issues name each bad field).
 */
export function parseClientMessage(raw: string): ClientMessage & { auth?: SeedAuth | undefined } {
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
  const { auth, body } = splitAuth(type, value as object);
  const result = CLIENT_MESSAGE_SCHEMAS[type as ClientMessage['type']].safeParse(withContainerIdAlias(body));
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      {},
      'message',
    );
  }
  const msg = result.data as ClientMessage;
  return auth === undefined ? msg : { ...msg, auth };
}

/** Takes the seed's `auth` field off any message but `auth`, validated (issues by path, never the token). */
function splitAuth(type: string, value: object): { auth?: SeedAuth; body: object } {
  if (type === 'auth' || !Object.hasOwn(value, 'auth')) return { body: value };
  const { auth, ...body } = value as { auth: unknown };
  if (auth === undefined) return { body };
  const parsed = SeedAuthSchema.safeParse(auth);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ path: ['auth', ...i.path].join('.'), message: i.message })),
      {},
      'message',
    );
  }
  return { auth: parsed.data, body };
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
