import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { eventually } from '../helpers/eventually.js';
import { expect, it } from '../runner/index.js';

const utf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/**
 * `spec.workingDir` beyond the main process: exec without its own `workingDir` runs there, and relative
 * `getFile`/`putFiles` paths resolve against it.
 */
export function workdirCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;

  describeWith(ctx, 'container working directory seen by exec', ['exec', 'isolation'], () => {
    it(
      'runs exec without its own workingDir in spec.workingDir, as pwd shows',
      async () => {
        const c = await ctx.run(['sleep', '60'], { workingDir: '/tmp' });
        expect((await driver.exec(c.id, { command: ['pwd'] })).stdout).toBe('/tmp\n');
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'container working directory seen by files', ['exec', 'files'], () => {
    it(
      'lands a relative path written by exec without workingDir in spec.workingDir',
      async () => {
        const dir = ctx.path('exec-wd');
        const c = await ctx.run(['sleep', '60'], { workingDir: dir });
        const result = await driver.exec(c.id, { command: ['sh', '-c', 'echo from-exec > exec-rel.txt'] });
        expect(result.exitCode).toBe(0);
        expect(utf8(await driver.getFile(c.id, `${dir}/exec-rel.txt`))).toBe('from-exec\n');
      },
      timeoutMs,
    );

    it(
      'resolves a relative getFile path against spec.workingDir',
      async () => {
        const dir = ctx.path('getfile-wd');
        const c = await ctx.run(['sh', '-c', 'echo main-wrote > main-rel.txt; sleep 60'], { workingDir: dir });
        await eventually(async () => expect(utf8(await driver.getFile(c.id, 'main-rel.txt'))).toBe('main-wrote\n'));
      },
      timeoutMs,
    );

    it(
      'resolves a relative putFiles path against spec.workingDir',
      async () => {
        const dir = ctx.path('putfiles-wd');
        const c = await ctx.run(['sleep', '60'], { workingDir: dir });
        await driver.putFiles(c.id, [{ path: 'put-rel.txt', content: 'put relative' }]);
        expect(utf8(await driver.getFile(c.id, `${dir}/put-rel.txt`))).toBe('put relative');
        expect((await driver.exec(c.id, { command: ['cat', 'put-rel.txt'], workingDir: dir })).stdout).toBe(
          'put relative',
        );
      },
      timeoutMs,
    );
  });
}
