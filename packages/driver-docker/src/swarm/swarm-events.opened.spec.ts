import { PassThrough } from 'node:stream';
import type { DriverEvent } from '@berth/core';
import { eventually, hasSettled } from '@berth/core/testing';
import type Docker from 'dockerode';
import { Subject } from 'rxjs';
import type { DockerDriver } from '../docker-driver.js';
import { withOpened } from '../events/engine-event-stream.js';
import { swarmEvents$ } from './swarm-events.js';

/** A manager whose `getEvents` answers only when the test says (one held callback per stream: services, nodes). */
function heldManager(): { docker: Docker; held: (() => void)[] } {
  const held: (() => void)[] = [];
  const docker = {
    info: async () => ({ SystemTime: '2026-12-02T10:00:00.000000000Z' }),
    getEvents: (_query: unknown, cb: (err: unknown, s?: NodeJS.ReadableStream) => void) => {
      held.push(() => cb(null, new PassThrough()));
    },
  } as unknown as Docker;
  return { docker, held };
}

/** A node engine whose `events$` carries an `opened` the test settles. */
function node(): { engine: DockerDriver; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const engine = { events$: () => withOpened(new Subject<DriverEvent>().asObservable(), opened) };
  return { engine: engine as unknown as DockerDriver, open };
}

/** Swarm events over a held manager and two node engines, each stream opened only when the test says. */
function swarmOfTwo() {
  const manager = heldManager();
  const n1 = node();
  const n2 = node();
  const events = swarmEvents$({
    manager: manager.docker,
    engines: [n1.engine, n2.engine],
    labelsOf: async () => undefined,
    servicesOnNode: async () => [],
  });
  return { manager, n1, n2, events };
}

describe('swarmEvents$', () => {
  it("carries opened, resolved once the manager's service and node streams and every node engine's stream are open", async () => {
    const { manager, n1, n2, events } = swarmOfTwo();
    expect(events.opened).toBeInstanceOf(Promise);
    const sub = events.subscribe();
    try {
      n1.open();
      n2.open();
      await eventually(() => expect(manager.held).toHaveLength(2));
      manager.held[0]?.();
      expect(await hasSettled(events.opened)).toBe(false);
      manager.held[1]?.();
      await expect(events.opened).resolves.toBeUndefined();
    } finally {
      sub.unsubscribe();
    }
  });

  it('is not open while a node engine stream is not', async () => {
    const { manager, n1, n2, events } = swarmOfTwo();
    const sub = events.subscribe();
    try {
      await eventually(() => expect(manager.held).toHaveLength(2));
      for (const answer of manager.held) answer();
      n1.open();
      expect(await hasSettled(events.opened)).toBe(false);
      n2.open();
      await expect(events.opened).resolves.toBeUndefined();
    } finally {
      sub.unsubscribe();
    }
  });
});
