import type { FileEntry } from '@berth/core';
import type { ExecuteCodeRequest } from './code-request.js';
import { LANGUAGE_RUNTIMES } from './languages.js';
import { transpileTypeScript } from './transpile-typescript.js';

/** The file a code run writes and the argv that runs it. */
export interface CodeFile {
  /** The code file (relative to the container's working directory). */
  file: FileEntry;
  /** argv that runs it. */
  command: string[];
}

/**
 * The file of a session's `runNumber`-th code run: `run-<n>.<ext>`, relative to the container's working
 * directory (the same place to `putFiles` and to processes on every driver). TypeScript is transpiled here,
 * on the host. The code is never spliced into a shell command.
 *
 * @example
 * ```ts
 * codeFile({ language: 'python', code: 'print(1)' }, 3); // { file: { path: 'run-3.py', … }, command: ['python3', 'run-3.py'] }
 * ```
 */
export function codeFile(req: ExecuteCodeRequest, runNumber: number): CodeFile {
  const runtime = LANGUAGE_RUNTIMES[req.language];
  const path = `run-${runNumber}.${runtime.extension}`;
  const content = req.language === 'typescript' ? transpileTypeScript(req.code) : req.code;
  return { file: { path, content, mode: 0o644 }, command: runtime.command(path) };
}
