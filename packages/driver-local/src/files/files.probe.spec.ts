/**
 * Standing attack probes of the local driver's files API (issue 12, items 1 and 2): a container process
 * racing `putFiles`/`getFile` by swapping paths between real entries and symlinks to a root-only host file,
 * and `getFile` on a FIFO. Real containers, real host files; everything is removed afterwards.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContainerSecurityError,
  FileNotFoundError,
  isBerthError,
  ResourceLimitError,
  ValidationError,
} from '@berth/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canChangePrivileges } from '../lifecycle/index.js';
import { LocalDriver } from '../local-driver.js';
import { MAX_GET_FILE_BYTES } from './container-file-io.js';

/** Calls of each kind per stress test: 4 kinds, so 4× this many file operations while the swapper runs. */
const ROUNDS = 800;
/** Generous safety net for calls that must not hang (never a pass/fail threshold). */
const SAFETY_MS = 20_000;

/** The container user: nobody when this process may switch users (root), else this process's own user. */
const asNobody = canChangePrivileges();
const user = asNobody ? { security: { user: '65534:65534' } } : {};

/** Rejects with a marker error when `p` does not settle within {@link SAFETY_MS}. */
function withinSafetyNet<T>(p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const net = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${SAFETY_MS} ms (hung)`)), SAFETY_MS);
  });
  return Promise.race([p, net]).finally(() => clearTimeout(timer));
}

/**
 * A node script for the container: swaps `x` between a regular file and a symlink to `secretFile` (atomic
 * renames), and `d` between a directory and a symlink to `secretDir`, interleaved so each state of one lasts
 * through a swap of the other, as fast as it can, until killed.
 */
function swapperScript(secretFile: string, secretDir: string): string {
  return `
const fs = require('fs');
const q = (f) => { try { f(); } catch {} };
fs.writeFileSync('ready', 'yes');
for (;;) {
  q(() => { fs.writeFileSync('x.r', 'inside'); fs.renameSync('x.r', 'x'); });
  q(() => fs.rmSync('d', { recursive: true, force: true }));
  q(() => fs.mkdirSync('d'));
  q(() => { fs.symlinkSync(${JSON.stringify(secretFile)}, 'x.l'); fs.renameSync('x.l', 'x'); });
  q(() => fs.rmSync('d', { recursive: true, force: true }));
  q(() => fs.symlinkSync(${JSON.stringify(secretDir)}, 'd'));
}`;
}

describe(`${LocalDriver.name} files API under attack (probe)`, () => {
  let home: string;
  let hostDir: string;
  let driver: LocalDriver;
  const created: string[] = [];

  const run = async (command: string[], extra: object = {}): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', command, ...user, ...extra });
    created.push(c.id);
    await driver.startContainer(c.id);
    return c.id;
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-files-probe-'));
    hostDir = await mkdtemp(join(tmpdir(), 'berth-files-secret-'));
    driver = new LocalDriver({ home });
  });

  // Each forced removal of a sandboxed container takes about a second here (kill, exit seen, cgroups removed), and
  // several times that on a loaded machine: remove them together, with room for a busy CI box.
  afterAll(async () => {
    await Promise.all(
      created.splice(0).map((id) => driver.removeContainer(id, { force: true }).catch(() => undefined)),
    );
    await driver.removeVolume(`probe-vol-${process.pid}`).catch(() => undefined);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
    await rm(hostDir, { recursive: true, force: true });
  }, 120_000);

  it('never writes, chmods or returns a root-only host file while the container swaps paths to symlinks', async () => {
    const secretDir = join(hostDir, 'vault');
    await mkdir(secretDir, { mode: 0o700 });
    await chmod(secretDir, 0o700);
    const secretFile = join(secretDir, 'secret.txt');
    const secret = `TOP-SECRET-${process.pid}-${Date.now()}`;
    await writeFile(secretFile, secret, { mode: 0o600 });
    await chmod(secretFile, 0o600);
    const before = await stat(secretFile);

    const id = await run([process.execPath, '-e', swapperScript(secretFile, secretDir)]);
    for (let i = 0; i < 200; i++) {
      if ((await driver.exec(id, { command: ['cat', 'ready'] })).stdout === 'yes') break;
      await new Promise((r) => setTimeout(r, 50));
    }

    const counts = { ok: 0, security: 0, notFound: 0, validation: 0 };
    const untyped: unknown[] = [];
    const leaked: string[] = [];
    const attempt = async (op: () => Promise<unknown>): Promise<void> => {
      try {
        const out = await op();
        counts.ok++;
        if (out instanceof Uint8Array && Buffer.from(out).toString().includes(secret)) leaked.push('getFile');
      } catch (err) {
        if (!isBerthError(err)) untyped.push(err);
        else if (ContainerSecurityError.is(err)) counts.security++;
        else if (FileNotFoundError.is(err)) counts.notFound++;
        else if (ValidationError.is(err)) counts.validation++;
        else untyped.push(err);
      }
    };
    for (let i = 0; i < ROUNDS; i++) {
      await attempt(() => driver.putFiles(id, [{ path: '/x', content: 'pwned', mode: 0o666 }]));
      await attempt(() => driver.getFile(id, '/x'));
      await attempt(() => driver.putFiles(id, [{ path: '/d/planted', content: 'pwned', mode: 0o666 }]));
      await attempt(() => driver.getFile(id, '/d/secret.txt'));
    }

    const after = await stat(secretFile);
    expect(await readFile(secretFile, 'utf8')).toBe(secret);
    expect(after.mode & 0o7777).toBe(0o600);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ctimeMs).toBe(before.ctimeMs);
    expect(await readdir(secretDir)).toEqual(['secret.txt']);
    expect(leaked).toEqual([]);
    expect(untyped).toEqual([]);
    // the race was really run: some calls met a symlink, some went through
    expect(counts.security).toBeGreaterThan(0);
    expect(counts.ok).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a FIFO with a typed error at once, and file operations of the process keep working', async () => {
    const id = await run(['sleep', '300']);
    const made = await driver.exec(id, { command: ['sh', '-c', 'mkfifo p && echo regular > r && echo ok'] });
    expect(made.stdout).toBe('ok\n');
    // more concurrent reads than libuv has file threads (4): a blocking open would freeze them all
    const reads = Array.from({ length: 8 }, () => withinSafetyNet(driver.getFile(id, '/p')));
    for (const r of await Promise.allSettled(reads)) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as Error;
      expect(ValidationError.is(err)).toBe(true);
      expect(err.message).toMatch(/not a regular file/);
    }
    expect(Buffer.from(await withinSafetyNet(driver.getFile(id, '/r'))).toString()).toBe('regular\n');
    await withinSafetyNet(driver.putFiles(id, [{ path: '/w', content: 'still writes' }]));
    expect(await withinSafetyNet(readFile(join(home, 'containers', id, 'rootfs', 'w'), 'utf8'))).toBe('still writes');
    // putFiles over a FIFO is refused too (and does not block either)
    await expect(withinSafetyNet(driver.putFiles(id, [{ path: '/p', content: 'x' }]))).rejects.toMatchObject({
      code: ValidationError.code,
    });
  }, 60_000);

  it('refuses a socket the container created, typed', async () => {
    const id = await run([
      process.execPath,
      '-e',
      "require('net').createServer().listen('s', () => require('fs').writeFileSync('ready', 'yes'))",
    ]);
    for (let i = 0; i < 200; i++) {
      if ((await driver.exec(id, { command: ['cat', 'ready'] })).stdout === 'yes') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await expect(withinSafetyNet(driver.getFile(id, '/s'))).rejects.toMatchObject({ code: ValidationError.code });
  }, 60_000);

  it('answers a file over the size limit with ResourceLimitError, not not-found', async () => {
    const id = await run(['sleep', '300']);
    const r = await driver.exec(id, { command: ['truncate', '-s', String(MAX_GET_FILE_BYTES + 1), 'big'] });
    expect(r.exitCode).toBe(0);
    const err = await driver.getFile(id, '/big').catch((e: unknown) => e);
    expect(ResourceLimitError.is(err)).toBe(true);
    expect(err).toMatchObject({ resource: 'file size', limit: MAX_GET_FILE_BYTES, requested: MAX_GET_FILE_BYTES + 1 });
  });

  it('still follows a volume mount point, and nothing else', async () => {
    const bind = join(hostDir, 'bind');
    await mkdir(bind, { recursive: true });
    await chmod(bind, 0o777);
    await writeFile(join(bind, 'in.txt'), 'from the host');
    const id = await run(['sleep', '300'], {
      volumes: [
        { type: 'bind', source: bind, target: '/mnt/host' },
        { type: 'volume', source: `probe-vol-${process.pid}`, target: '/data' },
      ],
    });
    expect(Buffer.from(await driver.getFile(id, '/mnt/host/in.txt')).toString()).toBe('from the host');
    await driver.putFiles(id, [{ path: '/data/deep/out.txt', content: 'to the volume', mode: 0o755 }]);
    const written = join(home, 'volumes', `probe-vol-${process.pid}`, 'data', 'deep', 'out.txt');
    expect(await readFile(written, 'utf8')).toBe('to the volume');
    expect((await stat(written)).mode & 0o7777).toBe(0o755);
    // a link the container made to the same directory is not a mount point
    await driver.exec(id, { command: ['ln', '-s', bind, 'alias'] });
    await expect(driver.getFile(id, '/alias/in.txt')).rejects.toMatchObject({ code: ContainerSecurityError.code });
  });
});
