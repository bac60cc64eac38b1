import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { collect } from '../helpers/collect.js';
import { eventually } from '../helpers/eventually.js';
import { CPU_BURNER, diskFiller, forkBomb, memoryHog } from '../helpers/kit-commands.js';
import { expect, it } from '../runner/index.js';

/** Runs of the OOM case before a SIGKILL without `oomKilled` fails it (see the case). */
const OOM_RUNS = 3;

/** Resource limits the driver declares are enforced: observed by their effect, not by the echoed spec. */
export function limitsCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describeWith(ctx, 'memory limit enforcement', ['resourceLimits.memory'], () => {
    it(
      'OOM-kills a main process that allocates more than memoryMb: exit 137, oomKilled',
      async () => {
        // A SIGKILL without `oomKilled` is run again (three runs in all): containerd's cgroup-v1 OOM monitor drops
        // the kill's event when the cgroup is deleted before it reads it, as CI saw once on a loaded box. A driver
        // that never reports the OOM kill still fails; any other outcome ends the loop at once.
        let status = { exitCode: -1, oomKilled: false };
        for (let run = 1; run <= OOM_RUNS; run++) {
          const c = await ctx.run(memoryHog(64), { resources: { memoryMb: 16 } });
          status = await driver.waitContainer(c.id);
          if (status.exitCode !== 137 || status.oomKilled) break;
          console.info(`[berth conformance] ${ctx.name}: run ${run} of the OOM case ended 137 without oomKilled`);
        }
        expect({ exitCode: status.exitCode, oomKilled: status.oomKilled }).toEqual({ exitCode: 137, oomKilled: true });
      },
      timeoutMs,
    );

    it(
      'lets the same process finish under a larger limit',
      async () => {
        const c = await ctx.run(memoryHog(8), { resources: { memoryMb: 64 } });
        const status = await driver.waitContainer(c.id);
        expect({ exitCode: status.exitCode, oomKilled: status.oomKilled }).toEqual({ exitCode: 0, oomKilled: false });
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'pids limit enforcement', ['resourceLimits.pids', 'exec'], () => {
    it(
      'stops a fork bomb at the pids limit: the shell cannot fork and fails',
      async () => {
        const c = await ctx.run(['sleep', '60'], { resources: { pids: 8 } });
        const result = await driver.exec(c.id, { command: forkBomb(24), timeoutMs: 20_000 });
        expect(result.timedOut).toBe(false);
        expect(result.exitCode).not.toBe(0);
      },
      timeoutMs,
    );

    it(
      'lets a few processes run under the limit',
      async () => {
        const c = await ctx.run(['sleep', '60'], { resources: { pids: 32 } });
        const result = await driver.exec(c.id, { command: forkBomb(4), timeoutMs: 20_000 });
        expect(result.exitCode).toBe(0);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'cpu limit enforcement', ['resourceLimits.cpu', 'stats'], () => {
    it(
      'keeps a CPU burner near its quota (0.25 cores), by stats',
      async () => {
        const c = await ctx.run([...CPU_BURNER], { resources: { cpu: 0.25 } });
        const samples = await collect(driver.stats$(c.id, { intervalMs: 500 }), {
          until: (s) => s.length >= 5,
          timeoutMs: 30_000,
        });
        // The first sample may lack a baseline; the rest measure the burner.
        const busy = samples.slice(1).map((s) => s.cpuPercent);
        const average = busy.reduce((a, b) => a + b, 0) / busy.length;
        // 25 % is the quota; an unthrottled burner takes a whole core (100 %).
        expect({ samples: busy, burning: average > 5, throttled: average < 50 }).toEqual({
          samples: busy,
          burning: true,
          throttled: true,
        });
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'disk limit enforcement', ['resourceLimits.disk'], () => {
    it(
      'refuses writes beyond diskMb',
      async () => {
        const c = await ctx.run(['sh', '-c', `${diskFiller('fill.bin', 8).join(' ')}; echo status=$?; sleep 60`], {
          resources: { diskMb: 4 },
        });
        const logs = async (): Promise<string> => driver.getContainerLogs(c.id);
        await eventually(async () => expect(await logs()).toMatch(/status=\d+/));
        expect(await logs()).not.toContain('status=0');
      },
      timeoutMs,
    );
  });
}
