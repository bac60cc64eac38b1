import { FsError } from '../fs/fs-error.js';
import { basename } from '../fs/posix-path.js';
import type { VirtualFs } from '../fs/virtual-fs.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { type BuiltinContext, ExitRequest, type ShellState } from './builtin-context.js';
import { BUILTINS } from './builtins.js';
import { parseScript, ShellSyntaxError } from './parse-script.js';
import type { Redirect, Script, SimpleCommand, Word } from './script-ast.js';
import {
  concatBytes,
  EMPTY_INPUT,
  type InputSource,
  inputOf,
  type OutputSink,
  type ShellIo,
  utf8,
} from './shell-io.js';
import { type ShellKernel, UNLIMITED_KERNEL } from './shell-kernel.js';

/** Signals the mock delivers. */
export type MockSignal = 'TERM' | 'KILL';

/** What a {@link CommandHook} sees besides argv and the streams. */
export interface HookContext {
  /** Environment of the command. */
  env: Record<string, string>;
  /** Working directory. */
  cwd: string;
  /** Aborted when the process is killed. */
  signal: AbortSignal;
}

/**
 * Lets the driver take over a command (scripted `onExec` handlers): return a promise of the exit status,
 * or `undefined` to let the mini shell run it.
 */
export type CommandHook = (argv: string[], io: ShellIo, context: HookContext) => Promise<number> | undefined;

/** Options of {@link ShellProcess}. */
export interface ShellProcessOptions {
  /** The container's filesystem. */
  fs: VirtualFs;
  /** Timer registry (virtual-time friendly). */
  timers: TimerRegistry;
  /** Environment. */
  env: Record<string, string>;
  /** Working directory. Default `/`. */
  cwd?: string;
  /** Standard input. Default: empty. */
  stdin?: InputSource;
  /** Receives stdout bytes. */
  stdout: OutputSink;
  /** Receives stderr bytes. */
  stderr: OutputSink;
  /** Scripted commands, consulted before the built-ins. */
  hook?: CommandHook;
  /** Simulated limits of the container. Default: none. */
  kernel?: ShellKernel;
}

/** Abort reason when a process is killed. */
class Killed {
  constructor(
    readonly code: number,
    readonly trapAction?: string,
  ) {}
}

/**
 * One process of the mini shell: runs an argv (a built-in, or `sh -c SCRIPT`), honours `TERM`/`KILL`
 * (`trap '' TERM` ignores TERM), and waits only through the {@link TimerRegistry}, so fake timers drive it.
 * Exit status is `143` after TERM and `137` after KILL.
 *
 * @example
 * ```ts
 * const p = new ShellProcess({ fs, timers, env: {}, stdout: (b) => out.push(b), stderr: () => {} });
 * const exit = p.run(['sh', '-c', 'echo hi; sleep 60']);
 * p.kill('TERM'); // exit resolves to 143
 * ```
 */
export class ShellProcess {
  readonly #options: ShellProcessOptions;
  readonly #kernel: ShellKernel;
  #controller = new AbortController();
  #termAction: string | null = null;
  #started = false;
  #finished = false;
  #silenced = false;

  /**
   * @param options - filesystem, timers, environment and streams.
   */
  constructor(options: ShellProcessOptions) {
    this.#options = options;
    this.#kernel = options.kernel ?? UNLIMITED_KERNEL;
  }

  /** `true` between {@link run} and the exit. */
  get running(): boolean {
    return this.#started && !this.#finished;
  }

