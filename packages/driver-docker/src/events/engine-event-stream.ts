import { type EventFilter, retryWithBackoff } from '@berth/core';
import type Docker from 'dockerode';
import { defer, merge, Observable } from 'rxjs';
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

/**
 * An event stream that says when it is connected: `opened` resolves once the engine has accepted the first
 * connection of a subscription (from then on nothing the engine does is missed, see {@link engineEvents$}).
 * It never rejects; it stays pending while the engine cannot be reached or nobody subscribed.
 */
export type OpenableObservable<T> = Observable<T> & { readonly opened: Promise<void> };

/** `source` carrying `opened` (e.g. after `pipe`, which returns a new observable without it). */
export function withOpened<T>(source: Observable<T>, opened: Promise<void>): OpenableObservable<T> {
  return Object.assign(source, { opened });
}

/**
 * Several streams merged, carrying one `opened` that resolves once every one of them is open (a `DockerHostPool`'s
 * engines, a Swarm's manager and nodes): from then on nothing any of them reports is missed. It rejects when one of
 * theirs does (a refused filter), and stays pending while one engine cannot be reached.
 */
export function mergeOpenable<T>(sources: readonly OpenableObservable<T>[]): OpenableObservable<T> {
  const opened = Promise.all(sources.map((s) => s.opened)).then(() => undefined);
  // a refused filter rejects every source's opened; nobody may be awaiting this one
  opened.catch(() => undefined);
  return withOpened(merge(...sources), opened);
}

/**
 * The engine's clock now, in ns, from `GET /info` `SystemTime` (RFC 3339 with nanoseconds). The engine's own
 * time, not the host's: the two may differ (a remote engine, a VM), and `since` is compared with the engine's.
 */
async function engineNow(docker: Docker): Promise<bigint> {
  const info = (await docker.info()) as { SystemTime?: string };
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(info.SystemTime ?? '');
  const ms = m === null ? Number.NaN : Date.parse(`${m[1]}${m[3]}`);
  if (m === null || Number.isNaN(ms)) throw new Error(`engine /info has no SystemTime: ${String(info.SystemTime)}`);
  const fraction = (m[2] ?? '').padEnd(9, '0').slice(0, 9);
  return BigInt(ms) * 1_000_000n + BigInt(fraction);
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
  onOpen: () => void,
): Observable<DockerEngineEvent> {
  return new Observable<DockerEngineEvent>((subscriber) => {
    let closed = false;
    let stream: NodeJS.ReadableStream | undefined;
    const connect = (since: bigint | undefined, margin: bigint) => {
      const query: { filters: string; since?: string } = { filters: JSON.stringify(filters) };
      if (since !== undefined) query.since = sinceOf(since - margin);
      docker.getEvents(query as { filters: string }, (err, s) => {
        if (closed) {
          (s as { destroy?: () => void } | undefined)?.destroy?.();
          return;
        }
        if (err !== null && err !== undefined) return subscriber.error(err);
        if (s === undefined) return subscriber.error(new Error('no event stream'));
        stream = s;
        read(s);
        onOpen();
      });
    };
    const read = (s: NodeJS.ReadableStream) => {
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
    };
    if (state.since !== undefined) {
      // 1 ms margin: timeNano loses precision as a JSON number; replayed duplicates are dropped below
      connect(state.since, 1_000_000n);
    } else {
      // the first connection starts at the engine's time now: an event between this and the engine
      // registering the stream (it sends the response headers first) is replayed from its buffer
      engineNow(docker).then(
        (now) => {
          if (closed) return;
          state.since ??= now;
          connect(now, 0n);
        },
        (err: unknown) => subscriber.error(err),
      );
    }
    return () => {
      closed = true;
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
      stream = undefined;
    };
  });
}

/**
 * The engine's event stream as an observable that survives engine restarts. The first connection starts at the
 * engine's own time when subscribed (`GET /info` `SystemTime`, not the host's clock), and `opened` resolves once
 * the engine has accepted it: an object created after that is reported, and so is one created between the
 * subscription and the engine registering the stream (replayed from the engine's buffer). When the stream ends or
 * fails it reconnects through core's `retryWithBackoff` (full jitter, cap 200 ms doubling up to 2 s, never giving
 * up; the count restarts once an event arrives) with `since` = the engine time of the last event seen (or of the
 * first connection), so events that happened while disconnected are replayed; events are de-duplicated by
 * `(id, action, timeNano)`, so none is delivered twice. Runs until unsubscribed; unsubscribing destroys the
 * socket.
 */
export function engineEvents$(
  docker: Docker,
  filters: Record<string, string[]>,
  options: EngineEventStreamOptions = {},
): OpenableObservable<DockerEngineEvent> {
  let markOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve;
  });
  const source = defer(() => {
    const state: ResumeState = { since: undefined, seen: new Map() };
    return connection$(docker, filters, state, markOpened).pipe(
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
  return withOpened(source, opened);
}
