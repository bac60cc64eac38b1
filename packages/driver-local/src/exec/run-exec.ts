import type { ExecHandle, ExecResult, ExecSpec, OutputChunk } from '@berth/core';
import { execa } from 'execa';
import { ReplaySubject } from 'rxjs';
import { exitCodeForSignal, trySignal } from '../process/signals.js';

/** Where and how an exec runs: argv already wrapped for the container's cgroups, host cwd and env. */
export interface ExecLaunch {
  /** Wrapped argv. */
  argv: string[];
  /** Host working directory. */
  cwd: string;
  /** Full environment. */
  env: Record<string, string>;
}

/**
 * Starts a command as its own process group (so timeout, kill and abort take its whole tree) and returns
 * the contract's {@link ExecHandle}. Output is replayed to each subscriber of `output$`. When `spec.stdin`
 * is given it is written and stdin closed; otherwise stdin stays open for `write`/`end` (`exec` closes it).
 */
export function runExec(launch: ExecLaunch, spec: ExecSpec, closeStdin: boolean): ExecHandle {
  const started = Date.now();
  const [file, ...args] = launch.argv as [string, ...string[]];
  const sub = execa(file, args, {
    cwd: launch.cwd,
    env: launch.env,
    extendEnv: false,
    detached: true,
    cleanup: true,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
  });
  const output$ = new ReplaySubject<OutputChunk>();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let timedOut = false;
  let spawnError: string | null = null;
  const killTree = (): void => {
    if (sub.pid !== undefined && !trySignal(-sub.pid, 'SIGKILL')) trySignal(sub.pid, 'SIGKILL');
  };
  sub.stdout?.on('data', (c: Buffer) => {
    stdout.push(c);
    output$.next({ stream: 'stdout', data: new Uint8Array(c) });
  });
  sub.stderr?.on('data', (c: Buffer) => {
    stderr.push(c);
    output$.next({ stream: 'stderr', data: new Uint8Array(c) });
  });
  sub.stdin?.on('error', () => {
    // the command exited without reading its stdin
  });
  // Background processes the command left behind may hold its pipes open: once the command itself has
  // exited, take what is buffered and stop waiting (they keep running in the container until it stops).
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  sub.on('exit', () => {
    drainTimer = setTimeout(() => {
      sub.stdout?.destroy();
      sub.stderr?.destroy();
    }, 100);
  });
  sub.on('error', (err: NodeJS.ErrnoException) => {
    spawnError = err.message;
  });
  if (spec.stdin !== undefined) sub.stdin?.end(spec.stdin);
  else if (closeStdin) sub.stdin?.end();
  const timer =
    spec.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killTree();
        }, spec.timeoutMs);
  const onAbort = (): void => killTree();
  spec.signal?.addEventListener('abort', onAbort, { once: true });

  const exit = sub.then((r): ExecResult => {
    if (timer !== undefined) clearTimeout(timer);
    if (drainTimer !== undefined) clearTimeout(drainTimer);
    spec.signal?.removeEventListener('abort', onAbort);
    let code = r.exitCode ?? (r.signal === undefined ? 1 : exitCodeForSignal(r.signal));
    if (spawnError !== null && r.exitCode === undefined && r.signal === undefined) {
      code = 127;
      const msg = Buffer.from(`${spawnError}\n`);
      stderr.push(msg);
      output$.next({ stream: 'stderr', data: new Uint8Array(msg) });
    }
    output$.complete();
    const result: ExecResult = {
      exitCode: code,
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
      durationMs: Date.now() - started,
      timedOut,
    };
    if (spec.signal?.aborted === true) throw spec.signal.reason;
    return result;
  });

  return {
    output$: output$.asObservable(),
    exit,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        const stdin = sub.stdin;
        if (stdin === null || stdin.writableEnded) {
          resolve();
          return;
        }
        stdin.write(data, (err) => (err ? reject(err) : resolve()));
      }),
    end: async () => {
      sub.stdin?.end();
    },
    kill: async () => {
      killTree();
      await exit.catch(() => undefined);
    },
  };
}
