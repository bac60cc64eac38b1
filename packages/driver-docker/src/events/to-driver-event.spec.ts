import { engineEventFilters } from './engine-event-stream.js';
import { eventKey, toDriverEvent } from './to-driver-event.js';

const die = {
  Type: 'container',
  Action: 'die',
  Actor: { ID: 'c1', Attributes: { exitCode: '3', image: 'busybox', name: 'x', 'berth.session': 's1', team: 'a' } },
  time: 1764590400,
  timeNano: Number('1764590400123456768'), // > 2^53, as the engine's JSON gives it
};

describe(toDriverEvent.name, () => {
  it('maps die to exited with exit code, session and labels (without engine attributes)', () => {
    expect(toDriverEvent(die, 'h1')).toEqual({
      type: 'exited',
      containerId: 'c1',
      timestamp: new Date(1764590400123),
      labels: { 'berth.session': 's1', team: 'a' },
      sessionId: 's1',
      exitCode: 3,
      host: 'h1',
    });
  });
  it('maps health_status to health', () => {
    expect(toDriverEvent({ ...die, Action: 'health_status: unhealthy' })?.healthy).toBe(false);
    expect(toDriverEvent({ ...die, Action: 'health_status: healthy' })?.healthy).toBe(true);
  });
  it.each([
    ['create', 'created'],
    ['start', 'started'],
    ['oom', 'oom'],
    ['stop', 'stopped'],
    ['destroy', 'removed'],
  ])('maps %s to %s', (action, type) => {
    expect(toDriverEvent({ ...die, Action: action })?.type).toBe(type);
  });
  it('ignores other actions and non-container events', () => {
    expect(toDriverEvent({ ...die, Action: 'exec_start: sh' })).toBeUndefined();
    expect(toDriverEvent({ ...die, Type: 'network' })).toBeUndefined();
  });
});

describe(eventKey.name, () => {
  it('is (id, action, timeNano)', () => {
    expect(eventKey(die)).toBe(`c1|die|${die.timeNano}`);
  });
});

describe(engineEventFilters.name, () => {
  it('filters on container type, labels, session and id', () => {
    expect(engineEventFilters({ labels: { a: 'b' }, sessionId: 's', containerId: 'c' })).toEqual({
      type: ['container'],
      label: ['a=b', 'berth.session=s'],
      container: ['c'],
    });
  });
});
