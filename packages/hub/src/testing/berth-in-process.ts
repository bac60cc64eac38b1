import { jest } from '@jest/globals';
import { CliExit, exitCodeFor } from '../cli/exit-codes.js';
import { buildProgram } from '../cli/program.js';

/** What one `berth …` run printed, and its exit code. */
export interface BerthOutput {
  stdout: string;
  stderr: string;
  code: number;
}

/** A `berth …` run in progress (see {@link startBerth}). */
export interface BerthRun {
  /** What it printed to stdout so far. */
  stdout(): string;
  /** What it printed to stderr so far. */
  stderr(): string;
  /** Settles with everything it printed and its exit code; rejects with what the CLI threw. */
  done: Promise<BerthOutput>;
}

/**
 * Starts `berth …` in-process (stdout and stderr captured until it ends; one run at a time) and resets
 * `process.exitCode` when it ends.
 */
export function startBerth(...args: string[]): BerthRun {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const argv = ['node', 'berth', ...args];
  process.exitCode = 0;
  const done = buildProgram(argv)
    .parseAsync(argv)
    .then(() => ({ stdout, stderr, code: Number(process.exitCode ?? 0) }))
    .finally(() => {
      out.mockRestore();
      err.mockRestore();
      process.exitCode = 0;
    });
  return { stdout: () => stdout, stderr: () => stderr, done };
}

/**
 * Runs `berth …` in-process to its end. What the CLI throws becomes its exit code as `main.ts` maps it (help is 0,
 * `CliExit` its code, anything else `exitCodeFor`), with the message appended to stderr.
 */
export async function runBerth(...args: string[]): Promise<BerthOutput> {
  const run = startBerth(...args);
  try {
    return await run.done;
  } catch (e) {
    const code =
      (e as { code?: unknown }).code === 'commander.helpDisplayed' ? 0 : e instanceof CliExit ? e.code : exitCodeFor(e);
    return { stdout: run.stdout(), stderr: run.stderr() + String((e as Error).message), code };
  }
}
