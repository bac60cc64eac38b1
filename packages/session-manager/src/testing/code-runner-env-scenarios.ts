import type { ContainerDriver } from '@berth/core';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SessionManager } from '../manager/index.js';
import type { SessionManagerOptions } from '../options/index.js';
import { CodeRunners } from '../runner/code-runners.js';
import { type CountingDriver, countingDriver } from './counting-driver.js';
import { useScenarioManager } from './scenario-manager.js';

/**
 * Prints, one a line: how the process was started (`-c` for a fork of the runner, the file for a fresh
 * `python3 <file>`), what a `PYTHONPATH` module says, `sys.path`, the hash seed's effect and flags, the locale
 * and encodings, and the env as the code sees it.
 */
const PROBE = [
  'import locale, os, sys',
  'print(open("/proc/self/cmdline", "rb").read().split(b"\\0")[1].decode())',
  'try:',
  '    import ppmod',
  '    print(ppmod.VALUE)',
  'except ImportError:',
  '    print("no ppmod")',
  'print(sys.path)',
  'print(hash("berth"), sys.flags.hash_randomization, sys.flags.utf8_mode, sys.flags.safe_path)',
  'print(locale.setlocale(locale.LC_CTYPE), sys.stdout.encoding, sys.getfilesystemencoding())',
  'print([os.environ.get(k) for k in ("PYTHONPATH", "PYTHONHASHSEED", "LC_ALL", "PYTHONSAFEPATH", "FROM_SESSION")])',
].join('\n');

/** The startup env the scenarios set: a module path, a fixed hash seed, the C locale, no script directory. */
const STARTUP_ENV = { PYTHONPATH: 'envpp', PYTHONHASHSEED: '0', LC_ALL: 'C', PYTHONSAFEPATH: '1' };

const lines = (stdout: string): string[] => stdout.trimEnd().split('\n');

/**
 * `executeCode` in Python with `PYTHON*`, `LANG` or `LC_*` in the session's or the run's env, on a real driver: the
 * run is a fork of a runner started with that env (the warm path: `/proc/self/cmdline` says `-c`, and a second run
 * makes no Engine call), and the code sees exactly what a fresh `python3 <file>` with that env sees (`sys.path` with
 * the `PYTHONPATH` entry and no script directory under `PYTHONSAFEPATH`, the fixed hash seed, the C locale's
 * UTF-8 mode); a run without it still gets the plain runner; a `PYTHON*` name a fork cannot repeat
 * (`PYTHONPROFILEIMPORTTIME`) gets a fresh interpreter; and a container keeps a bounded number of such runners.
 * Used by the local and Docker suites.
 */
