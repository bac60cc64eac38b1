import { type BerthLogger, type ContainerDriver, type StatsSample, ValidationError } from '@berth/core';
import { Observable, Subject } from 'rxjs';
import type { Alert, AlertRule } from '../alerts/index.js';
import { MonitoringMetrics } from '../prometheus/index.js';
import { ContainerMonitor } from './container-monitor.js';
import type { MonitorError } from './container-monitor-options.js';

/** A driver whose `stats$` is a subject per container the test pushes samples into. */
function scriptedDriver(): {
  driver: ContainerDriver;
  push: (id: string, cpuPercent: number) => void;
  end: (id: string) => void;
  open: () => number;
} {
  const streams = new Map<string, Subject<StatsSample>>();
  let open = 0;
  const driver = {
    name: 'scripted',
    stats$: (id: string) => {
      const s = streams.get(id) ?? new Subject<StatsSample>();
      streams.set(id, s);
      return new Observable<StatsSample>((subscriber) => {
        open += 1;
        const inner = s.subscribe(subscriber);
        return () => {
          open -= 1;
          inner.unsubscribe();
        };
      });
    },
  } as unknown as ContainerDriver;
  const sample = (id: string, cpuPercent: number): StatsSample => ({
    containerId: id,
    timestamp: new Date(0),
    cpuPercent,
    memoryBytes: 100,
    memoryLimitBytes: 1000,
    memoryPercent: 10,
    pids: 1,
    networkRxBytes: 0,
    networkTxBytes: 0,
    blockReadBytes: 0,
    blockWriteBytes: 0,
  });
  return {
    driver,
    push: (id, cpu) => streams.get(id)?.next(sample(id, cpu)),
    end: (id) => streams.get(id)?.complete(),
    open: () => open,
  };
}

const silent: BerthLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const highCpu = (extra: Partial<AlertRule> = {}): AlertRule => ({
  id: 'high-cpu-usage',
  name: 'High CPU Usage',
  condition: (metrics) => metrics.cpu.percentage > 80,
  severity: 'high',
  ...extra,
});

