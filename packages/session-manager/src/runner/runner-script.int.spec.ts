import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWhen } from '@berth/core/testing';
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { ReplyParser } from '../context/reply-parser.js';
import { encodeRunnerRequest, parseRunnerEvent } from './runner-protocol.js';
import { PYTHON_RUNNER_SCRIPT } from './runner-script.js';
import { encodeStartupEnv } from './startup-env.js';

/** A Python 3.9+ on this host (the runner's `os.waitstatus_to_exitcode`), or why not. */
function hostPython(): string | null {
  const probe = spawnSync('python3', ['-c', 'import sys; sys.exit(sys.version_info < (3, 9))'], { timeout: 30_000 });
  return probe.status === 0 ? null : 'no python3 >= 3.9 on this host';
}

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The runner script started as a host process in `cwd` (with `startupEnv` in its env and argv), driven through its protocol. */
class ScriptRunner {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly parser: ReplyParser;
  private readonly runs = new Map<number, { out: Buffer[]; err: Buffer[]; done: (o: Outcome) => void }>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor(cwd: string, startupEnv: Record<string, string> = {}) {
    const delimiter = '@@RUNNER-SPEC@@';
    this.parser = new ReplyParser(delimiter);
    this.proc = spawn('python3', ['-c', PYTHON_RUNNER_SCRIPT, delimiter, encodeStartupEnv(startupEnv)], {
      cwd,
      env: { ...process.env, ...startupEnv },
    });
    let ready: () => void = () => undefined;
    this.ready = new Promise((resolve) => {
      ready = resolve;
    });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (text: string) => {
      for (const { line } of this.parser.feed(text)) {
        const event = parseRunnerEvent(line);
        if (event?.kind === 'ready') ready();
        else if (event !== null) {
          const run = this.runs.get(event.id);
          if (run === undefined) continue;
          if (event.kind === 'done') {
            const text = (b: Buffer[]) => Buffer.concat(b).toString('utf8');
            run.done({ exitCode: event.exitCode, stdout: text(run.out), stderr: text(run.err) });
          } else (event.kind === 'out' ? run.out : run.err).push(Buffer.from(event.data));
        }
      }
    });
  }

  /** Runs `code` as `python3 <file>`; an `env` whose `PYTHON*`/`LANG`/`LC_*` differ from the runner's startup env makes it start a fresh interpreter. */
  run(code: string, env: Record<string, string> = {}, stdin?: string): Promise<Outcome> {
    const id = this.nextId++;
    const path = `case-${id}.py`;
    return new Promise((done) => {
      this.runs.set(id, { out: [], err: [], done });
      this.proc.stdin.write(
        encodeRunnerRequest(id, {
          path,
          content: code,
          mode: 0o644,
          command: ['python3', path],
          env,
          stdin,
          timeoutMs: 60_000,
        }),
      );
    });
  }

  close(): void {
    this.proc.stdin.end();
    this.proc.kill('SIGKILL');
  }
}

/** Programs whose results must not depend on how the runner starts them (file names differ: `case-<n>.py`). */
const PROGRAMS: Record<string, { code: string; stdin?: string }> = {
  'print and exit 0': { code: 'print(1)' },
  'module globals, argv, sys.path[0]': {
    code: 'import os, sys\nprint(os.path.basename(__file__), os.path.isabs(__file__), sys.argv[0][-3:], sys.path[0] == os.getcwd(), __name__, __spec__, __package__, __cached__, type(__loader__).__name__, sorted(globals()))',
  },
  'an uncaught exception: traceback without runner frames, exit 1': {
    code: 'def f():\n    raise ValueError("boom")\nf()',
  },
  'a syntax error': { code: 'print(\n' },
  'sys.exit with a message': { code: 'import sys\nsys.exit("bye")' },
  'sys.exit with a code above 255': { code: 'import sys\nsys.exit(258)' },
  'KeyboardInterrupt exits 130': { code: 'raise KeyboardInterrupt' },
  'buffered stdout, line-buffered stderr, atexit': {
    code: 'import atexit, sys\natexit.register(lambda: print("atexit"))\nprint("out")\nsys.stderr.write("err\\n")',
  },
  stdin: { code: 'import sys\nprint(repr(sys.stdin.read()))', stdin: 'a\nb' },
  'a non-daemon thread is joined': {
    code: 'import threading, time\nthreading.Thread(target=lambda: (time.sleep(0.1), print("thread"))).start()',
  },
  'pickle a class of __main__': {
    code: 'import pickle\nclass P:\n    pass\nprint(type(pickle.loads(pickle.dumps(P()))).__name__)',
  },
  'own process group': { code: 'import os\nprint(os.getpgid(0) == os.getpid())' },
  'a __del__ at exit': {
    code: 'class D:\n    def __del__(self):\n        print("del")\nd = D()\nprint("end")',
  },
};

