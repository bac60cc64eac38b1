import { jest } from '@jest/globals';
import { VirtualFs } from '../fs/virtual-fs.js';
import { TimerRegistry } from '../timers/timer-registry.js';
import { type InputSource, StdinQueue, utf8 } from './shell-io.js';
import { ShellProcess } from './shell-process.js';

interface Run {
  process: ShellProcess;
  exit: Promise<number>;
  out: () => string;
  err: () => string;
}

const decoder = new TextDecoder();

function start(
  argv: string[],
  options: { env?: Record<string, string>; stdin?: InputSource; fs?: VirtualFs } = {},
): Run {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const process = new ShellProcess({
    fs: options.fs ?? new VirtualFs(),
    timers,
    env: options.env ?? {},
    cwd: '/root',
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    stdout: (d) => out.push(d),
    stderr: (d) => err.push(d),
  });
  const exit = process.run(argv);
  return {
    process,
    exit,
    out: () => out.map((d) => decoder.decode(d)).join(''),
    err: () => err.map((d) => decoder.decode(d)).join(''),
  };
}

const sh = (script: string, options: Parameters<typeof start>[1] = {}): Run => start(['sh', '-c', script], options);

let timers: TimerRegistry;

beforeEach(() => {
  timers = new TimerRegistry();
});

afterEach(() => {
  timers.clearAll();
  jest.useRealTimers();
});

describe(ShellProcess.name, () => {
  describe('.run', () => {
    it('echoes arguments with a newline, and without one for -n', async () => {
      const a = start(['echo', 'hi', 'there']);
      const b = start(['echo', '-n', 'x']);
      expect(await a.exit).toBe(0);
      expect(a.out()).toBe('hi there\n');
      await b.exit;
      expect(b.out()).toBe('x');
    });

    it('runs true, false, pwd and printenv', async () => {
      expect(await start(['true']).exit).toBe(0);
      expect(await start(['false']).exit).toBe(1);
      const pwd = start(['pwd']);
      await pwd.exit;
      expect(pwd.out()).toBe('/root\n');
      const env = start(['printenv', 'GREETING'], { env: { GREETING: 'hello' } });
      expect(await env.exit).toBe(0);
      expect(env.out()).toBe('hello\n');
      expect(await start(['printenv', 'NOPE']).exit).toBe(1);
    });

    it('copies stdin to stdout with cat', async () => {
      const stdin = new StdinQueue();
      const run = start(['cat'], { stdin });
      stdin.push(utf8('abc'));
      stdin.push(utf8('def'));
      stdin.end();
      expect(await run.exit).toBe(0);
      expect(run.out()).toBe('abcdef');
    });

    it('prints a sequence with seq', async () => {
      const run = sh('seq 1 500');
      await run.exit;
      const lines = run.out().trimEnd().split('\n');
      expect(lines).toHaveLength(500);
      expect(lines[0]).toBe('1');
      expect(lines[499]).toBe('500');
    });

    it('separates stdout and stderr and exits with exit N', async () => {
      const run = sh('echo out; echo err >&2; exit 3');
      expect(await run.exit).toBe(3);
      expect(run.out()).toBe('out\n');
      expect(run.err()).toBe('err\n');
    });

    it('honours && and || left to right', async () => {
      const run = sh('false && echo no || echo yes; true || echo no2 && echo yes2\necho 1>&2 last');
      expect(await run.exit).toBe(0);
      expect(run.out()).toBe('yes\nyes2\n');
      expect(run.err()).toBe('last\n');
    });

    it('expands $VAR and braced variables outside single quotes', async () => {
      const run = sh(`echo $GREETING "\${GREETING}!" '$GREETING' \${MISSING:-dflt} $?`, { env: { GREETING: 'hi' } });
      await run.exit;
      expect(run.out()).toBe('hi hi! $GREETING dflt 0\n');
    });

    it('writes and reads files through > and cat, binary-safe', async () => {
      const fs = new VirtualFs();
      await sh('echo hello > /tmp/a.txt; echo more >> /tmp/a.txt', { fs }).exit;
      const cat = start(['cat', '/tmp/a.txt'], { fs });
      await cat.exit;
      expect(cat.out()).toBe('hello\nmore\n');
      const bytes = new Uint8Array([0, 255, 10, 128]);
      fs.write('/tmp/bin', bytes);
      expect(fs.read('/tmp/bin')).toEqual(bytes);
    });

    it('reports a missing file and an unknown command', async () => {
      const cat = start(['cat', '/nope']);
      expect(await cat.exit).toBe(1);
      expect(cat.err()).toContain('No such file or directory');
      const unknown = sh('frobnicate');
      expect(await unknown.exit).toBe(127);
      expect(unknown.err()).toContain('frobnicate: not found');
    });

    it('exits 2 on a syntax error', async () => {
      const run = sh("echo 'unterminated");
      expect(await run.exit).toBe(2);
      expect(run.err()).toContain('syntax error');
    });
  });

  describe('.kill', () => {
    it('ends a sleeping process with 143 on TERM', async () => {
      const run = start(['sleep', '60']);
      expect(run.process.kill('TERM')).toBe(true);
      expect(await run.exit).toBe(143);
      expect(timers.size).toBe(0);
    });

    it("ignores TERM after trap '' TERM and ends with 137 on KILL", async () => {
      const run = sh("trap '' TERM; sleep 60");
      await Promise.resolve();
      expect(run.process.kill('TERM')).toBe(false);
      expect(run.process.kill('KILL')).toBe(true);
      expect(await run.exit).toBe(137);
    });

    it('runs a trap action on TERM and exits with its status', async () => {
      const run = sh("trap 'echo bye; exit 0' TERM; echo started; sleep 60");
      await new Promise((resolve) => setImmediate(resolve));
      run.process.kill('TERM');
      expect(await run.exit).toBe(0);
      expect(run.out()).toBe('started\nbye\n');
    });

    it('drops output after the kill', async () => {
      const run = sh('echo before; sleep 1; echo after');
      run.process.kill('KILL');
      await run.exit;
      expect(run.out()).toBe('before\n');
    });
  });

  describe('with fake timers', () => {
    it('finishes sleep 3600 when virtual time advances', async () => {
      jest.useFakeTimers();
      const run = sh('sleep 3600; echo done');
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(await run.exit).toBe(0);
      expect(run.out()).toBe('done\n');
    });
  });
});
