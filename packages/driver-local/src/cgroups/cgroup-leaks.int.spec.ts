import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ContainerSecurityError } from '@berth/core';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';
import { probeSandbox } from '../sandbox/index.js';
import { StateLayout } from '../state/state-layout.js';
import { cgroupDirsOf } from '../testing/cgroup-dirs.js';
import { describeWithLimits } from '../testing/cgroup-test-gate.js';
import { probeResourceLimits } from '../testing/probe-resource-limits.js';
import { processAlive } from '../testing/sandbox-attacks.js';

// What leaked `<id>.<runId>` directories into /sys/fs/cgroup/*/berth (hundreds of empty ones on a CI box): a start
// that failed after its cgroups were made (the next run's, when the sandbox refused a planted mount point), and a
// supervisor that failed at the end of its run (exit.json's directory was gone: the home or the container removed
// under it) before removing its cgroups; removal took only the last run's directories.
const reported = await probeResourceLimits();
const sandbox = probeSandbox();
const sandboxed = sandbox.usable;
/** Said in the title of a test that needs the sandbox when it is skipped for the lack of one. */
const needsSandbox = sandbox.usable ? '' : ` (skipped: needs the bubblewrap sandbox — ${sandbox.reason})`;

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves once `pid` is gone (or after `ms`). */
async function gone(pid: number, ms = 15_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processAlive(pid) && Date.now() < deadline) await delay(50);
  return !processAlive(pid);
}

describeWithLimits(reported, ['pids'], `${LocalDriver.name} cgroup directories`, () => {
  let home: string;
  let driver: LocalDriver;
  const ids: string[] = [];

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-cgleak-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    for (const id of ids.splice(0)) {
      await driver.removeContainer(id, { force: true }).catch(() => undefined);
      for (const dir of cgroupDirsOf(id)) await rmdir(dir).catch(() => undefined);
    }
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  const started = async (command = ['sleep', '60'], extra = {}): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', command, resources: { pids: 64 }, ...extra });
    ids.push(c.id);
    await driver.startContainer(c.id);
    return c.id;
  };
  const supervisorPid = (id: string): number =>
    (JSON.parse(readFileSync(new StateLayout(home).stateFile(id), 'utf8')) as { supervisorPid: number }).supervisorPid;

  (sandboxed ? it : it.skip)(
    `a start refused after its cgroups were made leaves none of them${needsSandbox}`,
    async () => {
      const id = await started(['sleep', '60'], { volumes: [{ type: 'bind', source: home, target: '/mnt/in/here' }] });
      await driver.exec(id, { command: ['sh', '-c', 'mv /mnt /mnt.old && ln -s /root /mnt'] });
      await driver.stopContainer(id, { timeoutMs: 0 });
      await expect(driver.startContainer(id)).rejects.toThrow(ContainerSecurityError);
      // run 1's supervisor removes its own (retrying while busy); run 2's were never used
      await gone(supervisorPid(id));
      expect(cgroupDirsOf(id)).toEqual([]);
    },
  );

  it("a supervisor whose container directory went away still removes its run's cgroups", async () => {
    const id = await started(['sleep', '1']);
    const pid = supervisorPid(id);
    expect(cgroupDirsOf(id).length).toBeGreaterThan(0);
    // as a test harness removing its home (or a second driver removing the container) under a running container
    await rm(new StateLayout(home).containerDir(id), { recursive: true, force: true });
    expect(await gone(pid)).toBe(true);
    expect(cgroupDirsOf(id)).toEqual([]);
  });

  it("removal takes every run's cgroups, also those an earlier run's supervisor left", async () => {
    const id = await started();
    const first = supervisorPid(id);
    await driver.restartContainer(id, { timeoutMs: 0 });
    await gone(first); // run 1's supervisor removed its own
    const current = cgroupDirsOf(id);
    expect(current.map((d) => basename(d))).toEqual(current.map(() => `${id}.2`));
    // run 1's directories as a supervisor that crashed (or gave up) would have left them
    for (const dir of current) mkdirSync(join(dirname(dir), `${id}.1`));
    await driver.removeContainer(id, { force: true });
    expect(cgroupDirsOf(id)).toEqual([]);
  });

  it("a driver starting on a home removes the empty cgroups its containers' earlier runs left, not the running one's", async () => {
    const id = await started();
    const first = supervisorPid(id);
    await driver.restartContainer(id, { timeoutMs: 0 });
    await gone(first); // run 1's supervisor removed its own
    const current = cgroupDirsOf(id);
    for (const dir of current) mkdirSync(join(dirname(dir), `${id}.1`));
    // and an empty directory of a container this home does not know (another home's, maybe starting): untouched
    const stranger = `${'f'.repeat(60)}${process.pid.toString(16).padStart(4, '0').slice(-4)}`;
    const strangerDirs = current.map((d) => join(dirname(d), `${stranger}.1`));
    for (const dir of strangerDirs) mkdirSync(dir);
    try {
      const second = new LocalDriver({ home });
      await second.listContainers(); // ready: its start-up sweep ran
      await second.dispose();
      expect(cgroupDirsOf(id).sort()).toEqual([...current].sort());
      expect(cgroupDirsOf(stranger).sort()).toEqual([...strangerDirs].sort());
    } finally {
      for (const dir of strangerDirs) await rmdir(dir).catch(() => undefined);
    }
  });
});
