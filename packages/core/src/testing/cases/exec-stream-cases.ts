import type { OutputChunk } from '../../contract/index.js';
import { ContainerConflictError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { collect } from '../helpers/collect.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

const text = (chunks: readonly OutputChunk[], stream: OutputChunk['stream']): string => {
  const decoder = new TextDecoder();
  return chunks
    .filter((c) => c.stream === stream)
    .map((c) => decoder.decode(c.data))
    .join('');
};

/** execStream: stdin round trip, streams, exit codes, kill, replay to late subscribers. */
export function execStreamCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const running = async (): Promise<string> => (await ctx.run(['sleep', '60'])).id;

  describeWith(ctx, 'execStream', ['exec'], () => {
    it(
      'echoes what is written to cat through output$, and exit resolves with code 0',
      async () => {
        const id = await running();
        const handle = driver.execStream(id, { command: ['cat'] });
        const output = collect(handle.output$);
        await handle.write('hello');
        await handle.end();
        const result = await handle.exit;
        expect(result).toMatchObject({ exitCode: 0, stdout: 'hello', timedOut: false });
        const chunks = await output;
        expect(text(chunks, 'stdout')).toBe('hello');
        for (const chunk of chunks) expect(chunk.data).toBeInstanceOf(Uint8Array);
      },
      timeoutMs,
    );

    it(
      'separates stdout and stderr chunks',
      async () => {
        const id = await running();
        const handle = driver.execStream(id, { command: ['sh', '-c', 'echo out; echo err >&2'] });
        const chunks = await collect(handle.output$);
        expect(text(chunks, 'stdout')).toBe('out\n');
        expect(text(chunks, 'stderr')).toBe('err\n');
        expect(await handle.exit).toMatchObject({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
      },
      timeoutMs,
    );

    it(
      'resolves exit with the exit code',
      async () => {
        const id = await running();
        expect((await driver.execStream(id, { command: ['sh', '-c', 'exit 4'] }).exit).exitCode).toBe(4);
      },
      timeoutMs,
    );

    it(
      'replays the whole output to a subscriber that comes after the exit, then completes',
      async () => {
        const id = await running();
        const handle = driver.execStream(id, { command: ['seq', '1', '3'] });
        await handle.exit;
        expect(text(await collect(handle.output$), 'stdout')).toBe('1\n2\n3\n');
      },
      timeoutMs,
    );

    it(
      'ends a long command on kill()',
      async () => {
        const id = await running();
        const handle = driver.execStream(id, { command: ['sleep', '60'] });
        const output = collect(handle.output$);
        await handle.kill();
        const result = await handle.exit;
        expect(result.exitCode).not.toBe(0);
        await output;
        expect((await driver.getContainer(id))?.state).toBe('running');
      },
      timeoutMs,
    );

    it(
      'fails with ContainerConflictError on an exited container',
      async () => {
        const id = await running();
        await driver.stopContainer(id, { timeoutMs: 500 });
        await expectError(() => driver.execStream(id, { command: ['true'] }).exit, ContainerConflictError);
      },
      timeoutMs,
    );
  });
}
