import { ContainerConflictError, ValidationError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

/** exec: exit codes, stdout/stderr, env, workingDir, stdin, timeouts, state conflicts, validation. */
export function execCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const running = async (extra = {}): Promise<string> => (await ctx.run(['sleep', '60'], extra)).id;

  describeWith(ctx, 'exec', ['exec'], () => {
    it(
      'returns the exit code of the command',
      async () => {
        const id = await running();
        expect((await driver.exec(id, { command: ['true'] })).exitCode).toBe(0);
        expect((await driver.exec(id, { command: ['false'] })).exitCode).toBe(1);
        expect((await driver.exec(id, { command: ['sh', '-c', 'exit 3'] })).exitCode).toBe(3);
      },
      timeoutMs,
    );

    it(
      'captures stdout',
      async () => {
        const id = await running();
        const result = await driver.exec(id, { command: ['echo', 'hello', 'world'] });
        expect(result).toMatchObject({ exitCode: 0, stdout: 'hello world\n', stderr: '', timedOut: false });
        expect(Number.isFinite(result.durationMs)).toBe(true);
        expect(result.durationMs).toBeGreaterThanOrEqual(0);
      },
      timeoutMs,
    );

    it(
      'captures stderr separately',
      async () => {
        const id = await running();
        const result = await driver.exec(id, { command: ['sh', '-c', 'echo out; echo oops >&2; exit 2'] });
        expect(result).toMatchObject({ exitCode: 2, stdout: 'out\n', stderr: 'oops\n' });
      },
      timeoutMs,
    );

    it(
      'passes env to the command',
      async () => {
        const id = await running();
        const result = await driver.exec(id, {
          command: ['printenv', 'CONFORMANCE_VAR'],
          env: { CONFORMANCE_VAR: 'v1' },
        });
        expect(result.stdout).toBe('v1\n');
      },
      timeoutMs,
    );

    it(
      'inherits the container env',
      async () => {
        const id = await running({ env: { CONTAINER_VAR: 'from-spec' } });
        expect((await driver.exec(id, { command: ['printenv', 'CONTAINER_VAR'] })).stdout).toBe('from-spec\n');
      },
      timeoutMs,
    );

    it(
      'lets exec env override the container env of the same name',
      async () => {
        const id = await running({ env: { SHARED_VAR: 'from-container' } });
        const result = await driver.exec(id, { command: ['printenv', 'SHARED_VAR'], env: { SHARED_VAR: 'from-exec' } });
        expect(result.stdout).toBe('from-exec\n');
      },
      timeoutMs,
    );

    it(
      'feeds stdin and closes it',
      async () => {
        const id = await running();
        const result = await driver.exec(id, { command: ['cat'], stdin: 'from stdin' });
        expect(result).toMatchObject({ exitCode: 0, stdout: 'from stdin' });
      },
      timeoutMs,
    );

    it(
      'reports timedOut: true after timeoutMs, and the container stays usable',
      async () => {
        const id = await running();
        const result = await driver.exec(id, { command: ['sleep', '60'], timeoutMs: 300 });
        expect(result.timedOut).toBe(true);
        expect(result.exitCode).not.toBe(0);
        expect((await driver.exec(id, { command: ['echo', 'still here'] })).stdout).toBe('still here\n');
        expect((await driver.getContainer(id))?.state).toBe('running');
      },
      timeoutMs,
    );

    it(
      'runs concurrent commands independently',
      async () => {
        const id = await running();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => driver.exec(id, { command: ['sh', '-c', `echo ${i}; exit ${i}`] })),
        );
        for (const [i, r] of results.entries()) expect(r).toMatchObject({ exitCode: i, stdout: `${i}\n` });
      },
      timeoutMs,
    );

    it(
      'throws ContainerConflictError on an exited container',
      async () => {
        const id = await running();
        await driver.stopContainer(id, { timeoutMs: 500 });
        await expectError(() => driver.exec(id, { command: ['true'] }), ContainerConflictError);
      },
      timeoutMs,
    );

    it(
      'throws ContainerConflictError on a container that never started',
      async () => {
        const c = await ctx.create(['sleep', '60']);
        await expectError(() => driver.exec(c.id, { command: ['true'] }), ContainerConflictError);
      },
      timeoutMs,
    );

    it(
      'throws ValidationError for an empty command',
      async () => {
        const id = await running();
        const err = await expectError(() => driver.exec(id, { command: [] }), ValidationError);
        expect(err.issues.map((i) => i.path)).toContain('command');
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'exec with an isolated filesystem', ['exec', 'isolation'], () => {
    it(
      'runs in workingDir, as pwd shows',
      async () => {
        const id = await running();
        expect((await driver.exec(id, { command: ['pwd'], workingDir: '/tmp' })).stdout).toBe('/tmp\n');
      },
      timeoutMs,
    );
  });
}
