import type { DriverEvent } from '../../contract/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { collect } from '../helpers/collect.js';
import { expect, it } from '../runner/index.js';

/**
 * A health check that fails its first `failures` probes and passes from then on. Each probe leaves a
 * marker file in `dir` (created by the check itself, so it does not depend on the main process).
 */
function failsFirst(dir: string, failures: number): string[] {
  const steps: string[] = [`mkdir -p ${dir}`, `test -f ${dir}/f${failures} && exit 0`];
  for (let n = failures; n >= 2; n--) steps.push(`test -f ${dir}/f${n - 1} && touch ${dir}/f${n} && exit 1`);
  steps.push(`touch ${dir}/f1`, 'exit 1');
  return ['sh', '-c', steps.join('; ')];
}

/**
 * The `healthy` flags of the health events of `id` up to and including the first healthy one, and whether the
 * container exited first. An orchestrator (Swarm) shuts an unhealthy task down instead of probing on, so such a
 * driver ends at its first unhealthy report with an exit; every other driver keeps probing until healthy.
 */
async function healthUntilHealthy(
  ctx: ConformanceContext,
  id: string,
  start: () => Promise<void>,
): Promise<{ flags: boolean[]; exited: boolean }> {
  const events$ = ctx.driver.events$({ containerId: id, types: ['health', 'exited'] });
  const collected = collect<DriverEvent>(events$, {
    until: (events) => events.some((e) => e.healthy === true || e.type === 'exited'),
    timeoutMs: 20_000,
  });
  await start();
  const events = await collected;
  return {
    flags: events.filter((e) => e.type === 'health').map((e) => e.healthy === true),
    exited: events.some((e) => e.type === 'exited'),
  };
}

/** `healthcheck.retries` counted exactly: unhealthy after exactly `retries` consecutive failures, never before. */
export function healthRetriesCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const check = (command: string[], retries: number) => ({ command, intervalMs: 300, timeoutMs: 5_000, retries });

  describeWith(ctx, 'health check retries', ['healthcheck', 'events'], () => {
    it(
      'reports unhealthy after exactly retries failures (retries: 2, two failures, then passing)',
      async () => {
        const c = await ctx.create(['sleep', '60'], {
          healthcheck: check(failsFirst(ctx.path(`hc2-${Date.now()}`), 2), 2),
        });
        const { flags, exited } = await healthUntilHealthy(ctx, c.id, () => driver.startContainer(c.id));
        // Unhealthy after the second failure, then healthy on the first pass — or, on an orchestrator that
        // replaces unhealthy tasks, unhealthy and then shut down (the command itself never exits).
        expect(flags).toEqual(exited ? [false] : [false, true]);
      },
      timeoutMs,
    );

    it(
      'never reports unhealthy before retries failures (retries: 3, two failures, then passing)',
      async () => {
        const c = await ctx.create(['sleep', '60'], {
          healthcheck: check(failsFirst(ctx.path(`hc3-${Date.now()}`), 2), 3),
        });
        const { flags, exited } = await healthUntilHealthy(ctx, c.id, () => driver.startContainer(c.id));
        expect({ flags, exited }).toEqual({ flags: [true], exited: false });
      },
      timeoutMs,
    );
  });
}
