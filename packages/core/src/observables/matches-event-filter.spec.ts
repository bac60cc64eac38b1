import type { DriverEvent } from '../contract/operations.js';
import { matchesEventFilter } from './matches-event-filter.js';

const event: DriverEvent = {
  type: 'started',
  containerId: 'c1',
  timestamp: new Date(0),
  labels: { 'berth.session': 's1', team: 'a' },
};

describe(matchesEventFilter.name, () => {
  it('passes everything without a filter', () => {
    expect(matchesEventFilter(event, undefined)).toBe(true);
    expect(matchesEventFilter(event, {})).toBe(true);
  });

  it('filters by container id', () => {
    expect(matchesEventFilter(event, { containerId: 'c1' })).toBe(true);
    expect(matchesEventFilter(event, { containerId: 'c2' })).toBe(false);
  });

  it('filters by session id, from the field or the berth.session label', () => {
    expect(matchesEventFilter(event, { sessionId: 's1' })).toBe(true);
    expect(matchesEventFilter({ ...event, labels: {}, sessionId: 's1' }, { sessionId: 's1' })).toBe(true);
    expect(matchesEventFilter(event, { sessionId: 's2' })).toBe(false);
  });

  it('requires every given label', () => {
    expect(matchesEventFilter(event, { labels: { team: 'a' } })).toBe(true);
    expect(matchesEventFilter(event, { labels: { team: 'a', env: 'x' } })).toBe(false);
    expect(
      matchesEventFilter({ type: 'started', containerId: 'c1', timestamp: new Date(0) }, { labels: { team: 'a' } }),
    ).toBe(false);
  });

  it('filters by type; an empty list restricts nothing', () => {
    expect(matchesEventFilter(event, { types: ['started', 'exited'] })).toBe(true);
    expect(matchesEventFilter(event, { types: ['exited'] })).toBe(false);
    expect(matchesEventFilter(event, { types: [] })).toBe(true);
  });
});
