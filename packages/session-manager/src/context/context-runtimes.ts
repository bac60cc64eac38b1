import { transpileTypeScript } from '../code/transpile-typescript.js';
import { BASH_REPL_SCRIPT } from './bash-repl-script.js';
import { NODE_REPL_SCRIPT } from './node-repl-script.js';
import { PYTHON_REPL_SCRIPT } from './python-repl-script.js';

/** Languages with stateful contexts. */
export const CONTEXT_LANGUAGES = ['python', 'javascript', 'typescript', 'bash'] as const;

/** A language with stateful contexts. */
export type ContextLanguage = (typeof CONTEXT_LANGUAGES)[number];

/** How a context language runs: its interpreter script, argv, code transform and whether a busy run can be interrupted. */
export interface ContextRuntime {
  /** The interpreter script written into the container. */
  script: string;
  /** Its file name in the working directory. */
  file: string;
  /** argv of the interpreter: script path, reply delimiter, working directory (`''` = the container's). */
  command: (scriptPath: string, delimiter: string, cwd: string) => string[];
  /** What the host does to the code before sending it (TypeScript: transpiled, types stripped). */
  prepare: (code: string) => string;
  /** Whether a busy run can be interrupted with its state kept (else a timeout restarts the interpreter). */
  interruptible: boolean;
}

const same = (code: string): string => code;

/** The runtime of each context language. */
export const CONTEXT_RUNTIMES: Readonly<Record<ContextLanguage, ContextRuntime>> = Object.freeze({
  python: {
    script: PYTHON_REPL_SCRIPT,
    file: 'context-repl.py',
    command: (p: string, d: string, cwd: string) => ['python3', '-u', p, d, cwd],
    prepare: same,
    interruptible: true,
  },
  javascript: {
    script: NODE_REPL_SCRIPT,
    file: 'context-repl.js',
    command: (p: string, d: string, cwd: string) => ['node', p, d, cwd],
    prepare: same,
    interruptible: true,
  },
  typescript: {
    script: NODE_REPL_SCRIPT,
    file: 'context-repl.js',
    command: (p: string, d: string, cwd: string) => ['node', p, d, cwd],
    prepare: transpileTypeScript,
    interruptible: true,
  },
  bash: {
    script: BASH_REPL_SCRIPT,
    file: 'context-repl.sh',
    command: (p: string, d: string, cwd: string) => ['bash', p, d, cwd],
    prepare: same,
    interruptible: true,
  },
});
