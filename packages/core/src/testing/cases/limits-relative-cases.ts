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
 * CPU quota compared with an unthrottled burner (relative, so a loaded machine does not decide it).
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
      'keeps a burner with cpu: 0.1 well below an unthrottled burner measured at the same time',
      async () => {
        const limited = await ctx.run([...CPU_BURNER], { resources: { cpu: 0.1 } });
        const control = await ctx.run([...CPU_BURNER]);
        const [limitedCpu, controlCpu] = await Promise.all([
          averageCpu(ctx, limited.id, 6),
          averageCpu(ctx, control.id, 6),
        ]);
        expect({
          limitedCpu,
          controlCpu,
          underOneCore: limitedCpu < 50,
          wellBelowControl: limitedCpu < controlCpu / 2,
        }).toEqual({
          limitedCpu,
          controlCpu,
          underOneCore: true,
          wellBelowControl: true,
        });
      },
      timeoutMs,
    );
  });
}