export function runCodeRunnerEnvScenarios(
  name: string,
  makeDriver: () => ContainerDriver,
  managerOptions: SessionManagerOptions = {},
): void {
  jest.setTimeout(120_000); // real engines on shared CI cores
  describe(`code runner startup env on ${name}`, () => {
    let raw: ContainerDriver;
    let counted: CountingDriver;
    let manager: SessionManager;
    const fixture = useScenarioManager({
      runPrefix: 'runner-env',
      makeDriver,
      managerOptions,
      wrap: (driver) => {
        counted = countingDriver(driver);
        return counted.driver;
      },
    });
    const { runLabel } = fixture;

    beforeAll(async () => {
      raw = fixture.driver;
      manager = fixture.manager;
    });

    /** A session with `ppmod` under `envpp/` and the probe as `probe.py`, for a fresh `python3 probe.py`. */
    const sessionWithProbe = async (env: Record<string, string>): Promise<string> => {
      const { id } = await manager.createSession({ agentType: 'python', env: { FROM_SESSION: 's', ...env } });
      await manager.uploadFiles(id, [
        { path: 'envpp/ppmod.py', content: 'VALUE = "from-pythonpath"\n' },
        { path: 'probe.py', content: PROBE },
      ]);
      return id;
    };

    const callsOf = (ops: string[]) => ops.map((op) => `${op}: ${counted.calls.get(op) ?? 0}`);

    it("runs python with PYTHON*/LC_* in the session's env warm from the first run, seeing what a fresh python3 with that env sees", async () => {
      const id = await sessionWithProbe(STARTUP_ENV); // createSession started the runner for this env
      const before = callsOf(['putFiles', 'execStream', 'exec']);
      const first = await manager.executeCode(id, { language: 'python', code: PROBE });
      const warm = await manager.executeCode(id, { language: 'python', code: PROBE });
      expect(callsOf(['putFiles', 'execStream', 'exec'])).toEqual(before); // no Engine call: forks of a running runner
      const fresh = await manager.exec(id, { command: ['python3', 'probe.py'] });
      expect([first.exitCode, warm.exitCode, fresh.exitCode, warm.stderr, fresh.stderr]).toEqual([0, 0, 0, '', '']);
      const [how, ...seen] = lines(warm.stdout);
      const [freshHow, ...freshSeen] = lines(fresh.stdout);
      expect([how, freshHow]).toEqual(['-c', 'probe.py']);
      expect(seen).toEqual(freshSeen);
      expect(lines(first.stdout)).toEqual(lines(warm.stdout));
      expect(seen[0]).toBe('from-pythonpath');
      expect(seen[1]).toMatch(/envpp'/); // the PYTHONPATH entry, as a fresh python3 puts it
      expect(seen[2]).toMatch(/^-?\d+ 0 1 True$/); // hash seed fixed, UTF-8 mode of the C locale, safe path
      expect(seen[3]).toBe('C utf-8 utf-8');
      expect(seen[4]).toBe("['envpp', '0', 'C', '1', 's']");
    });

    it("runs python with PYTHON*/LANG in the run's env warm, and a run without it on the plain runner", async () => {
      const id = await sessionWithProbe({});
      const env = { PYTHONPATH: 'envpp', PYTHONHASHSEED: '0', LANG: 'C' };
      await manager.executeCode(id, { language: 'python', code: 'pass', env }); // starts the runner for this env
      const before = callsOf(['putFiles', 'execStream', 'exec']);
      const warm = await manager.executeCode(id, { language: 'python', code: PROBE, env });
      const plain = await manager.executeCode(id, { language: 'python', code: PROBE });
      expect(callsOf(['putFiles', 'execStream', 'exec'])).toEqual(before);
      const fresh = await manager.exec(id, { command: ['python3', 'probe.py'], env });
      const [how, ...seen] = lines(warm.stdout);
      expect(how).toBe('-c');
      expect(seen).toEqual(lines(fresh.stdout).slice(1));
      expect(seen[0]).toBe('from-pythonpath');
      expect(seen[2]).toMatch(/^-?\d+ 0 /);
      const [plainHow, ...plainSeen] = lines(plain.stdout);
      expect(plainHow).toBe('-c');
      expect(plainSeen[0]).toBe('no ppmod');
      expect(plainSeen[2]).toMatch(/^-?\d+ 1 /); // the plain runner's hash randomization
    });

    it('runs python with a PYTHON* name a fork cannot repeat (PYTHONPROFILEIMPORTTIME) as a fresh interpreter', async () => {
      const id = await sessionWithProbe({});
      const r = await manager.executeCode(id, {
        language: 'python',
        code: PROBE,
        env: { PYTHONPROFILEIMPORTTIME: '1' },
      });
      expect(r.exitCode).toBe(0);
      expect(lines(r.stdout)[0]).toMatch(/^run-\d+\.py$/);
      expect(r.stderr).toContain('import time:'); // printed while the fresh interpreter started
    });

    it("starts a pooled session's runner for its env beside it: its first python run is already warm", async () => {
      const image = manager.options.images.default as string;
      const counted2 = countingDriver(raw);
      const pooled = new SessionManager(counted2.driver, {
        ...managerOptions,
        labels: { 'test.run': runLabel },
        warmPool: { [image]: 1 },
      });
      try {
        await pooled.warmUp();
        const s = await pooled.createSession({ agentType: 'python', env: { PYTHONHASHSEED: '0', LC_ALL: 'C' } });
        expect(s.fromWarmPool).toBe(true);
        const execStreams = () => counted2.calls.get(`execStream ${s.containerId}`) ?? 0; // not the pool's refill
        const before = execStreams(); // the runner for this env started with the session
        const r = await pooled.executeCode(s.id, { language: 'python', code: PROBE });
        expect(execStreams()).toBe(before);
        const [how, , , flags, locale] = lines(r.stdout);
        expect([how, flags?.split(' ').slice(1).join(' '), locale]).toEqual(['-c', '0 1 False', 'C utf-8 utf-8']);
      } finally {
        await pooled.dispose();
      }
    });

    it('keeps at most maxStartupEnvRunners runners with a startup env per container, closing the least recently used', async () => {
      const { containerId } = await manager.createSession({ agentType: 'python' });
      const runners = new CodeRunners({ driver: raw, maxStartupEnvRunners: 2 });
      try {
        const seed = (n: number) => ({ PYTHONHASHSEED: String(n) });
        const one = await runners.acquire(containerId, seed(1));
        const two = await runners.acquire(containerId, seed(2));
        expect(await runners.acquire(containerId, seed(1))).toBe(one); // one is now used more recently than two
        const three = await runners.acquire(containerId, seed(3));
        expect([one, two, three].map((r) => r?.closed)).toEqual([false, true, false]);
        expect(runners.running(containerId)).toBe(2);
        expect(await runners.acquire(containerId, seed(3))).toBe(three);
        expect(three?.startupEnv).toEqual(seed(3));
      } finally {
        await runners.closeAll();
      }
    });
  });
}
