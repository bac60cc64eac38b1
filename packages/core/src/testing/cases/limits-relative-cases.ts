import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { collect } from '../helpers/collect.js';
import { eventually } from '../helpers/eventually.js';
import { CPU_BURNER, forkBomb } from '../helpers/kit-commands.js';
import { expect, it } from '../runner/index.js';

/** The bytes of `parts`, joined. */
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The quota of the relative CPU case, in cores and as `cpuPercent` (a small one: a busy machine still leaves an
 * unthrottled burner several times as much). */
const QUOTA_CORES = 0.02;
const QUOTA_PERCENT = QUOTA_CORES * 100;
/** Measurement windows the relative CPU case may take to find one where the machine had CPU to spare. */
const CPU_WINDOWS = 3;

/** Average `cpuPercent` of `id` over `count` samples after the first (which may lack a baseline). */
async function averageCpu(ctx: ConformanceContext, id: string, count: number): Promise<number> {
  const samples = await collect(ctx.driver.stats$(id, { intervalMs: 500 }), {
    until: (s) => s.length >= count + 1,
    timeoutMs: 30_000,
  });
  const busy = samples.slice(1).map((s) => s.cpuPercent);
  return busy.reduce((a, b) => a + b, 0) / busy.length;
}

/**
 * Limits observed against a control in the same run: processes counted across separate commands, and a
 * CPU quota held while an unthrottled burner beside it gets more (judged only in a window where it did, so a
 * loaded machine does not decide it).
 */
export function limitsRelativeCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describeWith(ctx, 'pids limit across commands', ['resourceLimits.pids', 'exec'], () => {
    it(
      'counts the processes of every running command against pids, not only those of one pipeline',
      async () => {
        const c = await ctx.run(['sleep', '60'], { resources: { pids: 13 } });
        // Alone, a six-stage pipeline (7 processes with its shell) fits under the limit with room to spare.
        expect((await driver.exec(c.id, { command: forkBomb(6), timeoutMs: 20_000 })).exitCode).toBe(0);
        // With another pipeline alive (16 processes with the main one), the same one cannot fork all its stages.
        // Its first stage says (on stderr, not into the pipe) that the pipeline is being forked; by the time
        // that reaches us the shell has forked the other stages too.
        const stages = ['sh -c "echo up >&2; sleep 15"', ...Array.from({ length: 5 }, () => 'sleep 15')];
        const holder = driver.execStream(c.id, { command: ['sh', '-c', stages.join(' | ')] });
        await collect(holder.output$, {
          until: (chunks) => new TextDecoder().decode(concat(chunks.map((ch) => ch.data))).includes('up'),
          timeoutMs: 15_000,
        });
        try {
          await eventually(
            async () =>
              expect((await driver.exec(c.id, { command: forkBomb(6), timeoutMs: 20_000 })).exitCode).not.toBe(0),
            { timeoutMs: 12_000 },
          );
        } finally {
          await holder.kill().catch(() => undefined);
        }
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'cpu quota against a control', ['resourceLimits.cpu', 'stats'], () => {
    it(
      'keeps a burner with cpu: 0.02 at its quota while an unthrottled burner measured at the same time exceeds it',
      async () => {
        const limited = await ctx.run([...CPU_BURNER], { resources: { cpu: QUOTA_CORES } });
        const control = await ctx.run([...CPU_BURNER]);
        // A window only counts when the control got well over the quota: then an unenforced limit would have let
        // the limited burner (an equal competitor) over it too. On a machine too busy for that, look again.
        const windows: { limitedCpu: number; controlCpu: number }[] = [];
        for (let i = 0; i < CPU_WINDOWS; i++) {
          const [limitedCpu, controlCpu] = await Promise.all([
            averageCpu(ctx, limited.id, 4),
            averageCpu(ctx, control.id, 4),
          ]);
          windows.push({ limitedCpu, controlCpu });
          if (controlCpu >= QUOTA_PERCENT * 3) break;
        }
        const judged = windows.at(-1);
        expect({
          windows,
          controlOverQuota: (judged?.controlCpu ?? 0) >= QUOTA_PERCENT * 3,
          limitedAtQuota: (judged?.limitedCpu ?? Number.POSITIVE_INFINITY) <= QUOTA_PERCENT * 1.5,
        }).toEqual({ windows, controlOverQuota: true, limitedAtQuota: true });
      },
      timeoutMs,
    );
  });
}
