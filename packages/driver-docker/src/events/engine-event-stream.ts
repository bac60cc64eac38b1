import type { EventFilter } from '@berth/core';
import type Docker from 'dockerode';
import { Observable } from 'rxjs';
import { JsonObjectSplitter } from '../stats/json-object-splitter.js';
import { type DockerEngineEvent, eventKey } from './to-driver-event.js';

/** Options of {@link engineEvents$}. */
export interface EngineEventStreamOptions {
  /** First reconnect delay in ms (doubles up to {@link maxDelayMs}). Default 200. */
  initialDelayMs?: number;
  /** Longest reconnect delay in ms. Default 2000. */
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

/**
 * The engine's event stream as an observable that survives engine restarts: when the stream ends or fails
 * it reconnects (backoff 200 ms → 2 s) with `since` = the time of the last event seen (or of the first
 * connection), so events that happened while disconnected are replayed; events are de-duplicated by
 * `(id, action, timeNano)`, so none is delivered twice. Runs until unsubscribed; unsubscribing destroys the
 * socket.
 */
export function engineEvents$(
  docker: Docker,
  filters: Record<string, string[]>,
  options: EngineEventStreamOptions = {},
): Observable<DockerEngineEvent> {
  const initialDelay = options.initialDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 2000;
  return new Observable<DockerEngineEvent>((subscriber) => {
    let closed = false;
    let stream: NodeJS.ReadableStream | undefined;
    let timer: NodeJS.Timeout | undefined;
    let since: bigint | undefined;
    let attempt = 0;
    const seen = new Map<string, bigint>();

    const remember = (key: string, time: bigint): void => {
      seen.set(key, time);
      if (seen.size > 2000) {
        // forget keys older than the newest `since` window: they can no longer be replayed
        for (const [k, t] of seen) if (since !== undefined && t < since) seen.delete(k);
        if (seen.size > 2000) for (const k of [...seen.keys()].slice(0, seen.size - 1000)) seen.delete(k);
      }
    };

    const scheduleReconnect = (error: unknown): void => {
      if (closed) return;
      stream = undefined;
      attempt++;
      options.onReconnect?.(attempt, error);
      const delay = Math.min(maxDelay, initialDelay * 2 ** Math.min(attempt - 1, 10));
      timer = setTimeout(connect, delay);
    };

    const connect = (): void => {
      if (closed) return;
      const startedAt = BigInt(Date.now()) * 1_000_000n;
      const query: { filters: string; since?: number } = { filters: JSON.stringify(filters) };
      // 1 ms margin: timeNano loses precision as a JSON number; replayed duplicates are dropped below
      if (since !== undefined) (query as { since?: number | string }).since = sinceOf(since - 1_000_000n);
      docker.getEvents(query, (err, s) => {
        if (closed) {
          (s as { destroy?: () => void } | undefined)?.destroy?.();
          return;
        }
        if (err !== null && err !== undefined) return scheduleReconnect(err);
        if (s === undefined) return scheduleReconnect(new Error('no event stream'));
        stream = s;
        attempt = 0;
        since ??= startedAt;
        const splitter = new JsonObjectSplitter();
        s.on('data', (chunk: Buffer) => {
          for (const obj of splitter.push(chunk)) {
            const event = obj as DockerEngineEvent;
            const time =
              event.timeNano !== undefined ? BigInt(event.timeNano) : BigInt(event.time ?? 0) * 1_000_000_000n;
            const key = eventKey(event);
            if (seen.has(key)) continue;
            remember(key, time);
            if (since === undefined || time > since) since = time;
            subscriber.next(event);
          }
        });
        let ended = false;
        const onEnd = (error: unknown): void => {
          if (ended) return;
          ended = true;
          scheduleReconnect(error);
        };
        s.on('end', () => onEnd(new Error('event stream ended')));
        s.on('close', () => onEnd(new Error('event stream closed')));
        s.on('error', (e: unknown) => onEnd(e));
      });
    };
    connect();

    return () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
      stream = undefined;
    };
  });
}