  /** Runs `argv` to completion; resolves with the exit status. Rejects only when a hook throws. */
  async run(argv: readonly string[]): Promise<number> {
    this.#started = true;
    const state: ShellState = {
      env: new Map(Object.entries(this.#options.env)),
      cwd: this.#options.cwd ?? '/',
      lastStatus: 0,
      positional: ['sh'],
    };
    const io: ShellIo = {
      stdin: this.#options.stdin ?? EMPTY_INPUT,
      stdout: (data) => {
        if (!this.#silenced && !this.#finished) this.#options.stdout(data);
      },
      stderr: (data) => {
        if (!this.#silenced && !this.#finished) this.#options.stderr(data);
      },
    };
    try {
      return await this.#execArgv([...argv], io, state, this.#controller.signal);
    } catch (err) {
      return await this.#ended(err, io, state);
    } finally {
      this.#finished = true;
    }
  }

  /**
   * Delivers a signal. Returns `false` when it had no effect (process not running, or TERM ignored by
   * `trap '' TERM`).
   */
  kill(signal: MockSignal): boolean {
    if (!this.running) return false;
    if (signal === 'KILL') return this.terminate(137);
    if (this.#termAction === '') return false;
    const action = this.#termAction;
    this.#termAction = null;
    if (action === null) return this.terminate(143);
    this.#controller.abort(new Killed(143, action));
    return true;
  }

  /** Ends the process at once with `code`, whatever its traps (used for KILL, OOM and scripted exits). */
  terminate(code: number): boolean {
    if (!this.running) return false;
    this.#silenced = true;
    this.#controller.abort(new Killed(code));
    return true;
  }

  async #ended(err: unknown, io: ShellIo, state: ShellState): Promise<number> {
    if (err instanceof ExitRequest) return err.code;
    if (err instanceof ShellSyntaxError) {
      io.stderr(utf8(`sh: ${err.message}\n`));
      return 2;
    }
    if (!(err instanceof Killed)) throw err;
    if (err.trapAction === undefined) return err.code;
    // A TERM trap with an action: run it, then exit (with the action's `exit N`, else 143).
    this.#controller = new AbortController();
    try {
      await this.#runScript(parseScript(err.trapAction), io, state, this.#controller.signal);
      return err.code;
    } catch (inner) {
      if (inner instanceof ExitRequest) return inner.code;
      if (inner instanceof Killed) return inner.code;
      if (inner instanceof ShellSyntaxError) return 2;
      throw inner;
    }
  }

  #guard<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  async #execArgv(argv: string[], io: ShellIo, state: ShellState, signal: AbortSignal): Promise<number> {
    signal.throwIfAborted();
    const [name, ...args] = argv;
    if (name === undefined) return 0;
    const hooked = this.#options.hook?.(argv, io, { env: Object.fromEntries(state.env), cwd: state.cwd, signal });
    if (hooked !== undefined) return await this.#guard(hooked, signal);
    const builtin = BUILTINS.get(basename(name));
    if (builtin === undefined) {
      io.stderr(utf8(`sh: ${name}: not found\n`));
      return 127;
    }
    const context: BuiltinContext = {
      args,
      io,
      state,
      fs: this.#options.fs,
      sleep: (ms) => this.#options.timers.delay(ms, signal),
      read: () => this.#guard(io.stdin.read(), signal),
      runScript: (script, positional) => this.#runNested(script, positional, io, state, signal),
      trapTerm: (action) => {
        this.#termAction = action;
      },
      kernel: this.#kernel,
      oomKill: () => {
        this.#kernel.oomKilled();
        this.terminate(137);
        return Promise.reject(signal.reason);
      },
    };
    return await builtin(context);
  }

  async #runNested(
    source: string,
    positional: string[],
    io: ShellIo,
    parent: ShellState,
    signal: AbortSignal,
  ): Promise<number> {
    const state: ShellState = { env: new Map(parent.env), cwd: parent.cwd, lastStatus: 0, positional };
    try {
      return await this.#runScript(parseScript(source), io, state, signal);
    } catch (err) {
      if (err instanceof ExitRequest) return err.code;
      if (err instanceof ShellSyntaxError) {
        io.stderr(utf8(`sh: ${err.message}\n`));
        return 2;
      }
      throw err;
    }
  }

  async #runScript(script: Script, io: ShellIo, state: ShellState, signal: AbortSignal): Promise<number> {
    for (const item of script) {
      if (item.connector === '&&' && state.lastStatus !== 0) continue;
      if (item.connector === '||' && state.lastStatus === 0) continue;
      // Every stage of a pipeline is a process of its own, all alive at once: the pids limit can refuse them.
      const forked = item.pipeline.length > 1 ? item.pipeline.length : 0;
      if (forked > 0 && !this.#kernel.fork(forked)) {
        io.stderr(utf8("sh: can't fork: Resource temporarily unavailable\n"));
        throw new ExitRequest(2);
      }
      try {
        state.lastStatus = await this.#runPipeline(item.pipeline, io, state, signal);
      } finally {
        if (forked > 0) this.#kernel.release(forked);
      }
    }
    return state.lastStatus;
  }

  /** Runs the stages one after another, each reading what the previous one wrote. */
  async #runPipeline(pipeline: SimpleCommand[], io: ShellIo, state: ShellState, signal: AbortSignal): Promise<number> {
    let input = io.stdin;
    let status = state.lastStatus;
    for (let i = 0; i < pipeline.length; i++) {
      const command = pipeline[i];
      if (command === undefined) continue;
      const last = i === pipeline.length - 1;
      const captured: Uint8Array[] = [];
      const stageIo: ShellIo = last
        ? { ...io, stdin: input }
        : { ...io, stdin: input, stdout: (d) => captured.push(d) };
      status = await this.#runSimple(command, stageIo, state, signal);
      state.lastStatus = status;
      input = inputOf(concatBytes(captured));
    }
    return status;
  }

