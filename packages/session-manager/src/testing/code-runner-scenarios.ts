import type { ContainerDriver, ExecResult, OutputChunk } from '@berth/core';
import { DriverUnavailableError } from '@berth/core';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { SessionManager } from '../manager/index.js';
import type { SessionManagerOptions } from '../options/index.js';
import { CodeRunner } from '../runner/code-runner.js';
import { CodeRunners } from '../runner/code-runners.js';
import type { RunnerRequest } from '../runner/runner-protocol.js';
import { type CountingDriver, countingDriver } from './counting-driver.js';
import { useScenarioManager } from './scenario-manager.js';
import { collectStreamedOutput } from './streamed-output.js';

const python = (code: string, timeoutMs = 30_000, path = 'runner-test.py'): RunnerRequest => ({
  path,
  content: code,
  mode: 0o644,
  command: ['python3', path],
  env: {},
  stdin: undefined,
  timeoutMs,
});

/**
 * The code runner on a real driver: `executeCode` through it (no Engine call per run), a timeout killing the
 * run's whole process tree, large output in bounded frames, a runner dying mid-run (typed error, the next run
 * on a new runner), concurrent runs, and the fall back where no runner can start. Used by the local and Docker suites.
 */
export function runCodeRunnerScenarios(
  name: string,
  makeDriver: () => ContainerDriver,
  managerOptions: SessionManagerOptions = {},
): void {
  jest.setTimeout(120_000); // real engines on shared CI cores
  describe(`code runner on ${name}`, () => {
    let raw: ContainerDriver;
    let counted: CountingDriver;
    let manager: SessionManager;
    let sessionId: string;
    let containerId: string;
    const fixture = useScenarioManager({
      runPrefix: 'runner',
      makeDriver,
      managerOptions,
      wrap: (driver) => {
        counted = countingDriver(driver);
        return counted.driver;
      },
    });

    beforeAll(async () => {
      raw = fixture.driver;
      manager = fixture.manager;
      const s = await manager.createSession({ agentType: 'python', env: { FROM_SESSION: 's' } });
      sessionId = s.id;
      containerId = s.containerId;
    });

    it('runs executeCode through the runner: no putFiles and no exec per run, same results', async () => {
      await manager.executeCode(sessionId, { language: 'python', code: 'print(0)' }); // the runner is up
      const before = new Map(counted.calls);
      const r = await manager.executeCode(sessionId, {
        language: 'python',
        code: 'import os, sys\nprint(input(), os.environ["FROM_SESSION"], os.environ["RUN"])\nsys.stderr.write("e")',
        env: { RUN: 'r' },
        stdin: 'in\n',
      });
      expect(r).toMatchObject({ exitCode: 0, stdout: 'in s r\n', stderr: 'e', timedOut: false });
      expect(['in s r\ne', 'ein s r\n']).toContain(r.output); // two pipes: no order between them at exit
      const js = await manager.executeCode(sessionId, { language: 'javascript', code: 'process.exit(3)' });
      expect(js.exitCode).toBe(3);
      for (const op of ['putFiles', 'execStream', 'exec']) {
        expect(`${op}: ${counted.calls.get(op) ?? 0}`).toBe(`${op}: ${before.get(op) ?? 0}`);
      }
    });

    it('hands executeCode output to onStdout/onStderr while the run is still going', async () => {
      await manager.exec(sessionId, { command: ['rm', '-f', 'go-cb'] });
      const output = collectStreamedOutput({ stdout: 'first\n', stderr: 'warn\n' });
      const running = manager.executeCode(sessionId, {
        language: 'python',
        code: 'import os, sys, time\nprint("first", flush=True)\nsys.stderr.write("warn\\n")\nsys.stderr.flush()\nwhile not os.path.exists("go-cb"):\n    time.sleep(0.02)\nprint("second")',
        ...output.callbacks,
      });
      await output.firstSeen; // the run goes on only once the test uploads go-cb, below
      await manager.uploadFiles(sessionId, [{ path: 'go-cb', content: '' }]);
      const r = await running;
      expect(r).toMatchObject({ exitCode: 0, stdout: 'first\nsecond\n', stderr: 'warn\n' });
      expect([output.stdout(), output.stderr()]).toEqual(['first\nsecond\n', 'warn\n']);
    });

    it("kills the run's whole process tree on timeout and the next run answers", async () => {
      const tag = `${Date.now() % 100_000}`;
      const r = await manager.executeCode(sessionId, {
        language: 'bash',
        code: `sh -c 'sleep 3${tag}1 & sleep 3${tag}2' & sleep 3${tag}3`,
        timeoutMs: 1000,
      });
      expect(r).toMatchObject({ timedOut: true, exitCode: 137 });
      const count = `import os\nn = 0\nfor p in os.listdir('/proc'):\n    try:\n        n += p.isdigit() and b'3${tag}' in open('/proc/%s/cmdline' % p, 'rb').read()\n    except OSError:\n        pass\nprint(n)`;
      let left = '';
      for (let i = 0; i < 20 && left !== '0\n'; i++) {
        left = (await manager.executeCode(sessionId, { language: 'python', code: count })).stdout;
        if (left !== '0\n') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(left).toBe('0\n');
    });

    it('carries large output whole, in frames of at most 64 KiB', async () => {
      const runner = new CodeRunner({ driver: raw, containerId });
      try {
        await runner.start();
        const handle = runner.run(
          python('import sys\nsys.stdout.write("x" * 3_000_000)\nsys.stderr.write("y" * 200_000)'),
        );
        const sizes: number[] = [];
        handle.output$.subscribe((c: OutputChunk) => sizes.push(c.data.length));
        const r = await handle.exit;
        expect(r.stdout.length).toBe(3_000_000);
        expect(r.stderr).toBe('y'.repeat(200_000));
        expect(Math.max(...sizes)).toBeLessThanOrEqual(65_536);
      } finally {
        await runner.close();
      }
    });

    it('fails a runner that writes outside its framing past the bound with DriverUnavailableError', async () => {
      const runner = new CodeRunner({
        driver: raw,
        containerId,
        maxPendingChars: 100_000,
        answerGraceMs: 60_000,
        command: (_script, delimiter) => [
          'sh',
          '-c',
          'printf "\\n%sready\\n" "$1"; read line; head -c 300000 /dev/zero | tr "\\0" x; sleep 60',
          'fake-runner',
          delimiter,
        ],
      });
      try {
        await runner.start();
        const err = await runner.run(python('print(1)')).exit.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DriverUnavailableError);
        expect((err as Error).message).toMatch(/outside its framing/);
        expect(runner.closed).toBe(true);
      } finally {
        await runner.close();
      }
    });

    it('fails the run with DriverUnavailableError when the runner dies mid-run, and the next run gets a new runner', async () => {
      const kill =
        'import os, signal, time\nprint("before", flush=True)\nos.kill(os.getppid(), signal.SIGKILL)\ntime.sleep(30)';
      const err = await manager.executeCode(sessionId, { language: 'python', code: kill }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DriverUnavailableError);
      const next = await manager.executeCode(sessionId, { language: 'python', code: 'print("again")' });
      expect(next).toMatchObject({ exitCode: 0, stdout: 'again\n' });
      expect((await manager.getSession(sessionId)).status).toBe('ready');
    });

    it('answers concurrent runs of one runner each with its own output', async () => {
      const runner = new CodeRunner({ driver: raw, containerId });
      try {
        await runner.start();
        // `a` waits for the file `b` writes: it only finishes when the two really run at the same time.
        const wait =
          'import os, time\nwhile not os.path.exists("runner-go"):\n    time.sleep(0.02)\nos.remove("runner-go")\nprint("a")';
        const a = runner.run(python(wait, 20_000, 'runner-a.py')).exit;
        const b = runner.run(python('open("runner-go", "w").close()\nprint("b")', 20_000, 'runner-b.py')).exit;
        const results: ExecResult[] = await Promise.all([a, b]);
        expect(results.map((r) => [r.stdout, r.timedOut])).toEqual([
          ['a\n', false],
          ['b\n', false],
        ]);
      } finally {
        await runner.close();
      }
    });

    it('gives no runner where none can start (the exec path then runs the code) and does not retry', async () => {
      const runners = new CodeRunners({ driver: counted.driver, command: () => ['berth-no-such-runner'] });
      const starts = counted.calls.get('execStream') ?? 0;
      await expect(runners.acquire(containerId)).resolves.toBeUndefined();
      await expect(runners.acquire(containerId)).resolves.toBeUndefined();
      expect(counted.calls.get('execStream')).toBe(starts + 1);
      await runners.closeAll();
    });
  });
}