describeWhen(hostPython(), 'code runner script', () => {
  jest.setTimeout(60_000);
  let dir: string;
  let runner: ScriptRunner;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-runner-script-'));
    runner = new ScriptRunner(dir);
    await runner.ready;
  });

  afterAll(() => {
    runner?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs python3 <file> as a fork of the runner (no interpreter start), another env as a fresh interpreter', async () => {
    const argv = 'print(open("/proc/self/cmdline", "rb").read().split(b"\\0")[1].decode())';
    expect((await runner.run(argv)).stdout).toBe('-c\n');
    expect((await runner.run(argv, { PYTHONDONTWRITEBYTECODE: '1' })).stdout).toMatch(/^case-\d+\.py\n$/);
  });

  it('gives a fork the results of a fresh interpreter: a file left open is flushed at exit', async () => {
    const write = 'f = open("left-open.txt", "w")\nf.write("data")';
    const read = 'print(open("left-open.txt").read())';
    await runner.run(write, { PYTHONDONTWRITEBYTECODE: '1' });
    const fresh = await runner.run(read);
    await runner.run(write);
    expect(await runner.run(read)).toEqual(fresh);
    expect(fresh.stdout).toBe('data\n');
  });

  for (const [name, { code, stdin }] of Object.entries(PROGRAMS)) {
    it(`gives a fork the results of a fresh interpreter: ${name}`, async () => {
      const fresh = await runner.run(code, { PYTHONDONTWRITEBYTECODE: '1' }, stdin);
      const forked = await runner.run(code, {}, stdin);
      const file = (s: string) => s.replace(/case-\d+\.py/g, 'case.py');
      const names = (o: Outcome) => ({ ...o, stdout: file(o.stdout), stderr: file(o.stderr) });
      expect(names(forked)).toEqual(names(fresh));
    });
  }
});

describeWhen(hostPython(), 'code runner script with a startup env', () => {
  jest.setTimeout(60_000);
  let dir: string;
  let plain: ScriptRunner;
  let started: ScriptRunner;
  let startupEnv: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-runner-startup-'));
    mkdirSync(join(dir, 'pp'));
    writeFileSync(join(dir, 'pp', 'ppmod.py'), 'VALUE = "pp"\n');
    startupEnv = { PYTHONPATH: join(dir, 'pp'), PYTHONHASHSEED: '0', PYTHONSAFEPATH: '1', LC_ALL: 'C' };
    plain = new ScriptRunner(dir);
    started = new ScriptRunner(dir, startupEnv);
    await Promise.all([plain.ready, started.ready]);
  });

  afterAll(() => {
    plain?.close();
    started?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const argv = 'print(open("/proc/self/cmdline", "rb").read().split(b"\\0")[1].decode())';

  it('runs python3 <file> with exactly its startup env as a fork, with another as a fresh interpreter', async () => {
    expect((await started.run(argv, startupEnv)).stdout).toBe('-c\n');
    expect((await started.run(argv, { ...startupEnv, PYTHONHASHSEED: '1' })).stdout).toMatch(/^case-\d+\.py\n$/);
    expect((await started.run(argv, { PYTHONHASHSEED: '0' })).stdout).toMatch(/^case-\d+\.py\n$/);
  });

  it('gives a fork the sys.path, hash seed, flags and locale of a fresh interpreter started with that env', async () => {
    const probe = [
      'import locale, sys, ppmod',
      'print(ppmod.VALUE, sys.path)',
      'print(hash("berth"), sys.flags.hash_randomization, sys.flags.safe_path, sys.flags.utf8_mode)',
      'print(locale.setlocale(locale.LC_CTYPE), sys.stdout.encoding)',
    ].join('\n');
    const forked = await started.run(probe, startupEnv);
    const fresh = await plain.run(probe, startupEnv);
    expect(forked).toEqual(fresh);
    expect(forked.stdout).toMatch(/^pp \[.*'[^']*pp'.*\]\n-?\d+ 0 True 1\nC utf-8\n$/);
  });

  it('gives a fork a PYTHONPATH directory made after its runner started, as a fresh interpreter sees it', async () => {
    const late = { PYTHONPATH: join(dir, 'late') }; // absent when the runner starts
    const runner = new ScriptRunner(dir, late);
    try {
      await runner.ready;
      await runner.run('pass', late); // the runner has imported from its sys.path once
      mkdirSync(join(dir, 'late'));
      writeFileSync(join(dir, 'late', 'latemod.py'), 'print("late")\n');
      const code = 'print(open("/proc/self/cmdline", "rb").read().split(b"\\0")[1].decode())\nimport latemod';
      expect(await runner.run(code, late)).toMatchObject({ exitCode: 0, stdout: '-c\nlate\n', stderr: '' });
    } finally {
      runner.close();
    }
  });

  for (const name of [
    'module globals, argv, sys.path[0]',
    'an uncaught exception: traceback without runner frames, exit 1',
  ]) {
    it(`gives a fork of a runner with a startup env the results of a fresh interpreter: ${name}`, async () => {
      const { code } = PROGRAMS[name] as { code: string };
      const file = (s: string) => s.replace(/case-\d+\.py/g, 'case.py');
      const names = (o: Outcome) => ({ ...o, stdout: file(o.stdout), stderr: file(o.stderr) });
      expect(names(await started.run(code, startupEnv))).toEqual(names(await plain.run(code, startupEnv)));
    });
  }
});
