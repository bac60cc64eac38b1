import type { ContainerInstance, ExecSpec } from '@berth/core';
import { basename } from '../fs/posix-path.js';

/**
 * Which commands a scripted handler takes over: a command name (`'python'`, also matching
 * `/usr/bin/python`), an argv prefix (`['git', 'clone']`), a RegExp tested on the argv joined with spaces,
 * or a predicate on argv.
 */
export type ExecMatcher = string | readonly string[] | RegExp | ((argv: readonly string[]) => boolean);

/** What a scripted exec handler gets. */
export interface ExecHandlerContext {
  /** The container it runs in. */
  container: ContainerInstance;
  /** The exec's spec (for a main process: its command, env and working directory). */
  spec: ExecSpec;
  /** The argv that matched (inside `sh -c`, the one simple command). */
  argv: string[];
  /** The exec's `spec.stdin` as UTF-8 text (`''` when none); see {@link readStdin} for streamed input. */
  stdin: string;
  /** Reads the command's stdin to EOF (what `execStream().write()` sends, or a pipe). */
  readStdin(): Promise<Uint8Array>;
  /** Reads the next chunk of the command's stdin as it arrives (`null` at EOF), for interactive commands. */
  readStdinChunk(): Promise<Uint8Array | null>;
  /** Writes to the command's stdout. */
  writeStdout(data: string | Uint8Array): void;
  /** Writes to the command's stderr. */
  writeStderr(data: string | Uint8Array): void;
  /** Aborted when the command is killed (timeout, `kill()`, container stop). */
  signal: AbortSignal;
  /** The command's environment. */
  env: Record<string, string>;
  /** The command's working directory. */
  cwd: string;
}

/** What a handler returns: an exit code (default 0) and output appended after anything written. */
export interface ExecHandlerResult {
  /** Exit status. Default 0. */
  exitCode?: number;
  /** Appended to stdout. */
  stdout?: string | Uint8Array;
  /** Appended to stderr. */
  stderr?: string | Uint8Array;
}

/**
 * A scripted command. Return a result, nothing (exit 0), or a promise of either; throw a `BerthError`
 * to make the driver call itself reject with it.
 */
export type ExecHandler = (
  context: ExecHandlerContext,
) => ExecHandlerResult | undefined | Promise<ExecHandlerResult | undefined> | void | Promise<void>;

/** `true` when `matcher` selects `argv`. */
export function matchesExec(matcher: ExecMatcher, argv: readonly string[]): boolean {
  const [name] = argv;
  if (name === undefined) return false;
  if (typeof matcher === 'string') return name === matcher || basename(name) === matcher;
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0;
    return matcher.test(argv.join(' '));
  }
  if (typeof matcher === 'function') return matcher(argv);
  return (
    matcher.length > 0 &&
    matcher.every((part, i) => (i === 0 ? part === name || part === basename(name) : part === argv[i]))
  );
}

/** Scripted handlers in registration order; the newest match wins. */
export class ExecScripts {
  readonly #entries: { matcher: ExecMatcher; handler: ExecHandler }[] = [];

  /** Adds a handler; the returned function removes it. */
  add(matcher: ExecMatcher, handler: ExecHandler): () => void {
    const entry = { matcher, handler };
    this.#entries.push(entry);
    return () => {
      const index = this.#entries.indexOf(entry);
      if (index >= 0) this.#entries.splice(index, 1);
    };
  }

  /** The newest handler matching `argv`. */
  find(argv: readonly string[]): ExecHandler | undefined {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i];
      if (entry !== undefined && matchesExec(entry.matcher, argv)) return entry.handler;
    }
    return undefined;
  }

  /** Removes every handler. */
  clear(): void {
    this.#entries.length = 0;
  }
}
