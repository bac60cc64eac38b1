import type { PublishMessage } from './client-messages.js';
import type { LogLevel, ProducerMessage } from './seed-messages.js';
import type { StatusState } from './server-messages.js';

/** Where a producer's message goes: a container (on a host) or a session. */
export interface ProducerAddress {
  /** The container, for container channels. */
  containerID?: string;
  /** The session, for session channels. */
  sessionId?: string;
  /** The host (driver key) of a container. */
  hostId?: string;
}

/** What a producer's message does to its channel, whichever spelling it came in. */
export type ProducerPayload =
  | { kind: 'log'; stream: 'stdout' | 'stderr'; text: string; level: LogLevel; timestamp?: Date }
  | { kind: 'status'; state: StatusState; exitCode?: number; message?: string }
  | { kind: 'complete'; data: Record<string, unknown> }
  | { kind: 'error'; code: string; message: string; details: Record<string, unknown> };

/** A producer's message, normalised: Berth's `publish { data: { kind } }` and the seed's `log`/`status`/… alike. */
export interface ProducerEvent {
  /** The channel it goes to. */
  address: ProducerAddress;
  /** What it carries. */
  payload: ProducerPayload;
}

/** Code of an `error` a producer sent without one. */
export const PRODUCER_ERROR_CODE = 'BERTH_PRODUCER_ERROR';

/** The level of a line a producer gave only a stream for (and of every driver line): stderr is `error`. */
export function levelOfStream(stream: 'stdout' | 'stderr'): LogLevel {
  return stream === 'stderr' ? 'error' : 'info';
}

/** The stream of a line a producer gave only a level for: `error` and `fatal` go to stderr. */
export function streamOfLevel(level: LogLevel): 'stdout' | 'stderr' {
  return level === 'error' || level === 'fatal' ? 'stderr' : 'stdout';
}

/**
 * Normalises a producer message (Berth's `publish`, or the seed's `log`, `status`, `complete`, `error`).
 *
 * @example
 * ```ts
 * toProducerEvent({ type: 'log', containerID: 'c1', data: { level: 'warn', message: 'disk low' } });
 * // { address: { containerID: 'c1' }, payload: { kind: 'log', stream: 'stdout', text: 'disk low', level: 'warn' } }
 * ```
 */
export function toProducerEvent(msg: PublishMessage | ProducerMessage): ProducerEvent {
  const address: ProducerAddress = {};
  if (msg.containerID !== undefined) address.containerID = msg.containerID;
  if (msg.sessionId !== undefined) address.sessionId = msg.sessionId;
  if (msg.hostId !== undefined) address.hostId = msg.hostId;
  return { address, payload: payloadOf(msg) };
}

function payloadOf(msg: PublishMessage | ProducerMessage): ProducerPayload {
  switch (msg.type) {
    case 'publish': {
      const d = msg.data;
      if (d.kind === 'log') return { kind: 'log', stream: d.stream, text: d.text, level: levelOfStream(d.stream) };
      return withStatusExtras({ kind: 'status', state: d.state }, d);
    }
    case 'log': {
      const d = msg.data;
      const level = d.level ?? levelOfStream(d.stream ?? 'stdout');
      const payload: ProducerPayload = {
        kind: 'log',
        stream: d.stream ?? streamOfLevel(level),
        text: d.message ?? d.text ?? '',
        level,
      };
      if (msg.timestamp !== undefined) payload.timestamp = new Date(msg.timestamp);
      return payload;
    }
    case 'status':
      return withStatusExtras({ kind: 'status', state: msg.data.status ?? msg.data.state ?? 'running' }, msg.data);
    case 'complete':
      return { kind: 'complete', data: { ...(msg.data ?? {}) } };
    case 'error': {
      const { message, code, ...details } = msg.data;
      return { kind: 'error', code: code ?? PRODUCER_ERROR_CODE, message, details };
    }
  }
}

function withStatusExtras(
  payload: { kind: 'status'; state: StatusState; exitCode?: number; message?: string },
  from: { exitCode?: number | undefined; message?: string | undefined },
): ProducerPayload {
  if (from.exitCode !== undefined) payload.exitCode = from.exitCode;
  if (from.message !== undefined) payload.message = from.message;
  return payload;
}
