import type { HealthcheckSpec } from '../contract/index.js';
import { ContainerTimeoutError } from '../errors/index.js';
import {
  HEALTHCHECK_DEFAULTS,
  HealthCheckLoop,
  type HealthCheckTimer,
  type HealthCheckTimers,
  type HealthStatus,
} from './health-check-loop.js';

/** Virtual time: timers run only when the test advances the clock. */
class VirtualTimers implements HealthCheckTimers {
  #now = 1_000_000;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): HealthCheckTimer {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id as unknown as HealthCheckTimer;
  }

  clearTimeout(timer: HealthCheckTimer): void {
    this.#timers.delete(timer as unknown as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  /** Moves the clock by `ms`, running every timer that falls due (and the promises they settle) in order. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = [...this.#timers]
        .filter(([, t]) => t.at <= end)
        .sort(([ia, a], [ib, b]) => a.at - b.at || ia - ib)[0];
      if (due === undefined) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].fn();
    }
    this.#now = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

interface Probe {
  /** Times (virtual ms since the start) at which probes began. */
  readonly at: number[];
  /** Signals the probes received. */
  readonly signals: AbortSignal[];
  fn: (timeoutMs: number, signal: AbortSignal) => Promise<boolean>;
}

describe(HealthCheckLoop.name, () => {
  let timers: VirtualTimers;
  let changes: HealthStatus[];
  let loop: HealthCheckLoop | undefined;
  let start: number;

  beforeEach(() => {
    timers = new VirtualTimers();
    start = timers.now();
    changes = [];
  });

  afterEach(() => loop?.stop());

  /** A probe answering from `results` in turn (the last one repeats); a function result decides itself. */
  const probeOf = (...results: (boolean | Error | ((signal: AbortSignal) => Promise<boolean>))[]): Probe => {
    const probe: Probe = {
      at: [],
      signals: [],
      fn: (_timeoutMs, signal) => {
        probe.at.push(timers.now() - start);
        probe.signals.push(signal);
        const r = results.length > 1 ? results.shift() : results[0];
        if (typeof r === 'function') return r(signal);
        return r instanceof Error ? Promise.reject(r) : Promise.resolve(r === true);
      },
    };
    return probe;
  };

  const run = (check: Partial<HealthcheckSpec>, probe: Probe, startedAt?: number): HealthCheckLoop => {
    loop = new HealthCheckLoop({
      check: { command: ['true'], ...check },
      probe: probe.fn,
      onChange: (s) => changes.push(s),
      timers,
      ...(startedAt === undefined ? {} : { startedAt }),
    });
    loop.start();
    return loop;
  };

  describe('.start', () => {
    it('runs the first probe one interval after the start, not before', async () => {
      const probe = probeOf(true);
      const l = run({ intervalMs: 1000 }, probe);
      await timers.advance(999);
      expect(probe.at).toEqual([]);
      expect(l.status).toBe('starting');
      await timers.advance(1);
      expect(probe.at).toEqual([1000]);
      expect(l.status).toBe('healthy');
    });

    it('runs the next probe one interval after the previous one ended', async () => {
      const slow = (): Promise<boolean> =>
        new Promise((resolve) => {
          timers.setTimeout(() => resolve(true), 300);
        });
      const probe = probeOf(slow);
      run({ intervalMs: 1000, timeoutMs: 5000 }, probe);
      await timers.advance(3000);
      expect(probe.at).toEqual([1000, 2300]);
    });

    it('probes at once when one interval since `startedAt` has already passed (an adopted container)', async () => {
      const probe = probeOf(true);
      run({ intervalMs: 1000 }, probe, start - 5000);
      await timers.advance(0);
      expect(probe.at).toEqual([0]);
    });

    it("uses Docker's defaults when the check gives no timing", async () => {
      const probe = probeOf(true);
      run({}, probe);
      await timers.advance(HEALTHCHECK_DEFAULTS.intervalMs - 1);
      expect(probe.at).toEqual([]);
      await timers.advance(1);
      expect(probe.at).toEqual([HEALTHCHECK_DEFAULTS.intervalMs]);
    });

    it('is idempotent', async () => {
      const probe = probeOf(true);
      const l = run({ intervalMs: 1000 }, probe);
      l.start();
      await timers.advance(1000);
      expect(probe.at).toEqual([1000]);
    });
  });

  describe('status', () => {
    it('turns healthy on one success and reports the change once', async () => {
      run({ intervalMs: 100 }, probeOf(true));
      await timers.advance(500);
      expect(changes).toEqual(['healthy']);
    });

    it('turns unhealthy after `retries` consecutive failures, not one earlier', async () => {
      const l = run({ intervalMs: 100, retries: 3 }, probeOf(false));
      await timers.advance(200);
      expect(l.failingStreak).toBe(2);
      expect(l.status).toBe('starting');
      await timers.advance(100);
      expect(l.status).toBe('unhealthy');
      expect(changes).toEqual(['unhealthy']);
    });

    it('resets the failure streak on a success', async () => {
      const l = run({ intervalMs: 100, retries: 2 }, probeOf(false, true, false, true));
      await timers.advance(400);
      expect(l.failingStreak).toBe(0);
      expect(changes).toEqual(['healthy']);
    });

    it('counts a rejected probe as a failure', async () => {
      const l = run({ intervalMs: 100, retries: 1 }, probeOf(new Error('exec failed')));
      await timers.advance(100);
      expect(l.status).toBe('unhealthy');
    });

    it('goes back to healthy after unhealthy on one success', async () => {
      run({ intervalMs: 100, retries: 1 }, probeOf(false, true));
      await timers.advance(200);
      expect(changes).toEqual(['unhealthy', 'healthy']);
    });
  });

  describe('startPeriodMs', () => {
    it('does not count failures within the start period, and counts those after it', async () => {
      const l = run({ intervalMs: 100, retries: 1, startPeriodMs: 350 }, probeOf(false));
      await timers.advance(300);
      expect(l.failingStreak).toBe(0);
      expect(l.status).toBe('starting');
      await timers.advance(100);
      expect(l.failingStreak).toBe(1);
      expect(l.status).toBe('unhealthy');
    });

    it('counts failures within the start period once a probe has passed', async () => {
      const l = run({ intervalMs: 100, retries: 1, startPeriodMs: 10_000 }, probeOf(true, false));
      await timers.advance(200);
      expect(changes).toEqual(['healthy', 'unhealthy']);
      expect(l.failingStreak).toBe(1);
    });
  });

  describe('timeoutMs', () => {
    it('counts a probe that outlives the timeout as a failure without waiting for it, and aborts it', async () => {
      const never = (): Promise<boolean> => new Promise<boolean>(() => undefined);
      const probe = probeOf(never);
      const l = run({ intervalMs: 1000, timeoutMs: 200, retries: 1 }, probe);
      await timers.advance(1199);
      expect(l.status).toBe('starting');
      expect(probe.signals[0]?.aborted).toBe(false);
      await timers.advance(1);
      expect(l.status).toBe('unhealthy');
      expect(probe.signals[0]?.reason).toBeInstanceOf(ContainerTimeoutError);
      await timers.advance(1000);
      expect(probe.at).toEqual([1000, 2200]);
    });

    it('hands the timeout to the probe', async () => {
      const seen: number[] = [];
      loop = new HealthCheckLoop({
        check: { command: ['true'], intervalMs: 10, timeoutMs: 1234 },
        probe: async (timeoutMs) => {
          seen.push(timeoutMs);
          return true;
        },
        onChange: () => undefined,
        timers,
      });
      loop.start();
      await timers.advance(10);
      expect(seen).toEqual([1234]);
    });
  });

  describe('.stop', () => {
    it('clears the timer: no probe runs after it', async () => {
      const probe = probeOf(true);
      const l = run({ intervalMs: 100 }, probe);
      await timers.advance(100);
      l.stop();
      await timers.advance(1000);
      expect(probe.at).toEqual([100]);
      expect(timers.pending).toBe(0);
    });

    it('aborts a probe in flight and ignores its result', async () => {
      let pass: (ok: boolean) => void = () => undefined;
      const pending = (): Promise<boolean> => new Promise<boolean>((resolve) => (pass = resolve));
      const probe = probeOf(pending);
      const l = run({ intervalMs: 100, timeoutMs: 1000 }, probe);
      await timers.advance(100);
      l.stop();
      expect(probe.signals[0]?.aborted).toBe(true);
      pass(true);
      await timers.advance(5000);
      expect(changes).toEqual([]);
      expect(timers.pending).toBe(0);
    });

    it('makes a later start a no-op', async () => {
      const probe = probeOf(true);
      loop = new HealthCheckLoop({
        check: { command: ['true'], intervalMs: 10 },
        probe: probe.fn,
        onChange: () => {},
        timers,
      });
      loop.stop();
      loop.start();
      await timers.advance(100);
      expect(probe.at).toEqual([]);
    });
  });

  describe('.setStatus', () => {
    it('forces the status with a change report, and the next probe moves it again', async () => {
      const l = run({ intervalMs: 100 }, probeOf(true));
      await timers.advance(100);
      l.setStatus('unhealthy');
      expect(l.status).toBe('unhealthy');
      await timers.advance(100);
      expect(changes).toEqual(['healthy', 'unhealthy', 'healthy']);
    });
  });
});
