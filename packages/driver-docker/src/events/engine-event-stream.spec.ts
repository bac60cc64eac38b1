import { PassThrough } from 'node:stream';
import { eventually } from '@berth/core/testing';
import { describe, expect, it } from '@jest/globals';
import type Docker from 'dockerode';
import { engineEvents$ } from './engine-event-stream.js';
import type { DockerEngineEvent } from './to-driver-event.js';

/** A dockerode stand-in whose `getEvents` hands out the streams the test pushes, recording each query. */
function fakeEngine(): {
  docker: Docker;
  queries: { since?: string }[];
  streams: PassThrough[];
  failNext: (err: Error) => void;
} {
  const queries: { since?: string }[] = [];
  const streams: PassThrough[] = [];
  const failures: Error[] = [];
  const docker = {
    // the engine's clock, a day behind the host's: the first `since` must come from it
    info: async () => ({ SystemTime: ENGINE_TIME }),
    getEvents: (query: { since?: string }, cb: (err: unknown, s?: NodeJS.ReadableStream) => void) => {
      queries.push(query);
      const failure = failures.shift();
      if (failure !== undefined) {
        setImmediate(() => cb(failure));
        return;
      }
      const s = new PassThrough();
      streams.push(s);
      setImmediate(() => cb(null, s));
    },
  } as unknown as Docker;
  return { docker, queries, streams, failNext: (err) => failures.push(err) };
}

const ENGINE_TIME = '2026-12-01T10:00:00.123456789Z';
const ENGINE_SINCE = `${Date.parse('2026-12-01T10:00:00Z') / 1000}.123456789`;

const ev = (id: string, action: string, timeNano: number): string =>
  `${JSON.stringify({ Type: 'container', Action: action, Actor: { ID: id }, timeNano })}\n`;

describe('engineEvents$', () => {
  // whole seconds after now (later than the first connection, so they move `since`), exact as JSON numbers
  const t0 = Math.floor(Date.now() / 1000) + 100;
  it('reconnects after the stream ends or fails, resumes at since and delivers each event once', async () => {
    const engine = fakeEngine();
    const got: DockerEngineEvent[] = [];
    const reconnects: number[] = [];
    const sub = engineEvents$(
      engine.docker,
      {},
      { initialDelayMs: 1, maxDelayMs: 2, onReconnect: (n) => reconnects.push(n) },
    ).subscribe((e) => got.push(e));
    try {
      await eventually(() => expect(engine.streams.length).toBe(1));
      // the first connection starts at the engine's time (not the host's)
      expect(engine.queries[0]?.since).toBe(ENGINE_SINCE);
      engine.streams[0]?.write(ev('a', 'create', t0 * 1e9));
      await eventually(() => expect(got.length).toBe(1));
      engine.failNext(new Error('connection refused'));
      engine.streams[0]?.end();
      await eventually(() => expect(engine.streams.length).toBe(2));
      expect(engine.queries).toHaveLength(3);
      // resumes 1 ms before the last event seen
      expect(engine.queries[1]?.since).toBe(`${t0 - 1}.999000000`);
      expect(engine.queries[2]?.since).toBe(`${t0 - 1}.999000000`);
      expect(reconnects).toEqual([1, 2]);
      // the replayed event is dropped, the new one delivered
      engine.streams[1]?.write(ev('a', 'create', t0 * 1e9) + ev('a', 'start', (t0 + 1) * 1e9));
      await eventually(() => expect(got.length).toBe(2));
      engine.streams[1]?.destroy(new Error('socket hang up'));
      await eventually(() => expect(engine.streams.length).toBe(3));
      expect(engine.queries[3]?.since).toBe(`${t0}.999000000`);
      expect(got.map((e) => `${e.Actor?.ID}/${e.Action}`)).toEqual(['a/create', 'a/start']);
      // the count restarted after an event arrived
      expect(reconnects).toEqual([1, 2, 1]);
    } finally {
      sub.unsubscribe();
    }
    expect(engine.streams[2]?.destroyed).toBe(true);
  });

  it('says when the engine accepted the first connection: opened resolves only then', async () => {
    const engine = fakeEngine();
    const stream = engineEvents$(engine.docker, {}, { initialDelayMs: 1, maxDelayMs: 2 });
    let opened = false;
    void stream.opened.then(() => {
      opened = true;
    });
    engine.failNext(new Error('connection refused'));
    const sub = stream.subscribe(() => undefined);
    try {
      // refused, then retried: open only once a stream was handed out
      await eventually(() => expect(engine.streams.length).toBe(1));
      expect(engine.queries).toHaveLength(2);
      await stream.opened;
      expect(opened).toBe(true);
    } finally {
      sub.unsubscribe();
    }
  });

  it('stays pending while the engine refuses every connection', async () => {
    const engine = fakeEngine();
    const stream = engineEvents$(engine.docker, {}, { initialDelayMs: 1, maxDelayMs: 2 });
    let opened = false;
    void stream.opened.then(() => {
      opened = true;
    });
    for (let i = 0; i < 10_000; i++) engine.failNext(new Error('connection refused'));
    const sub = stream.subscribe(() => undefined);
    try {
      await eventually(() => expect(engine.queries.length).toBeGreaterThanOrEqual(5));
      await new Promise((r) => setImmediate(r));
      expect(engine.streams).toHaveLength(0);
      expect(opened).toBe(false);
    } finally {
      sub.unsubscribe();
    }
  });
});
