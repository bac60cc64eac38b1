import type { ContainerDriver, EngineEvent } from '@berth/core';
import { hasSettled } from '@berth/core/testing';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { Subject } from 'rxjs';
import type { ClientConnection } from '../clients/index.js';
import { HubEngineUnreachableError } from '../errors/index.js';
import { EngineEventFeed } from './engine-event-feed.js';

/** A driver whose `engineEvents$` carries an `opened` promise the test settles (as Docker's does). */
function openableDriver(): { driver: ContainerDriver; open: () => void; subscribed: () => number } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let subscribed = 0;
  const driver = {
    capabilities: { engineEvents: true },
    engineEvents$: () => {
      subscribed += 1;
      return Object.assign(new Subject<EngineEvent>(), { opened });
    },
  } as unknown as ContainerDriver;
  return { driver, open: () => open(), subscribed: () => subscribed };
}

const client = (): ClientConnection => ({ sendFrame: () => true }) as unknown as ClientConnection;

describe(EngineEventFeed.name, () => {
  const feed = (driver: ContainerDriver) =>
    new EngineEventFeed({ drivers: new Map([['h1', driver]]), log: pino({ level: 'silent' }) });

  it("answers watch only once the host's engine stream says it is open", async () => {
    const engine = openableDriver();
    const events = feed(engine.driver);
    const first = events.watch(client(), { type: 'watchEngineEvents', hostId: 'h1' });
    expect(await hasSettled(first)).toBe(false);
    const second = events.watch(client(), { type: 'watchEngineEvents' });
    expect(engine.subscribed()).toBe(1);
    engine.open();
    await expect(first).resolves.toEqual(['h1']);
    await expect(second).resolves.toEqual(['h1']);
    events.close();
  });

  it('answers an engine that never opens with HubEngineUnreachableError after openTimeoutMs and releases it', async () => {
    const engine = openableDriver();
    const events = new EngineEventFeed({
      drivers: new Map([['h1', engine.driver]]),
      log: pino({ level: 'silent' }),
      openTimeoutMs: 20,
    });
    const c = client();
    const err = await events.watch(c, { type: 'watchEngineEvents', hostId: 'h1' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HubEngineUnreachableError);
    expect((err as HubEngineUnreachableError).toJSON()).toMatchObject({
      code: 'BERTH_HUB_ENGINE_UNREACHABLE',
      retryable: true,
      details: { hosts: ['h1'], timeoutMs: 20 },
    });
    // not watching: nothing held open for it, and unwatching says so
    expect(events.upstreamCount).toBe(0);
    expect(() => events.unwatch(c, 'h1')).toThrow('not watching');
  });

  it('answers watch when the upstream is released before it opened', async () => {
    const engine = openableDriver();
    const events = feed(engine.driver);
    const c = client();
    const watching = events.watch(c, { type: 'watchEngineEvents', hostId: 'h1' });
    events.unwatch(c, 'h1');
    expect(await hasSettled(watching)).toBe(true);
  });
});
