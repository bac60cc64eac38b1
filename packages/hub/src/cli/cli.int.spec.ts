import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalDriver } from '@berth/driver-local';
import { HubClient } from '../client/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(here, '../../dist/esm/cli/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('berth CLI', () => {
  let home: string;
  let driver: LocalDriver;
  const children: ChildProcess[] = [];
  const containers: string[] = [];

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env, BERTH_HOME: home, BERTH_DRIVER: 'local', LOG_LEVEL: 'warn' };
    for (const key of ['PORT', 'HOST', 'AUTH_TOKEN', 'PRODUCER_TOKEN']) delete base[key];
    return { ...base, ...extra };
  };
  const berth = (args: string[], extra: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolvePromise) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    });
  const runningContainer = async (script: string): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', command: ['sh', '-c', script] });
    containers.push(c.id);
    await driver.startContainer(c.id);
    return c.id;
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-cli-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const id of containers.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  describe('--help', () => {
    it.each([[], ['hub'], ['run'], ['ps'], ['logs'], ['exec'], ['stats']])(
      'prints usage for %p and exits 0',
      async (...cmd) => {
        const r = await berth([...cmd, '--help']);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`Usage: berth ${cmd.join(' ')}`.trim());
      },
    );
  });

  describe('usage errors', () => {
    it.each([
      [['run', '--driver', 'k8s', '-c', 'print(1)'], 'unknown driver'],
      [['--driver', 'local,docker', 'run', '-c', 'print(1)'], '--driver takes one driver'],
      [['run', '--lang', 'ruby', '-c', 'puts 1'], 'ruby'],
      [['run'], 'nothing to run'],
      [['run', '--lang', 'python'], 'nothing to run'],
      [['run', '--'], 'nothing to run after --'],
      [['run', '--lang', 'bash', '--', 'echo', 'hi'], '--lang applies'],
      [['run', '-c', 'print(1)', 'extra.py'], 'not several'],
      [['run', 'script.rb'], 'cannot tell the language'],
      [['stats', 'c-1', '-i', 'fast'], 'non-negative integer'],
      [['logs', '-n', '-3', 'c-1'], 'non-negative integer'],
      [['exec', 'c-1'], "missing required argument 'command'"],
      [['ps', '--bogus'], "unknown option '--bogus'"],
      [['bogus'], "unknown command 'bogus'"],
    ])('%p exits 2 with a clear message', async (args, message) => {
      const r = await berth(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    });

    it('exits 3 for a FILE that does not exist', async () => {
      const r = await berth(['run', join(home, 'missing.py')]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('cannot read');
    });
  });

  describe('run', () => {
    it('runs python code on the local driver, prints its output and exits 0', async () => {
      const r = await berth(['run', '-c', 'print(1)', '--lang', 'python']);
      expect(r).toMatchObject({ code: 0, stdout: '1\n' });
      expect(r.stderr).toContain('exit code 0');
    });

    it('exits with the exit code of a failing program', async () => {
      const r = await berth(['run', '-c', 'import sys; print("x"); sys.exit(7)']);
      expect(r.code).toBe(7);
      expect(r.stderr).toContain('exit code 7');
    });

    it('runs a command given after --', async () => {
      const r = await berth(['run', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
      expect(r).toMatchObject({ code: 3, stdout: 'out\n' });
      expect(r.stderr).toContain('err');
    });

    it('runs a file, choosing the language from its extension', async () => {
      const file = join(home, 'hello.js');
      await writeFile(file, 'console.log("from file")');
      const r = await berth(['run', file]);
      expect(r).toMatchObject({ code: 0, stdout: 'from file\n' });
    });

    it('prints parseable JSON with --json', async () => {
      const r = await berth(['--json', 'run', '-c', 'console.log(6 * 7)', '--lang', 'javascript']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, stdout: '42\n', timedOut: false });
    });

    it('cleans up and exits 130 on Ctrl-C (SIGINT)', async () => {
      const child = spawn(process.execPath, [BIN, 'run', '--', 'sh', '-c', 'echo started; sleep 30'], {
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await new Promise<void>((r) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('started')) r();
        });
      });
      child.kill('SIGINT');
      expect(await exit).toBe(130);
      expect(await driver.listContainers({ labels: { 'berth.managed': 'true' } })).toEqual([]);
    });

    it('leaves no session container behind', async () => {
      await berth(['run', '-c', 'print(1)']);
      expect(await driver.listContainers({ labels: { 'berth.managed': 'true' } })).toEqual([]);
    });
  });

  describe('ps, logs, exec, stats', () => {
    it('lists managed containers as JSON', async () => {
      const r = await berth(['--json', 'ps']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ containers: [], errors: [] });
    });

    it('prints the logs of a container', async () => {
      const id = await runningContainer('echo hello; echo oops >&2; sleep 30');
      await driver.exec(id, { command: ['true'] });
      const r = await berth(['logs', id]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('hello');
      expect(r.stderr).toContain('oops');
    });

    it('follows logs until the container exits with -f', async () => {
      const id = await runningContainer('echo one; sleep 0.3; echo two');
      const r = await berth(['logs', '-f', id]);
      expect(r).toMatchObject({ code: 0, stdout: 'one\ntwo\n' });
    });

    it('stops following on Ctrl-C with exit 130', async () => {
      const id = await runningContainer('echo started; sleep 30');
      const child = spawn(process.execPath, [BIN, 'logs', '-f', id], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await new Promise<void>((r) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('started')) r();
        });
      });
      child.kill('SIGINT');
      expect(await exit).toBe(130);
    });

    it('exits 3 for an unknown container', async () => {
      const r = await berth(['logs', 'no-such-container']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('not found');
    });

    it('execs a command and exits with its code', async () => {
      const id = await runningContainer('sleep 30');
      const ok = await berth(['exec', id, '--', 'echo', 'hi']);
      expect(ok).toMatchObject({ code: 0, stdout: 'hi\n' });
      const failed = await berth(['exec', id, '--', 'sh', '-c', 'exit 4']);
      expect(failed.code).toBe(4);
    });

    it('prints one stats sample as JSON with --once', async () => {
      const id = await runningContainer('sleep 30');
      const r = await berth(['--json', 'stats', id, '--once']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ containerId: id, cpuPercent: expect.any(Number) });
    });
  });

  describe('hub', () => {
    const startHub = async (extra: Record<string, string> = {}) => {
      const child = spawn(process.execPath, [BIN, 'hub'], {
        env: env({ PORT: '0', ...extra }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      const url = await new Promise<string>((resolveUrl, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (ws:\/\/\S+)/.exec(out);
          if (m?.[1] !== undefined) resolveUrl(m[1]);
        });
        child.on('close', (code) => reject(new Error(`hub exited early with ${code}`)));
      });
      return { child, url, exit };
    };

    it('shuts down on SIGTERM: complete, close 1001, exit 0', async () => {
      const { child, url, exit } = await startHub();
      const id = await runningContainer('echo up; sleep 30');
      const client = await HubClient.connect(url);
      client.send({ type: 'subscribe', containerID: id, since: 0 });
      await client.next((m) => m.type === 'log' && m.data.text === 'up');
      child.kill('SIGTERM');
      await client.next((m) => m.type === 'complete');
      expect((await client.closed).code).toBe(1001);
      expect(await exit).toBe(0);
    });

    it('refuses a bad env value, naming the variable, with exit 2', async () => {
      const r = await berth(['hub'], { PORT: 'eighty' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('PORT');
    });

    it('refuses a non-loopback HOST without AUTH_TOKEN with exit 2', async () => {
      const r = await berth(['hub'], { HOST: '0.0.0.0', PORT: '0' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('AUTH_TOKEN');
    });
  });
});
