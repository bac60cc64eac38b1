import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalDriver } from './local-driver.js';
import { isSameProcessAlive, readProcStat } from './process/index.js';
import type { RunState } from './state/index.js';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function lineCount(d: LocalDriver, id: string): Promise<number> {
  return (await d.getContainerLogs(id)).split('\n').length - 1;
}

describe(`${LocalDriver.name} crash recovery`, () => {
  let home: string;
  const drivers: LocalDriver[] = [];
  const children: ChildProcess[] = [];
  const fresh = (): LocalDriver => {
    const d = new LocalDriver({ home });
    drivers.push(d);
    return d;
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-'));
  });

  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    const cleaner = new LocalDriver({ home });
    for (const c of await cleaner.listContainers()) await cleaner.removeContainer(c.id, { force: true });
    await cleaner.dispose();
    for (const d of drivers.splice(0)) await d.dispose();
    await rm(home, { recursive: true, force: true });
  });

  describe('when the driver object is dropped and re-created', () => {
    it('re-adopts a running container and reports one that exited meanwhile', async () => {
      const a = fresh();
      const long = await a.createContainer({ image: 'host', command: ['sh', '-c', 'echo start; sleep 60'] });
      const short = await a.createContainer({ image: 'host', command: ['sh', '-c', 'sleep 0.3; exit 7'] });
      await a.startContainer(long.id);
      await a.startContainer(short.id);
      await a.dispose();

      const b = fresh();
      expect((await b.getContainer(long.id))?.state).toBe('running');
      expect((await b.waitContainer(short.id)).exitCode).toBe(7);
      expect((await b.getContainer(short.id))?.state).toBe('exited');
      expect(await b.exec(long.id, { command: ['echo', 'still here'] })).toMatchObject({ stdout: 'still here\n' });
      await b.stopContainer(long.id, { timeoutMs: 5000 });
      expect((await b.waitContainer(long.id)).exitCode).toBe(143);
    });
  });

  describe('when the process owning the driver is killed with SIGKILL', () => {
    it('keeps the container running and logging, and a new driver adopts it', async () => {
      const dist = join(pkgDir, 'dist', 'esm', 'index.js');
      // CI runs `npm run build` before `npm test`; this test needs the built package for its child process.
      expect(existsSync(dist)).toBe(true);
      const child = spawn(process.execPath, [join(pkgDir, 'test-fixtures', 'own-driver.mjs'), home], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      const id = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.once('exit', (code) => reject(new Error(`owner exited early with ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const b = fresh();
      expect((await b.getContainer(id))?.state).toBe('running');
      const before = await lineCount(b, id);
      await delay(400);
      expect(await lineCount(b, id)).toBeGreaterThan(before);
      await b.stopContainer(id, { timeoutMs: 5000 });
      expect((await b.waitContainer(id)).exitCode).toBe(143);
    });
  });

  describe('when the supervisor and the process are gone without an exit record', () => {
    it('marks the container dead and waitContainer resolves', async () => {
      const a = fresh();
      const c = await a.createContainer({ image: 'host', command: ['sleep', '60'] });
      await a.startContainer(c.id);
      await a.dispose();
      const run = JSON.parse(await readFile(join(home, 'containers', c.id, 'run', 'state.json'), 'utf8')) as RunState;
      process.kill(run.supervisorPid, 'SIGKILL');
      process.kill(-run.pid, 'SIGKILL');
      while (await isSameProcessAlive(run.pid, run.startTicks)) await delay(20);

      const b = fresh();
      expect((await b.getContainer(c.id))?.state).toBe('dead');
      expect((await b.waitContainer(c.id)).exitCode).toBe(255);
    });
  });

  describe(isSameProcessAlive.name, () => {
    it('is false for a live pid with another start time (a recycled pid)', async () => {
      const self = await readProcStat(process.pid);
      expect(self).not.toBeNull();
      expect(await isSameProcessAlive(process.pid, self?.startTicks ?? 0)).toBe(true);
      expect(await isSameProcessAlive(process.pid, (self?.startTicks ?? 0) + 1)).toBe(false);
    });
  });
});
