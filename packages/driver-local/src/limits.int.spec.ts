import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, take, toArray } from 'rxjs';
import { LocalDriver } from './local-driver.js';
import { CONTAINER_ID_ENV, processesWithEnvMarker, readProcStat } from './process/index.js';
import { describeWithLimits } from './testing/index.js';
import { probeResourceLimits } from './testing/probe-resource-limits.js';

// What the driver enforces here (root with writable cgroups, as on CI: everything but disk). Cases needing a
// limit it does not enforce are left out, with the reason printed, unless BERTH_REQUIRE_CGROUPS is set.
const reported = await probeResourceLimits();

function alive(pid: number): Promise<boolean> {
  return readFile(`/proc/${pid}/stat`, 'utf8').then(
    (s) => !/^\d+ \(.*\) Z/.test(s),
    () => false,
  );
}

describe(`${LocalDriver.name} limits and process cleanup`, () => {
  describeWithLimits(reported, ['cpu', 'memory', 'pids'], 'capabilities.resourceLimits', () => {
    it('reports cgroup-enforced cpu, memory and pids limits when running as root', () => {
      expect(process.getuid?.()).toBe(0);
      expect(reported).toEqual({ cpu: true, memory: true, pids: true, disk: false });
    });
  });

  let home: string;
  let driver: LocalDriver;
  const created: string[] = [];

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    for (const id of created.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  const start = async (command: string[], resources = {}): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', command, resources });
    created.push(c.id);
    await driver.startContainer(c.id);
    return c.id;
  };

  describe('.stopContainer', () => {
    it('leaves no grandchild alive, including one that called setsid', async () => {
      const id = await start([
        'sh',
        '-c',
        'sleep 60 & echo $!; (sleep 60 & echo $!; wait) & setsid sh -c "echo \\$\\$; sleep 60" & wait',
      ]);
      const pids: number[] = [];
      const lines$ = driver.logs$(id, { follow: true });
      await new Promise<void>((resolve) => {
        const sub = lines$.subscribe((l) => {
          pids.push(Number(l.text));
          if (pids.length === 3) {
            sub.unsubscribe();
            resolve();
          }
        });
      });
      // the pids printed are the container's own (its PID namespace): find them on the host by their env marker
      const hostPids = await processesWithEnvMarker(`${CONTAINER_ID_ENV}=${id}`);
      expect(hostPids.length).toBeGreaterThanOrEqual(pids.length + 1);
      for (const pid of hostPids) expect(await alive(pid)).toBe(true);
      await driver.stopContainer(id, { timeoutMs: 2000 });
      for (const pid of hostPids) expect(await alive(pid)).toBe(false);
    });
  });

  describeWithLimits(reported, ['pids'], 'resources.pids (cgroup pids controller)', () => {
    it('stops a fork bomb: at most `pids` processes exist and forks fail', async () => {
      const id = await start(
        ['sh', '-c', 'i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done; echo done; wait'],
        { pids: 20 },
      );
      await driver.waitContainer(id);
      const logs = await driver.getContainerLogs(id);
      expect(logs).toMatch(/fork|resource temporarily unavailable/i);
      expect(logs).not.toContain('done');
    });

    it('keeps the container alive and at most `pids` processes while an exec forks', async () => {
      const id = await start(['sleep', '60'], { pids: 20 });
      const bomb = await driver.exec(id, {
        command: ['sh', '-c', 'i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done; echo done'],
      });
      expect(bomb.exitCode).not.toBe(0);
      expect(bomb.stdout).not.toContain('done');
      const stats = await driver.getStats(id);
      expect(stats.pids).toBeGreaterThan(1);
      expect(stats.pids).toBeLessThanOrEqual(20);
    });
  });

  describeWithLimits(reported, ['cpu', 'memory', 'pids'], '.exec inside the cgroups (forked by the supervisor)', () => {
    const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;
    const runFiles = (id: string) => join(home, 'containers', id, 'run');

    it('starts the command in every cgroup of the container, as a child of its supervisor', async () => {
      const id = await start(['sleep', '60'], { pids: 20 });
      const state = await readJson<{ supervisorPid: number }>(join(runFiles(id), 'state.json'));
      const launch = await readJson<{ cgroupDirs: string[] }>(join(runFiles(id), 'launch.json'));
      const r = await driver.exec(id, { command: ['sh', '-c', 'cat /proc/self/cgroup'] });
      expect(r.exitCode).toBe(0);
      // each run has its own cgroups: berth/<id>.<runId>
      for (const c of ['pids', 'memory', 'cpu']) {
        expect(r.stdout).toMatch(new RegExp(`^\\d+:${c}:.*/berth/${id}\\.\\d+$`, 'm'));
      }
      // the exec's first process (nsenter, which joins the sandbox) is the supervisor's child, in the cgroups
      const h = driver.execStream(id, { command: ['sh', '-c', 'echo up; sleep 30'] });
      await firstValueFrom(h.output$);
      for (const dir of launch.cgroupDirs) {
        const pids = (await readFile(join(dir, 'cgroup.procs'), 'utf8')).split('\n').filter(Boolean).map(Number);
        const parents = await Promise.all(pids.map(async (pid) => (await readProcStat(pid))?.ppid));
        expect(parents).toContain(state.supervisorPid);
      }
      await h.kill();
    });

    it('leaves the supervisor outside the cgroups after execs', async () => {
      const id = await start(['sleep', '60'], { pids: 20 });
      const state = await readJson<{ supervisorPid: number; pid: number }>(join(runFiles(id), 'state.json'));
      const launch = await readJson<{ cgroupDirs: string[] }>(join(runFiles(id), 'launch.json'));
      const procs = async (dir: string): Promise<number[]> =>
        (await readFile(join(dir, 'cgroup.procs'), 'utf8')).split('\n').filter(Boolean).map(Number);
      // the run's own processes (sandboxed: bwrap, its init, the main process), once the main process is in them
      // (unsandboxed, its cgroup wrapper may not have joined yet right after the start)
      let before = await Promise.all(launch.cgroupDirs.map(procs));
      while (!before.every((pids) => pids.includes(state.pid))) {
        await new Promise((r) => setTimeout(r, 20));
        before = await Promise.all(launch.cgroupDirs.map(procs));
      }
      for (let i = 0; i < 3; i++) expect((await driver.exec(id, { command: ['true'] })).exitCode).toBe(0);
      for (const [i, dir] of launch.cgroupDirs.entries()) {
        const pids = await procs(dir);
        expect(pids).toEqual(before[i]);
        expect(pids).toContain(state.pid);
        expect(pids).not.toContain(state.supervisorPid);
      }
    });

    it('kill() takes the whole tree of a streamed exec, leaving only the main process', async () => {
      const id = await start(['sleep', '60'], { pids: 10 });
      // the main process (sandboxed: with bwrap and its init), once it is in the cgroup (right after the start the
      // unsandboxed run may not have moved it there yet: 0)
      let base = (await driver.getStats(id)).pids;
      while (base === 0) {
        await new Promise((r) => setTimeout(r, 20));
        base = (await driver.getStats(id)).pids;
      }
      const h = driver.execStream(id, { command: ['sh', '-c', 'sleep 30 & sleep 30 & echo up; wait'] });
      await firstValueFrom(h.output$);
      // sh and its two sleeps (sandboxed: and nsenter, which forked them into the sandbox, and the bwrap that gives
      // the exec the sandbox's seccomp filter, on by default)
      expect((await driver.getStats(id)).pids).toBe(base + (driver.capabilities.isolation === 'process' ? 5 : 3));
      await h.kill();
      expect((await h.exit).exitCode).toBe(137);
      // SIGKILLed processes leave the cgroup once reaped: wait for that (the test timeout bounds it).
      while ((await driver.getStats(id)).pids > base) await new Promise((r) => setTimeout(r, 20));
      expect((await driver.getStats(id)).pids).toBe(base);
    });

    it('reaches the supervisor when the state root path is too long for a unix socket address', async () => {
      const longHome = await mkdtemp(join(tmpdir(), `berth-local-${'x'.repeat(80)}-`));
      const d = new LocalDriver({ home: longHome });
      try {
        const c = await d.createContainer({ image: 'host', command: ['sleep', '60'], resources: { pids: 20 } });
        await d.startContainer(c.id);
        const r = await d.exec(c.id, { command: ['sh', '-c', 'cat /proc/self/cgroup'] });
        expect(r.stdout).toContain(`/berth/${c.id}`);
        await d.removeContainer(c.id, { force: true });
      } finally {
        await d.dispose();
        await rm(longHome, { recursive: true, force: true });
      }
    });
  });

  describeWithLimits(reported, ['memory'], 'resources.memoryMb (cgroup memory controller)', () => {
    it('OOM-kills a memory hog and reports oomKilled', async () => {
      const id = await start([process.execPath, '-e', 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));'], {
        memoryMb: 64,
      });
      const exit = await driver.waitContainer(id);
      expect(exit.oomKilled).toBe(true);
      expect(exit.exitCode).toBe(137);
    });

    it('reports oomKilled false for a normal exit', async () => {
      const id = await start(['true'], { memoryMb: 64 });
      expect((await driver.waitContainer(id)).oomKilled).toBe(false);
    });
  });

  describeWithLimits(reported, ['cpu'], 'resources.cpu (cgroup cpu controller)', () => {
    it('holds a busy loop to its quota', async () => {
      const id = await start(['sh', '-c', 'while :; do :; done'], { cpu: 0.2 });
      const samples = await firstValueFrom(driver.stats$(id, { intervalMs: 500 }).pipe(take(2), toArray()));
      const last = samples[1];
      expect(last?.containerId).toBe(id);
      expect(last?.pids).toBeGreaterThanOrEqual(1);
      // One core busy would read ~100 %; the 0.2-core quota keeps it near 20 %.
      expect(last?.cpuPercent).toBeLessThan(50);
    });
  });
});
