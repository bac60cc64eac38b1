import { BERTH_LABELS, type ContainerDriver, SessionNotFoundError, ValidationError } from '@berth/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { first, firstValueFrom, toArray } from 'rxjs';
import { SessionDeadError } from '../errors/index.js';
import { SessionManager } from '../manager/index.js';
import type { SessionManagerOptions } from '../options/index.js';

/** Options of {@link runSessionScenarios}. */
export interface SessionScenarioOptions {
  /** Manager options for the driver (images, labels …). */
  managerOptions?: SessionManagerOptions;
  /** Image to pool in the warm-pool scenario. */
  poolImage: string;
}

/**
 * The behaviour every driver must give the session manager, against real interpreters: python,
 * javascript, typescript and bash runs, timeouts, contexts, files, serialisation, dead containers and
 * clean-up. Used by the local and Docker integration suites.
 */
export function runSessionScenarios(
  name: string,
  makeDriver: () => ContainerDriver,
  options: SessionScenarioOptions,
): void {
  jest.setTimeout(120_000); // real engines on shared CI cores
  describe(`${SessionManager.name} on ${name}`, () => {
    let driver: ContainerDriver;
    let manager: SessionManager;
    const runLabel = `sm-${Date.now().toString(36)}`;

    beforeAll(() => {
      driver = makeDriver();
      manager = new SessionManager(driver, {
        ...options.managerOptions,
        labels: { 'test.run': runLabel },
        codeTimeoutMs: 30_000,
      });
    });

    afterAll(async () => {
      await manager?.dispose();
      const left = await driver.listContainers({ labels: { 'test.run': runLabel } });
      await Promise.all(left.map((c) => driver.removeContainer(c.id, { force: true }).catch(() => undefined)));
      await driver?.dispose();
    });

    describe('.createSession', () => {
      it('returns a ready session whose container carries the berth labels', async () => {
        const s = await manager.createSession({ agentType: 'python' });
        try {
          expect(s.status).toBe('ready');
          const c = await driver.getContainer(s.containerId);
          expect(c?.state).toBe('running');
          expect(c?.labels).toMatchObject({
            [BERTH_LABELS.managed]: 'true',
            [BERTH_LABELS.session]: s.id,
            [BERTH_LABELS.owner]: manager.ownerId,
            [BERTH_LABELS.expires]: s.expiresAt.toISOString(),
            'berth.agentType': 'python',
            'berth.pool': 'false',
          });
        } finally {
          await manager.cleanupSession(s.id);
        }
      });
    });

    describe('.executeCode', () => {
      let id: string;
      beforeAll(async () => {
        id = (await manager.createSession({ agentType: 'python', env: { SESSION_VAR: 'from-session' } })).id;
      });
      afterAll(async () => {
        await manager.cleanupSession(id).catch(() => undefined);
      });

      it('runs python', async () => {
        const r = await manager.executeCode(id, {
          language: 'python',
          code: 'import os\nprint(6 * 7, os.environ["SESSION_VAR"])',
        });
        expect(r).toMatchObject({ exitCode: 0, stdout: '42 from-session\n', timedOut: false });
      });

      it('runs javascript', async () => {
        const r = await manager.executeCode(id, {
          language: 'javascript',
          code: 'console.log([1, 2, 3].map((x) => x * 2).join(","))',
        });
        expect(r).toMatchObject({ exitCode: 0, stdout: '2,4,6\n' });
      });

      it('runs typescript transpiled on the host', async () => {
        const code = 'interface P { n: number }\nconst p: P = { n: 21 };\nconsole.log(p.n * 2);';
        const r = await manager.executeCode(id, { language: 'typescript', code });
        expect(r).toMatchObject({ exitCode: 0, stdout: '42\n' });
      });

      it('runs bash with stdin and per-run env', async () => {
        const r = await manager.executeCode(id, {
          language: 'bash',
          code: 'read line\necho "$line $RUN_VAR"\necho oops >&2\nexit 3',
          stdin: 'hello\n',
          env: { RUN_VAR: 'run' },
        });
        expect(r).toMatchObject({ exitCode: 3, stdout: 'hello run\n', stderr: 'oops\n' });
      });

      it("gives the seed's output: stdout and stderr together, as written, in the order they came", async () => {
        const r = await manager.executeCode(id, {
          language: 'bash',
          code: 'echo a\nsleep 0.2\necho b >&2\nsleep 0.2\nprintf c',
          timeout: 30_000,
        });
        expect(r).toMatchObject({ exitCode: 0, stdout: 'a\nc', stderr: 'b\n', output: 'a\nb\nc' });
      });

      it('never splices code into a shell command', async () => {
        const r = await manager.executeCode(id, { language: 'python', code: "print('$(echo no)' + \"'\" + '`x`')" });
        expect(r.stdout).toBe("$(echo no)'`x`\n");
      });

      it('kills a run that times out and keeps the session usable', async () => {
        const r = await manager.executeCode(id, { language: 'python', code: 'while True: pass', timeoutMs: 1000 });
        expect(r.timedOut).toBe(true);
        const next = await manager.executeCode(id, { language: 'python', code: 'print("still here")' });
        expect(next).toMatchObject({ exitCode: 0, stdout: 'still here\n' });
      });

      it('serialises runs of one session', async () => {
        const code = 'import time\nprint(time.time())\ntime.sleep(0.3)\nprint(time.time())';
        const [a, b] = await Promise.all([
          manager.executeCode(id, { language: 'python', code }),
          manager.executeCode(id, { language: 'python', code }),
        ]);
        const [, aEnd] = a.stdout.trim().split('\n').map(Number);
        const [bStart] = b.stdout.trim().split('\n').map(Number);
        expect(bStart).toBeGreaterThanOrEqual(aEnd ?? Number.POSITIVE_INFINITY);
      });

      it('throws ValidationError for an unknown language', async () => {
        await expect(manager.executeCode(id, { language: 'cobol' as 'python', code: '' })).rejects.toBeInstanceOf(
          ValidationError,
        );
      });
    });

    describe('parallel sessions', () => {
      it('runs code of two sessions at the same time', async () => {
        const [s1, s2] = await Promise.all([
          manager.createSession({ agentType: 'python' }),
          manager.createSession({ agentType: 'python' }),
        ]);
        try {
          const code = 'import time\nprint(time.time())\ntime.sleep(1.5)\nprint(time.time())';
          const [a, b] = await Promise.all([
            manager.executeCode(s1.id, { language: 'python', code }),
            manager.executeCode(s2.id, { language: 'python', code }),
          ]);
          const [aStart, aEnd] = a.stdout.trim().split('\n').map(Number);
          const [bStart, bEnd] = b.stdout.trim().split('\n').map(Number);
          // the intervals intersect: each started before the other ended
          expect(bStart).toBeLessThan(aEnd ?? 0);
          expect(aStart).toBeLessThan(bEnd ?? 0);
        } finally {
          await Promise.all([manager.cleanupSession(s1.id), manager.cleanupSession(s2.id)]);
        }
      });
    });

    describe('contexts', () => {
      let id: string;
      beforeAll(async () => {
        id = (await manager.createSession({ agentType: 'python' })).id;
      });
      afterAll(async () => {
        await manager.cleanupSession(id).catch(() => undefined);
      });

      it('keeps python variables between runs', async () => {
        const ctx = await manager.createContext(id, 'python');
        await manager.runInContext(ctx.id, 'x = 41\nimport sys');
        const r = await manager.runInContext(ctx.id, 'print(x + 1)\nsys.stderr.write("e\\n")\nx * 2');
        expect(r).toMatchObject({ exitCode: 0, stdout: '42\n', text: '82', stderr: 'e\n', timedOut: false });
        const err = await manager.runInContext(ctx.id, 'raise ValueError("bad")');
        expect(err.exitCode).toBe(1);
        expect(err.stderr).toContain('ValueError: bad');
        await manager.closeContext(ctx.id);
      });

      it('keeps javascript variables between runs', async () => {
        const ctx = await manager.createContext(id, 'javascript');
        await manager.runInContext(ctx.id, 'var total = 40; const inc = (n) => n + 1;');
        const r = await manager.runInContext(ctx.id, 'console.log(inc(total) + 1)');
        expect(r).toMatchObject({ exitCode: 0, stdout: '42\n' });
        await manager.closeContext(ctx.id);
      });

      it('answers the next run after a run that timed out', async () => {
        const ctx = await manager.createContext(id, 'python');
        const r = await manager.runInContext(ctx.id, 'while True: pass', { timeoutMs: 1000 });
        expect(r.timedOut).toBe(true);
        const next = await manager.runInContext(ctx.id, 'print("fresh")');
        expect(next).toMatchObject({ exitCode: 0, stdout: 'fresh\n' });
        await manager.closeContext(ctx.id);
      });
    });

    describe('files and logs', () => {
      it('uploads a file that code reads, downloads what code wrote, and logs run output', async () => {
        const s = await manager.createSession({ agentType: 'python' });
        const lines = firstValueFrom(manager.logs$(s.id).pipe(toArray()));
        try {
          await manager.uploadFiles(s.id, [{ path: 'data/in.txt', content: 'abc' }]);
          const r = await manager.executeCode(s.id, {
            language: 'python',
            code: 'data = open("data/in.txt").read()\nopen("out.txt", "w").write(data.upper())\nprint("wrote", len(data))',
          });
          expect(r.stdout).toBe('wrote 3\n');
          expect(new TextDecoder().decode(await manager.downloadFile(s.id, 'out.txt'))).toBe('ABC');
        } finally {
          await manager.cleanupSession(s.id);
        }
        expect((await lines).map((l) => l.text)).toContain('wrote 3');
      });

      it("streams a run's output lines to logs$ while it is still running", async () => {
        const s = await manager.createSession({ agentType: 'python' });
        try {
          const started = firstValueFrom(manager.logs$(s.id).pipe(first((l) => l.text === 'waiting for go.flag')));
          const code = [
            'import os, time',
            'print("waiting for go.flag", flush=True)',
            'while not os.path.exists("go.flag"):',
            '    time.sleep(0.02)',
            'print("released")',
          ].join('\n');
          let settled = false;
          const run = manager.executeCode(s.id, { language: 'python', code }).finally(() => {
            settled = true;
          });
          expect(await started).toMatchObject({ stream: 'stdout' });
          expect(settled).toBe(false);
          await manager.uploadFiles(s.id, [{ path: 'go.flag', content: '' }]);
          expect(await run).toMatchObject({ exitCode: 0, stdout: 'waiting for go.flag\nreleased\n', timedOut: false });
        } finally {
          await manager.cleanupSession(s.id);
        }
      });

      it('streams lines of exec (python3 -u) to logs$ before the command exits', async () => {
        const s = await manager.createSession({ agentType: 'python' });
        try {
          const started = firstValueFrom(manager.logs$(s.id).pipe(first((l) => l.text === 'exec up')));
          const code = 'import os, time\nprint("exec up")\nwhile not os.path.exists("go2.flag"): time.sleep(0.02)';
          const run = manager.exec(s.id, { command: ['python3', '-u', '-c', code] });
          await started;
          await manager.uploadFiles(s.id, [{ path: 'go2.flag', content: '' }]);
          expect(await run).toMatchObject({ exitCode: 0, stdout: 'exec up\n' });
        } finally {
          await manager.cleanupSession(s.id);
        }
      });
    });

    describe('.cleanupSession', () => {
      it('removes the container and forgets the session', async () => {
        const s = await manager.createSession({ agentType: 'bash' });
        await manager.cleanupSession(s.id);
        const c = await driver.getContainer(s.containerId);
        expect(c === null || c.state === 'removed').toBe(true);
        await expect(manager.getSession(s.id)).rejects.toBeInstanceOf(SessionNotFoundError);
        await expect(manager.executeCode(s.id, { language: 'bash', code: 'true' })).rejects.toBeInstanceOf(
          SessionNotFoundError,
        );
      });
    });

    describe('when the container dies', () => {
      it('marks the session dead and throws SessionDeadError', async () => {
        const s = await manager.createSession({ agentType: 'bash' });
        try {
          await driver.removeContainer(s.containerId, { force: true });
          await expect(manager.executeCode(s.id, { language: 'bash', code: 'echo hi' })).rejects.toBeInstanceOf(
            SessionDeadError,
          );
          expect((await manager.getSession(s.id)).status).toBe('dead');
          await expect(manager.executeCode(s.id, { language: 'bash', code: 'echo hi' })).rejects.toMatchObject({
            code: 'BERTH_SESSION_DEAD',
          });
        } finally {
          await manager.cleanupSession(s.id);
        }
      });
    });

    describe('warm pool', () => {
      let pooled: SessionManager;
      afterEach(async () => {
        await pooled?.dispose();
      });

      it('hands out a pre-started container and refills the pool', async () => {
        pooled = new SessionManager(driver, {
          ...options.managerOptions,
          labels: { 'test.run': runLabel },
          images: { default: options.poolImage },
          warmPool: { [options.poolImage]: 1 },
        });
        await pooled.warmUp();
        expect(pooled.warmPoolAvailable(options.poolImage)).toBe(1);
        const s = await pooled.createSession({ agentType: 'python' });
        expect(s.fromWarmPool).toBe(true);
        const c = await driver.getContainer(s.containerId);
        expect(c?.labels).toMatchObject({ [BERTH_LABELS.session]: s.id, 'berth.pool': 'true' });
        const r = await pooled.executeCode(s.id, { language: 'python', code: 'print("warm")' });
        expect(r.stdout).toBe('warm\n');
        await pooled.warmUp();
        expect(pooled.warmPoolAvailable(options.poolImage)).toBe(1);
      });
    });
  });
}
