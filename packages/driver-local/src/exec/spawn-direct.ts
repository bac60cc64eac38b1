import { trySignal } from '../process/signals.js';
import type { ExecStarter } from './exec-process.js';
import { execa } from './execa.js';

/** Where and how a directly spawned exec runs: argv (already wrapped for cgroups/rlimits), cwd and env. */
export interface DirectExecLaunch {
  /** argv. */
  argv: string[];
  /** Host working directory. */
  cwd: string;
  /** Full environment. */
  env: Record<string, string>;
}

/**
 * Spawns the exec from the driver process as its own process group (used when the container's supervisor
 * serves no exec socket: no cgroups, or a supervisor from an older version). `cleanup` kills it when the
 * driver exits.
 */
export function directExecStarter(launch: DirectExecLaunch): ExecStarter {
  return (sink) => {
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
    let spawnError: string | null = null;
    let outputSeen = false;
    sub.stdout?.on('data', (c: Buffer) => {
      outputSeen = true;
      sink.data('stdout', c);
    });
    sub.stderr?.on('data', (c: Buffer) => {
      outputSeen = true;
      sink.data('stderr', c);
    });
    sub.stdin?.on('error', () => {
      // the command exited without reading its stdin
    });
    // Background processes the command left behind may hold its pipes open: once the command itself has
    // exited, stop reading when 100 ms passed without output (they keep running in the container until it
    // stops), after one more poll for what is already in the pipes (a busy host may run the timer before the
    // poll phase that reads the command's last output).
    let drainTimer: ReturnType<typeof setTimeout> | undefined;
    const drain = (): void => {
      if (outputSeen) {
        outputSeen = false;
        drainTimer = setTimeout(drain, 100);
        return;
      }
      setImmediate(() => {
        sub.stdout?.destroy();
        sub.stderr?.destroy();
      });
    };
    sub.on('exit', () => {
      outputSeen = false;
      drainTimer = setTimeout(drain, 100);
    });
    sub.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.message;
    });
    void sub.then((r) => {
      if (drainTimer !== undefined) clearTimeout(drainTimer);
      sink.exit({ exitCode: r.exitCode ?? null, signal: r.signal ?? null, error: spawnError });
    });
    return {
      write: (data) =>
        new Promise<void>((resolve, reject) => {
          const stdin = sub.stdin;
          if (stdin === null || stdin.writableEnded) {
            resolve();
            return;
          }
          stdin.write(data, (err) => (err ? reject(err) : resolve()));
        }),
      end: () => {
        sub.stdin?.end();
      },
      kill: () => {
        if (sub.pid !== undefined && !trySignal(-sub.pid, 'SIGKILL')) trySignal(sub.pid, 'SIGKILL');
      },
    };
  };
}
