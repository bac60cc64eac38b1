import type { ServerMessage } from './server-messages.js';

/** A hub message before encoding: `timestamp` is optional (defaults to now). */
export type OutgoingMessage = ServerMessage extends infer M
  ? M extends ServerMessage
    ? Omit<M, 'timestamp'> & { timestamp?: string }
    : never
  : never;

/** Serialises a hub message once into the UTF-8 frame sent to every subscriber. */
export function encodeMessage(message: OutgoingMessage): Buffer {
  const withTime = message.timestamp === undefined ? { ...message, timestamp: new Date().toISOString() } : message;
  return Buffer.from(JSON.stringify(withTime), 'utf8');
}
