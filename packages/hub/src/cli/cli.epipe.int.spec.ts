import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalDriver } from '@berth/driver-local';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(here, '../../dist/esm/cli/main.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** `berth … | head`: the reader of berth's stdout goes away early; berth must end quietly with 0. */
describe('berth CLI with its stdout closed early', () => {
  let home: string;
  let driver: LocalDriver;
  const children: ChildProcess[] = [];

  const env = (): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env, BERTH_HOME: home, BERTH_DRIVER: 'local', LOG_LEVEL: 'warn' };
    for (const key of ['PORT', 'HOST', 'AUTH_TOKEN', 'PRODUCER_TOKEN']) delete base[key];
    return base;
  };

  /**
   * Starts `berth ARGS` behind a shell that waits for a line on stdin before exec'ing node, so the test can
   * close the read end of berth's stdout first: every write berth makes then fails with EPIPE.
   */
  const berthWithClosedStdout = async (args: string[]): Promise<Exit> => {
    const child = spawn('sh', ['-c', 'read go; exec "$0" "$@"', process.execPath, BIN, ...args], {
      env: env(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exit = new Promise<Exit>((r) => child.on('close', (code, signal) => r({ code, signal, stderr })));
    const closed = new Promise<void>((r) => child.stdout.once('close', () => r()));
    child.stdout.destroy();
    await closed;
    child.stdin.end('go\n');
    return exit;
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-cli-epipe-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const c of await driver.listContainers({ labels: { 'berth.managed': 'true' } }).catch(() => [])) {
      await driver.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it.each([[['--help']], [['run', '--help']], [['--json', 'ps']], [['ps']]])(
    '%p exits 0 without a stack trace',
    async (args) => {
      const r = await berthWithClosedStdout(args);
      expect(r.stderr).not.toContain('EPIPE');
      expect(r).toEqual({ code: 0, signal: null, stderr: '' });
    },
  );

  it('run: a program that keeps printing is stopped, its sandbox removed, and berth exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'run', '--', 'sh', '-c', 'while :; do echo y; done'], {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    child.stdout.destroy();
    expect(await exit).toBe(0);
    expect(stderr).not.toContain('EPIPE');
    expect(await driver.listContainers({ labels: { 'berth.managed': 'true' } })).toEqual([]);
  });
});
