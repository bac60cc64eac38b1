import type { DriverEvent, EngineEvent } from '@berth/core';
import { hasSettled } from '@berth/core/testing';
import { Subject } from 'rxjs';
import { DockerDriver } from '../docker-driver.js';
import { withOpened } from '../events/engine-event-stream.js';
import { DockerHostPool } from './docker-host-pool.js';

/** A socket nothing listens on: the hosts' streams are replaced, no request reaches an engine. */
const NOWHERE = { socketPath: '/var/run/berth-no-such-engine.sock' };

/** A host whose `events$` / `engineEvents$` carry an `opened` the test settles, as a real engine's do. */
function host(id: string): { driver: DockerDriver; open: () => void; events: Subject<DriverEvent> } {
  const driver = new DockerDriver({ connection: NOWHERE, hostId: id });
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const events = new Subject<DriverEvent>();
  driver.events$ = () => withOpened(events.asObservable(), opened);
  driver.engineEvents$ = () => withOpened(new Subject<EngineEvent>().asObservable(), opened);
  return { driver, open, events };
}

describe(`${DockerHostPool.name}: the merged streams say when they are open`, () => {
  let a: ReturnType<typeof host>;
  let b: ReturnType<typeof host>;
  let pool: DockerHostPool;

  beforeEach(() => {
    a = host('a');
    b = host('b');
    pool = new DockerHostPool({
      hosts: [
        { id: 'a', driver: a.driver },
        { id: 'b', driver: b.driver },
      ],
    });
  });

  afterEach(async () => {
    await pool.dispose();
  });

  for (const stream of ['events$', 'engineEvents$'] as const) {
    describe(`.${stream}`, () => {
      it('carries opened, resolved only once every host stream is open', async () => {
        const merged = stream === 'events$' ? pool.events$() : pool.engineEvents$();
        expect(merged.opened).toBeInstanceOf(Promise);
        a.open();
        expect(await hasSettled(merged.opened)).toBe(false);
        b.open();
        await expect(merged.opened).resolves.toBeUndefined();
      });
    });
  }

  it('still merges every host events', async () => {
    const seen: string[] = [];
    const sub = pool.events$().subscribe((e) => seen.push(e.containerId));
    const event = (containerId: string): DriverEvent => ({ type: 'started', containerId, timestamp: new Date() });
    a.events.next(event('from-a'));
    b.events.next(event('from-b'));
    sub.unsubscribe();
    expect(seen).toEqual(['from-a', 'from-b']);
  });
});
