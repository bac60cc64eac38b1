import type { ContainerDriver } from '@berth/core';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import { SessionDeadError } from '../errors/index.js';
import type { SessionManager } from '../manager/index.js';
import type { SessionManagerOptions } from '../options/index.js';
import { useScenarioManager } from './scenario-manager.js';

/**
 * Code that ends a context's interpreter, on a real driver: bash `exit` (with a status, bare, and through `set -e`),
 * Python `os._exit` and Node `process.exit` end the run as a shell session ends — a result with the exit status,
 * the output before it and `interpreterExited: true`, then a fresh interpreter (state gone) for the next run — while
 * Python's `sys.exit` keeps the state, and an interpreter ended by its container's removal rejects with
 * `SessionDeadError`. Used by the local and Docker integration suites.
 */
export function runContextExitScenarios(
  name: string,
  makeDriver: () => ContainerDriver,
  managerOptions: SessionManagerOptions = {},
): void {
  jest.setTimeout(120_000); // real engines on shared CI cores
  describe(`context interpreters that exit, on ${name}`, () => {
    let driver: ContainerDriver;
    let manager: SessionManager;
    let sessionId: string;
    const fixture = useScenarioManager({ runPrefix: 'ctx-exit', makeDriver, managerOptions });

    beforeAll(async () => {
      driver = fixture.driver;
      manager = fixture.manager;
      sessionId = (await manager.createSession({ agentType: 'python' })).id;
    });

    it('answers `exit 3` in a bash run with exit code 3 and its output, as a shell session ends; the next run gets a fresh shell', async () => {
      const ctx = await manager.createContext(sessionId, 'bash');
      const shell = (await manager.runInContext(ctx.id, 'GONE=1; echo $$')).stdout;
      const r = await manager.runInContext(ctx.id, 'echo bye; echo err >&2; exit 3');
      expect(r).toMatchObject({
        exitCode: 3,
        stdout: 'bye\n',
        stderr: 'err\n',
        timedOut: false,
        interpreterExited: true,
      });
      const next = await manager.runInContext(ctx.id, 'echo "[$GONE]"; echo $$');
      expect(next).toMatchObject({ exitCode: 0, timedOut: false });
      expect(next.interpreterExited).toBeUndefined();
      const [gone, pid] = next.stdout.split('\n');
      expect(gone).toBe('[]');
      expect(pid).not.toBe(shell.trim());
      expect((await manager.getSession(sessionId)).status).toBe('ready');
      await manager.closeContext(ctx.id);
    });

    it('answers a bare `exit` with the last status, and `set -e` with the failing status, each with a fresh shell after', async () => {
      const ctx = await manager.createContext(sessionId, 'bash');
      expect(await manager.runInContext(ctx.id, 'false; exit')).toMatchObject({ exitCode: 1, interpreterExited: true });
      await manager.runInContext(ctx.id, 'set -e; KEPT=1'); // set -e stays on, and the shell's own steps survive it
      expect(await manager.runInContext(ctx.id, 'echo "$KEPT"')).toMatchObject({ exitCode: 0, stdout: '1\n' });
      const failed = await manager.runInContext(ctx.id, 'echo before; (exit 5); echo never');
      expect(failed).toMatchObject({ exitCode: 5, stdout: 'before\n', interpreterExited: true });
      expect(await manager.runInContext(ctx.id, 'echo "[$KEPT]"; false; echo on')).toMatchObject({
        exitCode: 0,
        stdout: '[]\non\n',
      });
      await manager.closeContext(ctx.id);
    });

    it('answers sys.exit(n) with exit code n, the state kept; os._exit(n) with exit code n and a fresh interpreter', async () => {
      const ctx = await manager.createContext(sessionId, 'python');
      await manager.runInContext(ctx.id, 'import os, sys\nkept = 1');
      const soft = await manager.runInContext(ctx.id, 'print("a")\nsys.exit(4)');
      expect(soft).toMatchObject({ exitCode: 4, stdout: 'a\n', timedOut: false });
      expect(soft.interpreterExited).toBeUndefined();
      expect(await manager.runInContext(ctx.id, 'sys.exit("bye")')).toMatchObject({ exitCode: 1, stderr: 'bye\n' });
      expect((await manager.runInContext(ctx.id, 'kept')).text).toBe('1');
      const hard = await manager.runInContext(ctx.id, 'print("b")\nos._exit(3)');
      expect(hard).toMatchObject({ exitCode: 3, stdout: 'b\n', timedOut: false, interpreterExited: true });
      expect((await manager.runInContext(ctx.id, 'kept')).error?.name).toBe('NameError');
      await manager.closeContext(ctx.id);
    });

    it('answers process.exit(3) with exit code 3 and its output; the next run gets a fresh interpreter', async () => {
      const ctx = await manager.createContext(sessionId, 'javascript');
      await manager.runInContext(ctx.id, 'var kept = 1');
      const r = await manager.runInContext(ctx.id, 'console.log("bye"); process.exit(3)');
      expect(r).toMatchObject({ exitCode: 3, stdout: 'bye\n', timedOut: false, interpreterExited: true });
      expect((await manager.runInContext(ctx.id, 'typeof kept')).text).toBe("'undefined'");
      await manager.closeContext(ctx.id);
    });

    it('answers an interpreter killed by a signal in a running container (kill -9 of itself) with exit code 137', async () => {
      const ctx = await manager.createContext(sessionId, 'python');
      await manager.runInContext(ctx.id, 'kept = 1');
      const r = await manager.runInContext(
        ctx.id,
        'import os, signal\nprint("x")\nos.kill(os.getpid(), signal.SIGKILL)',
      );
      expect(r).toMatchObject({ exitCode: 137, stdout: 'x\n', timedOut: false, interpreterExited: true });
      expect((await manager.runInContext(ctx.id, 'kept')).error?.name).toBe('NameError');
      await manager.closeContext(ctx.id);
    });

    it('rejects with SessionDeadError, not an exit code, when the shell ends because its container is gone', async () => {
      const own = await manager.createSession({ agentType: 'python' });
      const ctx = await manager.createContext(own.id, 'bash');
      let started: () => void = () => undefined;
      const seen = new Promise<void>((resolve) => {
        started = resolve;
      });
      const running = manager.runInContext(ctx.id, 'echo started; sleep 60', { onStdout: () => started() });
      await seen;
      const outcome = expect(running).rejects.toBeInstanceOf(SessionDeadError); // it may settle during the removal
      await driver.removeContainer(own.containerId, { force: true });
      await outcome;
    });
  });
}
