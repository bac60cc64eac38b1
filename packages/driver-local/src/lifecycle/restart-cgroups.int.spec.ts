import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '../local-driver.js';
import { describeWithLimits } from '../testing/index.js';
import { probeResourceLimits } from '../testing/probe-resource-limits.js';

const RESTARTS = 20;

// The cgroup capabilities decide whether this can race at all (no cgroups: nothing to remove).
const reported = await probeResourceLimits();

/**
 * Restart race: the previous run's supervisor removes its cgroups after its main process exits, while the
 * next run is already being set up. Each run's cgroups must be its own, so that clean-up never takes away
 * the directories the new run joins (`berth-init: cannot create …/cgroup.procs: Directory nonexistent`).
 */
describe(`${LocalDriver.name} restart and cgroups`, () => {
  let home: string;
  let driver: LocalDriver;
  let id: string | undefined;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-restart-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    if (id !== undefined) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    id = undefined;
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  describeWithLimits(reported, ['pids'], 'capabilities.resourceLimits', () => {
    it(`keeps every run in its cgroups across ${RESTARTS} restarts in a row`, async () => {
      const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'], resources: { pids: 64 } });
      id = c.id;
      await driver.startContainer(c.id);
      const failures: string[] = [];
      for (let i = 0; i < RESTARTS; i++) {
        await driver.restartContainer(c.id, { timeoutMs: 200 });
        // A run whose berth-init could not join its cgroups exits at once (127); a healthy run sleeps on.
        const exec = await driver.exec(c.id, { command: ['true'] }).catch((e: unknown) => ({ exitCode: String(e) }));
        const state = (await driver.getContainer(c.id))?.state;
        if (state !== 'running' || exec.exitCode !== 0)
          failures.push(`restart ${i + 1}: ${state}, exec ${exec.exitCode}`);
      }
      const logs = await driver.getContainerLogs(c.id);
      expect({ failures, cgroupErrors: logs.split('\n').filter((l) => l.includes('cgroup')) }).toEqual({
        failures: [],
        cgroupErrors: [],
      });
    }, 120_000);
  });
});
