import { AlertList } from './alert-list.js';
import type { HubMessage } from './wire.js';

const frame = (ruleId: string, containerId: string, state: string, at: string): HubMessage => ({
  type: 'alert',
  containerID: containerId,
  hostId: 'local',
  timestamp: at,
  data: {
    ruleId,
    ruleName: ruleId.toUpperCase(),
    severity: 'high',
    state,
    containerId,
    at,
    metrics: { cpu: { percentage: 91 } },
  },
});

describe(AlertList.name, () => {
  describe('.add', () => {
    it('keeps one row per rule and container, the latest transition', () => {
      const list = new AlertList();
      list.add(frame('cpu', 'c1', 'firing', '2026-12-02T10:00:00Z'));
      list.add(frame('cpu', 'c1', 'resolved', '2026-12-02T10:01:00Z'));
      expect(list.list()).toEqual([
        expect.objectContaining({
          ruleId: 'cpu',
          state: 'resolved',
          hostId: 'local',
          cpuPercent: 91,
          severity: 'high',
        }),
      ]);
      expect(list.firingCount).toBe(0);
    });

    it('ignores a malformed frame', () => {
      const list = new AlertList();
      expect(list.add({ type: 'alert', timestamp: 'x', data: { state: 'firing' } })).toBe(false);
      expect(list.list()).toEqual([]);
    });

    it('drops resolved rows first beyond max', () => {
      const list = new AlertList(2);
      list.add(frame('a', 'c1', 'resolved', 't1'));
      list.add(frame('b', 'c1', 'firing', 't2'));
      list.add(frame('c', 'c1', 'firing', 't3'));
      expect(list.list().map((r) => r.ruleId)).toEqual(['c', 'b']);
    });
  });

  describe('.list', () => {
    it('lists firing rows before resolved ones, newest first', () => {
      const list = new AlertList();
      list.add(frame('a', 'c1', 'firing', 't1'));
      list.add(frame('b', 'c1', 'resolved', 't2'));
      list.add(frame('c', 'c2', 'firing', 't3'));
      expect(list.list().map((r) => `${r.ruleId}:${r.state}`)).toEqual(['c:firing', 'a:firing', 'b:resolved']);
      expect(list.firingCount).toBe(2);
    });
  });
});
