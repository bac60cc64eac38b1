import type { VirtualFs } from '../fs/virtual-fs.js';
import type { ShellIo } from './shell-io.js';
import type { ShellKernel } from './shell-kernel.js';

/** Variables, working directory and last status of one shell (a nested `sh -c` gets a copy). */
export interface ShellState {
  /** Variables (all exported). */
  env: Map<string, string>;
  /** Working directory. */
  cwd: string;
  /** `$?`. */
  lastStatus: number;
  /** Positional parameters `$0`, `$1` … */
  positional: string[];
}

/** Thrown by `exit N`; ends the innermost shell with status `code`. */
export class ExitRequest {
  /**
   * @param code - the exit status.
   */
  constructor(readonly code: number) {}
}

/** What a built-in command can use. */
export interface BuiltinContext {
  /** Arguments after the command name. */
  args: string[];
  /** Standard streams. */
  io: ShellIo;
  /** The shell's state. */
  state: ShellState;
  /** The container's filesystem. */
  fs: VirtualFs;
  /** Waits `ms` (virtual-time friendly); rejects when the process is killed. */
  sleep(ms: number): Promise<void>;
  /** Reads stdin; rejects when the process is killed. */
  read(): Promise<Uint8Array | null>;
  /** Runs a script in a nested shell (`sh -c`), returning its status. */
  runScript(script: string, positional: string[]): Promise<number>;
  /** Sets the process's SIGTERM disposition: `''` ignore, `null` default, other text run then exit. */
  trapTerm(action: string | null): void;
  /** The container's simulated limits (pids, memory, cpu, disk). */
  kernel: ShellKernel;
  /** Ends the process as the OOM killer does (status 137); never resolves normally. */
  oomKill(): Promise<never>;
}

/** A built-in command: returns its exit status. */
export type Builtin = (ctx: BuiltinContext) => Promise<number> | number;
