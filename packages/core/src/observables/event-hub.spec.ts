import type { DriverEvent } from '../contract/operations.js';
import { EventHub } from './event-hub.js';

const at = new Date(0);
const started = (containerId: string): DriverEvent => ({ type: 'started', containerId, timestamp: at });

describe(EventHub.name, () => {
  let hub: EventHub;
  beforeEach(() => {
    hub = new EventHub();
  });
  afterEach(() => {
    hub.close();
  });

  describe('.events$', () => {
    it('delivers published events matching the filter', () => {
      const seen: string[] = [];
      const sub = hub.events$({ containerId: 'a' }).subscribe((e) => seen.push(e.containerId));
      hub.publish(started('a'));
      hub.publish(started('b'));
      expect(seen).toEqual(['a']);
      sub.unsubscribe();
    });

    it('is not observed once every subscriber left', () => {
      const sub = hub.events$().subscribe();
      expect(hub.observed).toBe(true);
      sub.unsubscribe();
      expect(hub.observed).toBe(false);
    });

    it('completes at once after close', () => {
      hub.close();
      let completed = false;
      hub.events$().subscribe({ complete: () => (completed = true) });
      expect(completed).toBe(true);
    });
  });

  describe('.close', () => {
    it('completes every subscriber and ignores later publishes', () => {
      let completed = 0;
      const seen: DriverEvent[] = [];
      hub.events$().subscribe({ next: (e) => seen.push(e), complete: () => completed++ });
      hub.events$({ types: ['exited'] }).subscribe({ complete: () => completed++ });
      hub.close();
      hub.publish(started('a'));
      expect(completed).toBe(2);
      expect(seen).toEqual([]);
      expect(hub.closed).toBe(true);
    });
  });
});
