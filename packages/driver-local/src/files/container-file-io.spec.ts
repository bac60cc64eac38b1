import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContainerSecurityError,
  FileNotFoundError,
  isBerthError,
  ResourceLimitError,
  ValidationError,
} from '@berth/core';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readContainerFile, readRegularFile, writeContainerFile } from './container-file-io.js';
import type { ContainerFsRoots } from './resolve-container-path.js';

const ID = 'c0ffee';
const text = (b: Uint8Array): string => Buffer.from(b).toString();

/** Rejection of `p`, which must reject. */
async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('container file I/O (no symlink followed but mount points)', () => {
  let base: string;
  let roots: ContainerFsRoots;
  let outside: string;
  let volume: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'berth-files-io-'));
    outside = join(base, 'outside');
    volume = join(base, 'volume');
    await mkdir(join(base, 'rootfs', 'work'), { recursive: true });
    await mkdir(outside);
    await mkdir(volume);
    await writeFile(join(outside, 'host.txt'), 'host secret', { mode: 0o600 });
    roots = { rootfs: join(base, 'rootfs'), workingDir: '/work', mounts: [{ target: '/data', source: volume }] };
    await symlink(volume, join(base, 'rootfs', 'data'));
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const put = (path: string, content: string | Uint8Array, mode?: number): Promise<void> =>
    writeContainerFile(roots, { path, content, ...(mode === undefined ? {} : { mode }) }, ID);
  const get = (path: string): Promise<Uint8Array> => readContainerFile(roots, path, ID);

  it('writes and reads, creating parents, relative paths from the working dir', async () => {
    await put('/a/b/c.bin', new Uint8Array([0, 255, 10]));
    await put('rel.txt', 'relative');
    expect([...(await get('/a/b/c.bin'))]).toEqual([0, 255, 10]);
    expect(text(await get('/work/rel.txt'))).toBe('relative');
    expect(await readFile(join(roots.rootfs, 'work', 'rel.txt'), 'utf8')).toBe('relative');
    expect((await stat(join(roots.rootfs, 'a', 'b'))).mode & 0o777).toBe(0o755);
    // an existing file is truncated, not appended to
    await put('rel.txt', 'x');
    expect(text(await get('rel.txt'))).toBe('x');
  });

  it('applies the mode through the descriptor, masked to the permission bits', async () => {
    await put('/m.sh', 'echo', 0o4755);
    expect((await stat(join(roots.rootfs, 'm.sh'))).mode & 0o7777).toBe(0o755);
    await put('/d.txt', 'd');
    expect((await stat(join(roots.rootfs, 'd.txt'))).mode & 0o7777).toBe(0o644);
  });

  it('refuses a symlink as the last component, even one pointing inside', async () => {
    await symlink(join(outside, 'host.txt'), join(roots.rootfs, 'evil'));
    await writeFile(join(roots.rootfs, 'inner.txt'), 'inner');
    await symlink('inner.txt', join(roots.rootfs, 'alias'));
    for (const p of ['/evil', '/alias']) {
      expect(ContainerSecurityError.is(await rejectionOf(get(p)))).toBe(true);
      expect(ContainerSecurityError.is(await rejectionOf(put(p, 'pwned', 0o666)))).toBe(true);
    }
    expect(await readFile(join(outside, 'host.txt'), 'utf8')).toBe('host secret');
    expect((await stat(join(outside, 'host.txt'))).mode & 0o777).toBe(0o600);
  });

  it('refuses a symlink in a parent component, and creates nothing through it', async () => {
    await symlink(outside, join(roots.rootfs, 'out'));
    expect(ContainerSecurityError.is(await rejectionOf(get('/out/host.txt')))).toBe(true);
    expect(ContainerSecurityError.is(await rejectionOf(put('/out/new/planted.txt', 'x')))).toBe(true);
    await expect(stat(join(outside, 'new'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('follows a mount point to its source from the spec, not to where its link now points', async () => {
    await put('/data/sub/v.txt', 'in the volume');
    expect(await readFile(join(volume, 'sub', 'v.txt'), 'utf8')).toBe('in the volume');
    await rm(join(roots.rootfs, 'data'));
    await symlink(outside, join(roots.rootfs, 'data')); // the container retargets the link
    expect(text(await get('/data/sub/v.txt'))).toBe('in the volume');
    expect(FileNotFoundError.is(await rejectionOf(get('/data/host.txt')))).toBe(true);
  });

  it('maps missing paths, files used as directories and directories to typed errors', async () => {
    await writeFile(join(roots.rootfs, 'plain'), 'p');
    expect(FileNotFoundError.is(await rejectionOf(get('/nope/x')))).toBe(true);
    expect(FileNotFoundError.is(await rejectionOf(get('/nope')))).toBe(true);
    expect(FileNotFoundError.is(await rejectionOf(get('/plain/x')))).toBe(true);
    expect(ValidationError.is(await rejectionOf(put('/plain/x', 'x')))).toBe(true);
    expect(ValidationError.is(await rejectionOf(get('/work')))).toBe(true);
    expect(ValidationError.is(await rejectionOf(put('/work', 'x')))).toBe(true);
    expect(ValidationError.is(await rejectionOf(get('/')))).toBe(true);
    expect(ValidationError.is(await rejectionOf(put('/', 'x')))).toBe(true);
    expect(ContainerSecurityError.is(await rejectionOf(get('../x')))).toBe(true);
    const long = await rejectionOf(get(`/${'x'.repeat(300)}`));
    expect(isBerthError(long) && ValidationError.is(long)).toBe(true);
  });

  it('refuses a FIFO and a socket with "not a regular file", without blocking', async () => {
    execFileSync('mkfifo', [join(roots.rootfs, 'fifo')]);
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(join(roots.rootfs, 'sock'), r));
    try {
      for (const p of ['/fifo', '/sock']) {
        const read = await rejectionOf(get(p));
        expect(ValidationError.is(read)).toBe(true);
        expect((read as Error).message).toMatch(/not a regular file/);
        expect(ValidationError.is(await rejectionOf(put(p, 'x')))).toBe(true);
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses a file over the limit with ResourceLimitError', async () => {
    await writeFile(join(roots.rootfs, 'big'), Buffer.alloc(1000, 1));
    const err = await rejectionOf(readContainerFile(roots, '/big', ID, { maxBytes: 999 }));
    expect(ResourceLimitError.is(err)).toBe(true);
    expect(err).toMatchObject({ resource: 'file size', limit: 999, requested: 1000, operation: 'getFile' });
    expect((await readContainerFile(roots, '/big', ID, { maxBytes: 1000 })).length).toBe(1000);
  });

  describe('readRegularFile', () => {
    const tooLarge = (n: number): Error => new ResourceLimitError('file size', 10, n);

    it('reads past the size fstat gave (a file that grew), up to the limit', async () => {
      await writeFile(join(base, 'f'), 'abcdefghij');
      const fh = await open(join(base, 'f'), 'r');
      try {
        expect(text(await readRegularFile(fh, 0, { maxBytes: 10, chunkBytes: 3 }, tooLarge))).toBe('abcdefghij');
        expect(text(await readRegularFile(fh, 4, { maxBytes: 10, chunkBytes: 3 }, tooLarge))).toBe('abcdefghij');
        const err = await rejectionOf(readRegularFile(fh, 4, { maxBytes: 9, chunkBytes: 3 }, tooLarge));
        expect(ResourceLimitError.is(err)).toBe(true);
      } finally {
        await fh.close();
      }
    });

    it('honours an abort that comes during the read', async () => {
      await writeFile(join(base, 'f'), Buffer.alloc(64 * 1024, 7));
      const fh = await open(join(base, 'f'), 'r');
      const ac = new AbortController();
      let reads = 0;
      const read = fh.read.bind(fh) as (...a: unknown[]) => Promise<{ bytesRead: number; buffer: Buffer }>;
      // a real handle whose first read triggers the abort: the rest of the file must not be read
      Object.assign(fh, {
        read: async (...args: unknown[]) => {
          const r = await read(...args);
          if (++reads === 1) ac.abort(new Error('stop'));
          return r;
        },
      });
      try {
        const err = await rejectionOf(
          readRegularFile(fh, 64 * 1024, { maxBytes: 1 << 20, chunkBytes: 4096, signal: ac.signal }, tooLarge),
        );
        expect((err as Error).message).toBe('stop');
        expect(reads).toBe(1);
      } finally {
        await fh.close();
      }
    });
  });
});