  async #runSimple(command: SimpleCommand, io: ShellIo, state: ShellState, signal: AbortSignal): Promise<number> {
    signal.throwIfAborted();
    const words = command.words.flatMap((word) => this.#expand(word, state));
    const assignments: [string, string][] = [];
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? '')) {
      const word = words.shift() ?? '';
      const eq = word.indexOf('=');
      assignments.push([word.slice(0, eq), word.slice(eq + 1)]);
    }
    let commandIo: ShellIo;
    try {
      commandIo = this.#redirect(command.redirects, io, state);
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      io.stderr(
        utf8(`sh: can't ${err.code === 'ENOENT' && err.path ? 'open' : 'create'} ${err.path}: ${err.reason}\n`),
      );
      return 1;
    }
    if (words.length === 0) {
      for (const [k, v] of assignments) state.env.set(k, v);
      return 0;
    }
    if (assignments.length === 0) return this.#execArgv(words, commandIo, state, signal);
    const scoped: ShellState = { ...state, env: new Map([...state.env, ...assignments]) };
    const status = await this.#execArgv(words, commandIo, scoped, signal);
    state.cwd = scoped.cwd;
    return status;
  }

  #expand(word: Word, state: ShellState): string[] {
    let out = '';
    for (const part of word.parts) {
      if (part.kind === 'text') out += part.text;
      else {
        const value = lookup(part.name, state);
        out += value === undefined || value === '' ? (part.fallback ?? value ?? '') : value;
      }
    }
    // An unquoted expansion that is empty yields no word at all, as in sh.
    if (out === '' && !word.parts.some((p) => p.quoted)) return [];
    return [out];
  }

  #redirect(redirects: Redirect[], io: ShellIo, state: ShellState): ShellIo {
    if (redirects.length === 0) return io;
    const fds = new Map<number, OutputSink>([
      [1, io.stdout],
      [2, io.stderr],
    ]);
    let stdin = io.stdin;
    const fs = this.#options.fs;
    for (const r of redirects) {
      if (r.op === '>&') {
        fds.set(r.fd, fds.get(r.targetFd) ?? (() => undefined));
        continue;
      }
      const path = this.#expand(r.target, state).join(' ');
      if (r.op === '<') {
        stdin = inputOf(fs.read(path, state.cwd));
        continue;
      }
      fs.write(path, new Uint8Array(0), { append: r.op === '>>' }, state.cwd);
      fds.set(r.fd, (data) => {
        try {
          fs.write(path, data, { append: true }, state.cwd);
        } catch {
          // The file vanished mid-write: the bytes are lost, as with a real shell.
        }
      });
    }
    return { stdin, stdout: fds.get(1) ?? io.stdout, stderr: fds.get(2) ?? io.stderr };
  }
}

function lookup(name: string, state: ShellState): string | undefined {
  if (name === '?') return String(state.lastStatus);
  if (name === '$' || name === '!') return '1';
  if (name === '#') return String(Math.max(0, state.positional.length - 1));
  if (name === '@' || name === '*') return state.positional.slice(1).join(' ');
  if (/^[0-9]$/.test(name)) return state.positional[Number(name)];
  return state.env.get(name);
}
