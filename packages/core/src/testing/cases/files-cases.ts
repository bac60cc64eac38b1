import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerSecurityError, FileNotFoundError, ValidationError } from '../../errors/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { eventually } from '../helpers/eventually.js';
import { expectError } from '../helpers/expect-error.js';
import { expect, it } from '../runner/index.js';

const utf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Asserts two byte arrays are equal without printing a megabyte on failure. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  expect(actual.length).toBe(expected.length);
  const firstDiff = actual.findIndex((byte, i) => byte !== expected[i]);
  expect(firstDiff).toBe(-1);
}

/** putFiles / getFile: binary round trips, strings, nested paths, modes, missing files, exec visibility. */
export function filesCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  const running = async (): Promise<string> => (await ctx.run(['sleep', '60'])).id;

  describeWith(ctx, 'files', ['files'], () => {
    it(
      'round-trips all 256 byte values',
      async () => {
        const id = await running();
        const content = Uint8Array.from({ length: 256 }, (_, i) => i);
        const path = ctx.path('bytes.bin');
        await driver.putFiles(id, [{ path, content }]);
        expectSameBytes(await driver.getFile(id, path), content);
      },
      timeoutMs,
    );

    it(
      'round-trips about 1 MiB of random bytes',
      async () => {
        const id = await running();
        const content = new Uint8Array(randomBytes(1024 * 1024 + 17));
        const path = ctx.path('random.bin');
        await driver.putFiles(id, [{ path, content }]);
        expectSameBytes(await driver.getFile(id, path), content);
      },
      timeoutMs,
    );

    it(
      'writes string content as UTF-8',
      async () => {
        const id = await running();
        const path = ctx.path('text.txt');
        await driver.putFiles(id, [{ path, content: 'héllo ✓\nline 2\n' }]);
        expect(utf8(await driver.getFile(id, path))).toBe('héllo ✓\nline 2\n');
      },
      timeoutMs,
    );

    it(
      'creates missing parent directories',
      async () => {
        const id = await running();
        const path = ctx.path('deep/nested/dirs/file.txt');
        await driver.putFiles(id, [{ path, content: 'deep' }]);
        expect(utf8(await driver.getFile(id, path))).toBe('deep');
      },
      timeoutMs,
    );

    it(
      'writes several files in one call',
      async () => {
        const id = await running();
        const a = ctx.path('many/a.txt');
        const b = ctx.path('many/sub/b.txt');
        await driver.putFiles(id, [
          { path: a, content: 'A' },
          { path: b, content: 'B' },
        ]);
        expect(utf8(await driver.getFile(id, a))).toBe('A');
        expect(utf8(await driver.getFile(id, b))).toBe('B');
      },
      timeoutMs,
    );

    it(
      'accepts a mode',
      async () => {
        const id = await running();
        const path = ctx.path('script.sh');
        await driver.putFiles(id, [{ path, content: 'echo hi\n', mode: 0o755 }]);
        expect(utf8(await driver.getFile(id, path))).toBe('echo hi\n');
      },
      timeoutMs,
    );

    it(
      'refuses setuid, setgid and sticky modes with ValidationError, writing nothing',
      async () => {
        const id = await running();
        for (const mode of [0o4755, 0o2755, 0o1777]) {
          const path = ctx.path(`special-${mode.toString(8)}.sh`);
          await expectError(() => driver.putFiles(id, [{ path, content: 'echo hi\n', mode }]), ValidationError);
          await expectError(() => driver.getFile(id, path), FileNotFoundError);
        }
      },
      timeoutMs,
    );

    it(
      'replaces an existing file entirely',
      async () => {
        const id = await running();
        const path = ctx.path('replace.txt');
        await driver.putFiles(id, [{ path, content: 'a much longer first version' }]);
        await driver.putFiles(id, [{ path, content: 'short' }]);
        expect(utf8(await driver.getFile(id, path))).toBe('short');
      },
      timeoutMs,
    );

    it(
      'round-trips an empty file',
      async () => {
        const id = await running();
        const path = ctx.path('empty.txt');
        await driver.putFiles(id, [{ path, content: new Uint8Array(0) }]);
        expect((await driver.getFile(id, path)).length).toBe(0);
      },
      timeoutMs,
    );

    it(
      'throws FileNotFoundError for a missing path',
      async () => {
        const id = await running();
        await expectError(() => driver.getFile(id, ctx.path('does/not/exist.txt')), FileNotFoundError);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'files seen by exec', ['files', 'exec'], () => {
    it(
      'lets cat in workingDir read a file put with putFiles',
      async () => {
        const id = await running();
        await driver.putFiles(id, [{ path: ctx.path('shared/seen-by-cat.txt'), content: 'visible inside' }]);
        const result = await driver.exec(id, { command: ['cat', 'seen-by-cat.txt'], workingDir: ctx.path('shared') });
        expect(result.stdout).toBe('visible inside');
      },
      timeoutMs,
    );

    it(
      'lets getFile read a file a command wrote in workingDir',
      async () => {
        const id = await running();
        await driver.putFiles(id, [{ path: ctx.path('out/placeholder'), content: '' }]);
        const script = 'echo from-shell > written.txt';
        const result = await driver.exec(id, { command: ['sh', '-c', script], workingDir: ctx.path('out') });
        expect(result.exitCode).toBe(0);
        expect(utf8(await driver.getFile(id, ctx.path('out/written.txt')))).toBe('from-shell\n');
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'file modes and links seen by exec', ['files', 'exec'], () => {
    it(
      'applies the mode of putFiles, as stat -c %a and test -x show',
      async () => {
        const id = await running();
        const dir = ctx.path('modes');
        await driver.putFiles(id, [
          { path: `${dir}/run.sh`, content: 'echo hi\n', mode: 0o755 },
          { path: `${dir}/secret.txt`, content: 'shh', mode: 0o600 },
          { path: `${dir}/plain.txt`, content: 'plain' },
        ]);
        const stat = await driver.exec(id, {
          command: ['stat', '-c', '%a', 'run.sh', 'secret.txt', 'plain.txt'],
          workingDir: dir,
        });
        expect(stat.stdout).toBe('755\n600\n644\n');
        expect((await driver.exec(id, { command: ['test', '-x', 'run.sh'], workingDir: dir })).exitCode).toBe(0);
        expect((await driver.exec(id, { command: ['test', '-x', 'secret.txt'], workingDir: dir })).exitCode).toBe(1);
      },
      timeoutMs,
    );

    it(
      'refuses getFile of a link the container made to a host file',
      async () => {
        const hostDir = await mkdtemp(join(tmpdir(), 'berth-conformance-host-'));
        try {
          const hostFile = join(hostDir, 'host-secret.txt');
          await writeFile(hostFile, 'host secret');
          const id = await running();
          const dir = ctx.path('links');
          await driver.putFiles(id, [{ path: `${dir}/placeholder`, content: '' }]);
          const made = await driver.exec(id, { command: ['ln', '-s', hostFile, 'escape'], workingDir: dir });
          expect(made.exitCode).toBe(0);
          // Refused outright, or (isolated drivers) the link resolves inside the container, where it dangles.
          let read: Uint8Array | undefined;
          let failure: unknown;
          try {
            read = await driver.getFile(id, `${dir}/escape`);
          } catch (err) {
            failure = err;
          }
          expect(read === undefined ? undefined : new TextDecoder().decode(read)).toBeUndefined();
          expect(ContainerSecurityError.is(failure) || FileNotFoundError.is(failure)).toBe(true);
        } finally {
          await rm(hostDir, { recursive: true, force: true });
        }
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'main process working directory seen by getFile', ['files'], () => {
    it(
      'runs the main process in spec.workingDir: a relative path lands there',
      async () => {
        const dir = ctx.path('workdir');
        const c = await ctx.run(['sh', '-c', 'echo here > wd.txt; sleep 60'], { workingDir: dir });
        await eventually(async () => expect(utf8(await driver.getFile(c.id, `${dir}/wd.txt`))).toBe('here\n'));
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'files at absolute paths seen by exec', ['files', 'exec', 'isolation'], () => {
    it(
      'lets cat /abs/path read a file put with putFiles',
      async () => {
        const id = await running();
        const path = ctx.path('seen-by-cat.txt');
        await driver.putFiles(id, [{ path, content: 'visible inside' }]);
        expect((await driver.exec(id, { command: ['cat', path] })).stdout).toBe('visible inside');
      },
      timeoutMs,
    );

    it(
      'lets getFile read a file a command wrote to an absolute path',
      async () => {
        const id = await running();
        const path = ctx.path('written-by-sh.txt');
        await driver.putFiles(id, [{ path: ctx.path('placeholder'), content: '' }]);
        const result = await driver.exec(id, { command: ['sh', '-c', `echo from-shell > ${path}`] });
        expect(result.exitCode).toBe(0);
        expect(utf8(await driver.getFile(id, path))).toBe('from-shell\n');
      },
      timeoutMs,
    );
  });
}