describe(ContainerMonitor.name, () => {
  let now: number;
  let scripted: ReturnType<typeof scriptedDriver>;
  let monitor: ContainerMonitor;
  let alerts: Alert[];
  let errors: MonitorError[];

  const make = (options: ConstructorParameters<typeof ContainerMonitor>[1] = {}): ContainerMonitor => {
    monitor = new ContainerMonitor(scripted.driver, {
      clock: { now: () => new Date(now) },
      logger: silent,
      ...options,
    });
    monitor.alerts$.subscribe((a) => alerts.push(a));
    monitor.errors$.subscribe((e) => errors.push(e));
    return monitor;
  };

  /** Pushes one sample at virtual time `at`. */
  const sampleAt = (at: number, cpu: number, id = 'c1'): void => {
    now = at;
    scripted.push(id, cpu);
  };

  beforeEach(() => {
    now = 0;
    scripted = scriptedDriver();
    alerts = [];
    errors = [];
  });

  afterEach(async () => {
    await monitor.dispose();
  });

  describe('.addAlertRule', () => {
    it('throws ValidationError listing every bad field', () => {
      make();
      const bad = {
        id: '',
        name: '',
        condition: 'x',
        severity: 'urgent',
        forMs: -1,
        actions: [{ type: 'webhook', config: { url: 'ftp://x' } }],
      };
      expect(() => monitor.addAlertRule(bad as unknown as AlertRule)).toThrow(ValidationError);
      try {
        monitor.addAlertRule(bad as unknown as AlertRule);
      } catch (err) {
        expect((err as ValidationError).issues.map((i) => i.path)).toEqual([
          'id',
          'name',
          'condition',
          'severity',
          'forMs',
          'actions.0.config.url',
        ]);
      }
    });

    it('refuses a second rule with the same id', () => {
      make().addAlertRule(highCpu());
      expect(() => monitor.addAlertRule(highCpu())).toThrow(/exists/);
    });
  });

  describe('when a container is monitored', () => {
    it('fires once per episode and resolves when the condition stops holding', () => {
      make().addAlertRule(highCpu());
      monitor.startMonitoring('c1');
      sampleAt(0, 10);
      sampleAt(1000, 95);
      sampleAt(2000, 97);
      sampleAt(3000, 20);
      expect(alerts.map((a) => [a.state, a.at.getTime(), a.reason])).toEqual([
        ['firing', 1000, undefined],
        ['resolved', 3000, 'condition'],
      ]);
      expect(alerts[0]).toMatchObject({ ruleId: 'high-cpu-usage', severity: 'high', containerId: 'c1' });
      expect(alerts[0]?.metrics.cpu.percentage).toBe(95);
    });

    it('waits forMs of the monitor clock before firing', () => {
      make().addAlertRule(highCpu({ forMs: 5000 }));
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      sampleAt(4999, 95);
      expect(alerts).toEqual([]);
      sampleAt(5000, 95);
      expect(alerts.map((a) => a.state)).toEqual(['firing']);
    });

    it('does not fire again within cooldownMs of the last firing', () => {
      make().addAlertRule(highCpu({ cooldownMs: 60_000 }));
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      sampleAt(1000, 10);
      sampleAt(2000, 95);
      expect(alerts.map((a) => a.state)).toEqual(['firing', 'resolved']);
      sampleAt(60_000, 95);
      expect(alerts.map((a) => a.state)).toEqual(['firing', 'resolved', 'firing']);
    });

    it('reports a throwing condition on errors$ and counts it as false', () => {
      make().addAlertRule(
        highCpu({
          condition: () => {
            throw new Error('boom');
          },
        }),
      );
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      expect(alerts).toEqual([]);
      expect(errors).toEqual([
        expect.objectContaining({ kind: 'condition', ruleId: 'high-cpu-usage', containerId: 'c1' }),
      ]);
    });
  });

  describe('.stopMonitoring', () => {
    it('resolves firing alerts with reason stopped and releases the stats$ subscription', () => {
      make().addAlertRule(highCpu());
      monitor.startMonitoring('c1');
      expect(scripted.open()).toBe(1);
      sampleAt(0, 95);
      expect(monitor.stopMonitoring('c1')).toBe(true);
      expect(alerts.map((a) => [a.state, a.reason])).toEqual([
        ['firing', undefined],
        ['resolved', 'stopped'],
      ]);
      expect(scripted.open()).toBe(0);
      expect(monitor.monitored).toEqual([]);
    });
  });

  describe('when the container exits (stats$ completes)', () => {
    it('stops monitoring it and resolves its alerts', () => {
      make().addAlertRule(highCpu());
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      scripted.end('c1');
      expect(monitor.monitored).toEqual([]);
      expect(alerts.map((a) => a.state)).toEqual(['firing', 'resolved']);
    });
  });

  describe('.removeAlertRule', () => {
    it('resolves the rule firing alerts with reason removed', () => {
      make().addAlertRule(highCpu());
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      expect(monitor.removeAlertRule('high-cpu-usage')).toBe(true);
      expect(alerts.map((a) => [a.state, a.reason])).toEqual([
        ['firing', undefined],
        ['resolved', 'removed'],
      ]);
      expect(monitor.removeAlertRule('high-cpu-usage')).toBe(false);
      sampleAt(1000, 99);
      expect(alerts).toHaveLength(2);
    });
  });

  describe('actions', () => {
    it('runs a custom function and the hub sink for firing and resolved', async () => {
      const seen: string[] = [];
      const published: Alert[] = [];
      make({ hub: { publishAlert: (a) => published.push(a) } }).addAlertRule(
        highCpu({ actions: [(a) => void seen.push(a.state), { type: 'hub' }] }),
      );
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      sampleAt(1000, 5);
      await monitor.idle();
      expect(seen).toEqual(['firing', 'resolved']);
      expect(published.map((a) => a.state)).toEqual(['firing', 'resolved']);
    });

    it('reports a hub action on a monitor without a hub as a ValidationError on errors$', async () => {
      make().addAlertRule(highCpu({ actions: [{ type: 'hub' }] }));
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      await monitor.idle();
      expect(errors).toHaveLength(1);
      expect(ValidationError.is((errors[0] as { error: unknown }).error)).toBe(true);
    });

    it('runs actions only on firing when notifyResolved is false', async () => {
      const seen: string[] = [];
      make().addAlertRule(highCpu({ notifyResolved: false, actions: [(a) => void seen.push(a.state)] }));
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      sampleAt(1, 5);
      await monitor.idle();
      expect(seen).toEqual(['firing']);
      expect(alerts.map((a) => a.state)).toEqual(['firing', 'resolved']);
    });
  });

  describe('with metrics', () => {
    it('sets the container gauges and firing count, and removes the gauges when monitoring stops', async () => {
      const metrics = new MonitoringMetrics();
      make({ metrics, host: 'h1' }).addAlertRule(highCpu());
      monitor.startMonitoring('c1');
      sampleAt(0, 95);
      const text = await metrics.registry.metrics();
      expect(text).toContain('berth_container_cpu_percent{container="c1",name="",driver="scripted",host="h1"} 95');
      expect(text).toContain('berth_alerts_firing{rule="high-cpu-usage",severity="high"} 1');
      monitor.stopMonitoring('c1');
      const after = await metrics.registry.metrics();
      expect(after).not.toContain('container="c1"');
      expect(after).toContain('berth_alerts_firing{rule="high-cpu-usage",severity="high"} 0');
    });
  });
});
