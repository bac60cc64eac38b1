import type { ExecResult, ExecSpec, OutputChunk } from '@berth/core';
import { concatBytes, type InputSource } from '../shell/shell-io.js';
import { type CommandHook, ShellProcess } from '../shell/shell-process.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { containerKernel } from './container-kernel.js';
import type { MockContainer } from './mock-container.js';

/** What {@link startExecProcess} needs. */
export interface ExecProcessInit {
  /** The (running) container. */
  container: MockContainer;
  /** The validated spec. */
  spec: ExecSpec;
  /** Its stdin. */
  stdin: InputSource;
  /** Timers (for `timeoutMs`). */
  timers: TimerRegistry;
  /** Scripted commands. */
  hook: CommandHook;
  /** Receives output as it is written (execStream). */
  onOutput?: (chunk: OutputChunk) => void;
}

/** An exec's process, started. */
export interface StartedExec {
  /** Its process (kill it with `terminate(137)`). */
  process: ShellProcess;
  /** Settles when it exits; rejects only when a scripted handler throws. */
  result: Promise<ExecResult>;
}

/**
 * Starts `spec.command` in the container's mini shell with the container's env (plus `spec.env`) and
 * working directory; `timeoutMs` kills it with 137 and reports `timedOut: true`.
 */
export function startExecProcess(init: ExecProcessInit): StartedExec {
  const { container, spec, timers } = init;
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const startedAt = Date.now();
  const process = new ShellProcess({
    fs: container.fs,
    timers,
    env: { ...container.env, ...spec.env },
    cwd: spec.workingDir ?? container.cwd,
    stdin: init.stdin,
    stdout: (data) => {
      stdout.push(data);
      init.onOutput?.({ stream: 'stdout', data });
    },
    stderr: (data) => {
      stderr.push(data);
      init.onOutput?.({ stream: 'stderr', data });
    },
    hook: init.hook,
    kernel: containerKernel(container, false),
  });
  container.execs.add(process);
  let timedOut = false;
  const timer =
    spec.timeoutMs === undefined
      ? undefined
      : timers.setTimeout(() => {
          timedOut = process.terminate(137);
        }, spec.timeoutMs);
  const decoder = new TextDecoder();
  const result = process.run(spec.command).then(
    (exitCode): ExecResult => {
      timers.clearTimeout(timer);
      container.execs.delete(process);
      return {
        exitCode,
        stdout: decoder.decode(concatBytes(stdout)),
        stderr: decoder.decode(concatBytes(stderr)),
        durationMs: Math.max(0, Date.now() - startedAt),
        timedOut,
      };
    },
    (err: unknown) => {
      timers.clearTimeout(timer);
      container.execs.delete(process);
      throw err;
    },
  );
  return { process, result };
}
