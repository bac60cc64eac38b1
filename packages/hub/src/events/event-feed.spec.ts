import type { ContainerDriver, DriverEvent, EventFilter } from '@berth/core';
import { eventually, hasSettled } from '@berth/core/testing';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { Observable, Subject } from 'rxjs';
import type { ClientConnection } from '../clients/index.js';
import { HubEngineUnreachableError } from '../errors/index.js';
import { EventFeed, type SessionEventLike } from './event-feed.js';

/** A watcher that records the frames it is sent. */
function watcher(): { client: ClientConnection; messages: () => Array<Record<string, unknown>> } {
  const frames: Buffer[] = [];
  const client = {
    sendFrame: (frame: Buffer) => {
      frames.push(frame);
      return true;
    },
  } as unknown as ClientConnection;
  return { client, messages: () => frames.map((f) => JSON.parse(f.toString('utf8')) as Record<string, unknown>) };
}

/** Counts how many `events$` subscriptions of a driver are open. */
function counting(driver: MockDriver): { open: () => number } {
  let open = 0;
  const original = driver.events$.bind(driver);
  driver.events$ = (filter?: EventFilter) =>
    new Observable<DriverEvent>((subscriber) => {
      open += 1;
      const inner = original(filter).subscribe(subscriber);
      return () => {
        open -= 1;
        inner.unsubscribe();
      };
    });
  return { open: () => open };
}

describe(EventFeed.name, () => {
  let driver: MockDriver;

  beforeEach(() => {
    driver = new MockDriver();
  });

  afterEach(async () => {
    await driver.dispose();
  });

  const feed = (sessionEvents$?: Subject<SessionEventLike>) =>
    new EventFeed({
      drivers: new Map<string, ContainerDriver>([['mock', driver]]),
      log: pino({ level: 'silent' }),
      ...(sessionEvents$ === undefined ? {} : { sessionEvents$ }),
    });

  describe('.watch', () => {
    /** The driver's `events$` carries an `opened` promise the test settles (as Docker's does). */
    const openable = (): { open: () => void } => {
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const original = driver.events$.bind(driver);
      driver.events$ = (filter?: EventFilter) => Object.assign(original(filter), { opened });
      return { open: () => open() };
    };
    it("resolves only once the driver's stream says it is open", async () => {
      const stream = openable();
      const events = feed();
      const first = events.watch(watcher().client);
      expect(await hasSettled(first)).toBe(false);
      const second = events.watch(watcher().client);
      stream.open();
      expect(await hasSettled(first)).toBe(true);
      expect(await hasSettled(second)).toBe(true);
      events.close();
    });

    it('resolves when the upstreams are released before they opened', async () => {
      openable();
      const events = feed();
      const w = watcher().client;
      const watching = events.watch(w);
      events.unwatch(w);
      expect(await hasSettled(watching)).toBe(true);
    });

    it('rejects with HubEngineUnreachableError after openTimeoutMs, and the client no longer watches', async () => {
      const upstream = counting(driver);
      openable();
      const events = new EventFeed({
        drivers: new Map<string, ContainerDriver>([['mock', driver]]),
        log: pino({ level: 'silent' }),
        openTimeoutMs: 20,
      });
      const w = watcher();
      const err = await events.watch(w.client).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(HubEngineUnreachableError);
      expect(err).toMatchObject({ code: 'BERTH_HUB_ENGINE_UNREACHABLE', hosts: ['mock'], timeoutMs: 20 });
      expect(events.size).toBe(0);
      expect(upstream.open()).toBe(0);
    });

    it('opens one upstream however many clients watch', () => {
      const upstream = counting(driver);
      const events = feed();
      events.watch(watcher().client);
      events.watch(watcher().client);
      expect(upstream.open()).toBe(1);
      events.close();
    });

    it('forwards a container event with its host', async () => {
      const events = feed();
      const w = watcher();
      events.watch(w.client);
      const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', '1'] });
      expect(w.messages()).toContainEqual(
        expect.objectContaining({
          type: 'event',
          containerID: c.id,
          hostId: 'mock',
          data: { source: 'container', event: 'created' },
        }),
      );
      events.close();
    });

    it('forwards session events', () => {
      const sessions = new Subject<SessionEventLike>();
      const events = feed(sessions);
      const w = watcher();
      events.watch(w.client);
      sessions.next({ type: 'cleaned', sessionId: 'ses-1', containerId: 'c-1', reason: 'ttl' });
      expect(w.messages()).toEqual([
        expect.objectContaining({
          type: 'event',
          sessionId: 'ses-1',
          containerID: 'c-1',
          data: { source: 'session', event: 'cleaned', reason: 'ttl' },
        }),
      ]);
      events.close();
    });
  });

  describe('.unwatch', () => {
    it('releases the upstream when the last watcher leaves', () => {
      const upstream = counting(driver);
      const events = feed();
      const a = watcher().client;
      const b = watcher().client;
      events.watch(a);
      events.watch(b);
      events.unwatch(a);
      expect(upstream.open()).toBe(1);
      events.unwatch(b);
      expect(upstream.open()).toBe(0);
    });

    it('returns false for a client that was not watching', () => {
      expect(feed().unwatch(watcher().client)).toBe(false);
    });
  });

  describe('a failing driver events$', () => {
    it('is re-subscribed (with backoff) and its later events still reach the watchers', async () => {
      let subscriptions = 0;
      const later: DriverEvent = { type: 'started', containerId: 'c1', timestamp: new Date(0) };
      driver.events$ = () =>
        new Observable<DriverEvent>((subscriber) => {
          subscriptions += 1;
          if (subscriptions < 3) subscriber.error(new Error('engine restarting'));
          else subscriber.next(later);
        });
      const events = new EventFeed({
        drivers: new Map<string, ContainerDriver>([['mock', driver]]),
        log: pino({ level: 'silent' }),
        retryDelayMs: 1,
      });
      const w = watcher();
      events.watch(w.client);
      try {
        await eventually(() => expect(w.messages()).toHaveLength(1));
        expect(subscriptions).toBe(3);
        expect(w.messages()[0]).toMatchObject({ type: 'event', containerID: 'c1', data: { event: 'started' } });
      } finally {
        events.close();
      }
    });
  });

  describe('.close', () => {
    it('releases every upstream', () => {
      const upstream = counting(driver);
      const events = feed();
      events.watch(watcher().client);
      events.close();
      expect(upstream.open()).toBe(0);
      expect(events.size).toBe(0);
    });
  });
});
