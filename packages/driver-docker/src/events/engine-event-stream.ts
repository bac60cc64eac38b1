import { type EventFilter, retryWithBackoff } from '@berth/core';
import type Docker from 'dockerode';
import { defer, Observable } from 'rxjs';
import { JsonObjectSplitter } from '../stats/json-object-splitter.js';
import { type DockerEngineEvent, eventKey } from './to-driver-event.js';

/** Options of {@link engineEvents$}. */
export interface EngineEventStreamOptions {
  /** Cap of the first reconnect delay in ms (full jitter; doubles up to {@link maxDelayMs}). Default 200. */
  initialDelayMs?: number;
  /** Cap of any reconnect delay in ms. Default 2000. */
  maxDelayMs?: number;
  /** Called on each reconnect attempt (for logs/metrics). */
  onReconnect?: (attempt: number, error: unknown) => void;
}

/** Engine-side filters for `GET /events` derived from a Berth filter: type=container, labels, container id. */
export function engineEventFilters(filter: EventFilter | undefined): Record<string, string[]> {
  const filters: Record<string, string[]> = { type: ['container'] };
  const labels = Object.entries(filter?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (filter?.sessionId !== undefined) labels.push(`berth.session=${filter.sessionId}`);
  if (labels.length > 0) filters['label'] = labels;
  if (filter?.containerId !== undefined) filters['container'] = [filter.containerId];
  return filters;
}

/** Nanosecond time → the engine's `since` format `seconds.nanoseconds`. */
function sinceOf(timeNano: bigint): string {
  const s = timeNano / 1_000_000_000n;
  const ns = timeNano % 1_000_000_000n;
  return `${s}.${ns.toString().padStart(9, '0')}`;
}

/** What the connections of one subscription share: the resume point and the keys already delivered. */
interface ResumeState {
  since: bigint | undefined;
  readonly seen: Map<string, bigint>;
}

/** Records `key` as delivered, keeping the map bounded (about 2000 keys). */
function remember(state: ResumeState, key: string, time: bigint): void {
  const { seen, since } = state;
  seen.set(key, time);
  if (seen.size > 2000) {
    // forget keys older than the newest `since` window: they can no longer be replayed
    for (const [k, t] of seen) if (since !== undefined && t < since) seen.delete(k);
    if (seen.size > 2000) for (const k of [...seen.keys()].slice(0, seen.size - 1000)) seen.delete(k);
  }
}

/**
 * One `GET /events` connection, resuming at `state.since`: emits the events not seen yet and errors when the
 * stream fails, ends or closes (so the caller's retry reconnects). Unsubscribing destroys the socket.
 */
function connection$(
  docker: Docker,
  filters: Record<string, string[]>,
  state: ResumeState,
): Observable<DockerEngineEvent> {
  return new Observable<DockerEngineEvent>((subscriber) => {
    let closed = false;
    let stream: NodeJS.ReadableStream | undefined;
    const startedAt = BigInt(Date.now()) * 1_000_000n;
    const query: { filters: string; since?: string } = { filters: JSON.stringify(filters) };
    // 1 ms margin: timeNano loses precision as a JSON number; replayed duplicates are dropped below
    if (state.since !== undefined) query.since = sinceOf(state.since - 1_000_000n);
    docker.getEvents(query as { filters: string }, (err, s) => {
      if (closed) {
        (s as { destroy?: () => void } | undefined)?.destroy?.();
        return;
      }
      if (err !== null && err !== undefined) return subscriber.error(err);
      if (s === undefined) return subscriber.error(new Error('no event stream'));
      stream = s;
      state.since ??= startedAt;
      const splitter = new JsonObjectSplitter();
      s.on('data', (chunk: Buffer) => {
        for (const obj of splitter.push(chunk)) {
          const event = obj as DockerEngineEvent;
          const time = event.timeNano !== undefined ? BigInt(event.timeNano) : BigInt(event.time ?? 0) * 1_000_000_000n;
          const key = eventKey(event);
          if (state.seen.has(key)) continue;
          remember(state, key, time);
          if (state.since === undefined || time > state.since) state.since = time;
          subscriber.next(event);
        }
      });
      s.on('end', () => subscriber.error(new Error('event stream ended')));
      s.on('close', () => subscriber.error(new Error('event stream closed')));
      s.on('error', (e: unknown) => subscriber.error(e));
    });
    return () => {
      closed = true;
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
      stream = undefined;
    };
  });
}

/**
 * The engine's event stream as an observable that survives engine restarts: when the stream ends or fails
 * it reconnects through core's `retryWithBackoff` (full jitter, cap 200 ms doubling up to 2 s, never giving
 * up; the count restarts once an event arrives) with `since` = the time of the last event seen (or of the
 * first connection), so events that happened while disconnected are replayed; events are de-duplicated by
 * `(id, action, timeNano)`, so none is delivered twice. Runs until unsubscribed; unsubscribing destroys the
 * socket.
 */
export function engineEvents$(
  docker: Docker,
  filters: Record<string, string[]>,
  options: EngineEventStreamOptions = {},
): Observable<DockerEngineEvent> {
  return defer(() => {
    const state: ResumeState = { since: undefined, seen: new Map() };
    return connection$(docker, filters, state).pipe(
      retryWithBackoff({
        maxRetries: Number.POSITIVE_INFINITY,
        baseDelayMs: options.initialDelayMs ?? 200,
        maxDelayMs: options.maxDelayMs ?? 2000,
        shouldRetry: (error, attempt) => {
          options.onReconnect?.(attempt, error);
          return true;
        },
      }),
    );
  });
}
