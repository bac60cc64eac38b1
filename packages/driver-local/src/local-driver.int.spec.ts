import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContainerConflictError,
  ContainerNotFoundError,
  ContainerSecurityError,
  type ContainerSpec,
} from '@berth/core';
import { firstValueFrom, toArray } from 'rxjs';
import { LocalDriver } from './local-driver.js';

describe(LocalDriver.name, () => {
  let home: string;
  let driver: LocalDriver;
  const created: string[] = [];

  const run = async (spec: Omit<ContainerSpec, 'image'>): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', ...spec });
    created.push(c.id);
    await driver.startContainer(c.id);
    return c.id;
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    for (const id of created.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  describe('.startContainer', () => {
    it('runs the command and reports its exit code and output', async () => {
      const id = await run({ command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
      const exit = await driver.waitContainer(id);
      expect(exit.exitCode).toBe(3);
      expect(exit.oomKilled).toBe(false);
      expect(await driver.getContainerLogs(id, { stderr: false })).toBe('out\n');
      expect(await driver.getContainerLogs(id, { stdout: false })).toBe('err\n');
      expect((await driver.getContainer(id))?.state).toBe('exited');
    });

    it('uses the spec env on a minimal baseline, not the driver env', async () => {
      process.env['BERTH_TEST_SECRET'] = 'leak';
      try {
        const id = await run({ command: ['sh', '-c', 'echo "$GREETING-$BERTH_TEST_SECRET"'], env: { GREETING: 'hi' } });
        await driver.waitContainer(id);
        expect(await driver.getContainerLogs(id)).toBe('hi-\n');
      } finally {
        delete process.env['BERTH_TEST_SECRET'];
      }
    });

    it('resolves workingDir inside the container directory (its / in the sandbox)', async () => {
      const id = await run({ command: ['sh', '-c', 'pwd; echo here > here.txt'], workingDir: '/work' });
      await driver.waitContainer(id);
      const hostDir = join(home, 'containers', id, 'rootfs', 'work');
      // sandboxed the rootfs is the process's /; unsandboxed (no bubblewrap, isolation 'none') it sees the host path
      const seen = driver.capabilities.isolation === 'none' ? hostDir : '/work';
      expect(await driver.getContainerLogs(id)).toBe(`${seen}\n`);
      expect(existsSync(join(hostDir, 'here.txt'))).toBe(true);
    });
  });

  describe('.stopContainer', () => {
    it('kills a SIGTERM-ignoring process after the timeout with 137', async () => {
      const id = await run({ command: ['sh', '-c', "trap '' TERM; echo ready; sleep 60"] });
      await firstValueFrom(driver.logs$(id, { follow: true }));
      await driver.stopContainer(id, { timeoutMs: 300 });
      expect((await driver.waitContainer(id)).exitCode).toBe(137);
    });

    it('reports 143 for a process that exits on SIGTERM', async () => {
      const id = await run({ command: ['sleep', '60'] });
      await driver.stopContainer(id, { timeoutMs: 5000 });
      expect((await driver.waitContainer(id)).exitCode).toBe(143);
    });
  });

  describe('.exec', () => {
    it('runs a command with stdin, env and exit code', async () => {
      const id = await run({ command: ['sleep', '60'], env: { A: '1' } });
      const r = await driver.exec(id, {
        command: ['sh', '-c', 'cat; echo "$A$B"; exit 4'],
        stdin: 'in\n',
        env: { B: '2' },
      });
      expect(r).toMatchObject({ exitCode: 4, stdout: 'in\n12\n', timedOut: false });
    });

    it('kills the whole tree on timeout', async () => {
      const id = await run({ command: ['sleep', '60'] });
      const r = await driver.exec(id, { command: ['sh', '-c', 'sleep 30 & sleep 30'], timeoutMs: 200 });
      expect(r.timedOut).toBe(true);
      expect(r.exitCode).toBe(137);
    });

    it('throws ContainerConflictError on a stopped container', async () => {
      const c = await driver.createContainer({ image: 'host', command: ['true'] });
      created.push(c.id);
      await expect(driver.exec(c.id, { command: ['true'] })).rejects.toMatchObject({
        code: ContainerConflictError.code,
      });
    });

    it('streams output and accepts stdin', async () => {
      const id = await run({ command: ['sleep', '60'] });
      const h = driver.execStream(id, { command: ['cat'] });
      await h.write('abc');
      await h.end();
      const r = await h.exit;
      expect(r.stdout).toBe('abc');
      const chunks = await firstValueFrom(h.output$.pipe(toArray()));
      expect(Buffer.concat(chunks.map((c) => c.data)).toString()).toBe('abc');
    });
  });

  describe('.putFiles / .getFile', () => {
    it('round-trips binary content inside the container', async () => {
      const id = await run({ command: ['sleep', '60'] });
      const bytes = new Uint8Array([0, 255, 10, 13, 128]);
      await driver.putFiles(id, [{ path: '/data/x.bin', content: bytes }]);
      expect(await driver.getFile(id, '/data/x.bin')).toEqual(bytes);
      const r = await driver.exec(id, { command: ['sh', '-c', 'wc -c < data/x.bin'] });
      expect(r.stdout.trim()).toBe('5');
    });

    it.each(['../../etc/passwd', '/a/../../x'])('refuses %s with ContainerSecurityError', async (p) => {
      const id = await run({ command: ['sleep', '60'] });
      await expect(driver.putFiles(id, [{ path: p, content: 'x' }])).rejects.toMatchObject({
        code: ContainerSecurityError.code,
      });
      await expect(driver.getFile(id, p)).rejects.toMatchObject({ code: ContainerSecurityError.code });
    });

    it('refuses a symlink that escapes the container', async () => {
      const id = await run({ command: ['sleep', '60'] });
      await driver.exec(id, { command: ['ln', '-s', '/etc', 'out'] });
      await expect(driver.getFile(id, '/out/hostname')).rejects.toMatchObject({ code: ContainerSecurityError.code });
      await expect(driver.putFiles(id, [{ path: '/out/evil', content: 'x' }])).rejects.toMatchObject({
        code: ContainerSecurityError.code,
      });
    });
  });

  describe('.logs$', () => {
    it('follows until the container exits', async () => {
      const id = await run({ command: ['sh', '-c', 'echo a; sleep 0.3; echo b >&2; sleep 0.2'] });
      const lines = await firstValueFrom(driver.logs$(id, { follow: true }).pipe(toArray()));
      expect(lines.map((l) => [l.stream, l.text])).toEqual([
        ['stdout', 'a'],
        ['stderr', 'b'],
      ]);
    });

    it('honours tail', async () => {
      const id = await run({ command: ['seq', '1', '500'] });
      await driver.waitContainer(id);
      expect(await driver.getContainerLogs(id, { tail: 3 })).toBe('498\n499\n500\n');
      const lines = await firstValueFrom(driver.logs$(id, { tail: 2 }).pipe(toArray()));
      expect(lines.map((l) => l.text)).toEqual(['499', '500']);
    });
  });

  describe('.removeContainer', () => {
    it('refuses a running container without force, then removes it with force', async () => {
      const id = await run({ command: ['sleep', '60'] });
      await expect(driver.removeContainer(id)).rejects.toMatchObject({ code: ContainerConflictError.code });
      await driver.removeContainer(id, { force: true });
      expect(await driver.getContainer(id)).toBeNull();
      await expect(driver.startContainer(id)).rejects.toMatchObject({ code: ContainerNotFoundError.code });
    });
  });
});
