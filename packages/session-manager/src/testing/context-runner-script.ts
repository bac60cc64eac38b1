import type { MockDriver } from '@berth/driver-mock';
import type { ContextRunError, MimeBundle } from '../context/index.js';

/** One cell a scripted context runner is asked to run. */
export interface ScriptedCell {
  /** The code as the interpreter got it (TypeScript already transpiled). */
  code: string;
  /** The interpreter's argv (`[interpreter, …, script, delimiter, cwd]`). */
  argv: readonly string[];
  /** The interpreter's environment. */
  env: Record<string, string>;
  /** Sends a piece of output at once (an `out`/`err` event). */
  write(stream: 'stdout' | 'stderr', text: string): void;
  /** Sends a MIME bundle (a `display` event). */
  display(bundle: MimeBundle): void;
  /** Aborted when the host interrupts the run; a cell that then settles is answered as `KeyboardInterrupt`. */
  interrupt: AbortSignal;
}

/** What a scripted cell answers (exit code 0 unless given; 1 by default with an `error`). */
export interface ScriptedCellResult {
  /** Exit code. */
  exitCode?: number;
  /** The trailing value's text. */
  text?: string;
  /** The exception. */
  error?: ContextRunError;
}

/** Runs one cell of a scripted context; `undefined` is exit 0 with nothing else. */
export type ScriptedCellHandler = (
  cell: ScriptedCell,
) => ScriptedCellResult | undefined | Promise<ScriptedCellResult | undefined>;

/** What {@link scriptContextRunner} returns: how often an interpreter started, and how many run now. */
export interface ScriptedRunnerStats {
  /** Interpreters started. */
  started(): number;
  /** Interpreters running now. */
  running(): number;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64') || '-';

/**
 * Scripts the context interpreters (`python3`, `node`, `bash`) on a mock so they speak the context protocol:
 * `ready`, then each `<id> run <timeout> <b64>` request is handed to `handler` in order and answered with
 * framed `out`/`err`/`display`/`done` events; `<id> interrupt` aborts that cell's `interrupt` signal and its
 * answer becomes `KeyboardInterrupt` (exit 130). With `answerInterrupts: false` interrupts are ignored (an
 * interpreter stuck in native code). The mock's stand-in for the real interpreter scripts.
 *
 * @example
 * ```ts
 * const state = new Map<string, string>();
 * scriptContextRunner(mock, ({ code }) => ({ text: state.get(code) ?? 'None' }));
 * ```
 */
export function scriptContextRunner(
  mock: MockDriver,
  handler: ScriptedCellHandler,
  options: { answerInterrupts?: boolean } = {},
): ScriptedRunnerStats {
  let started = 0;
  let running = 0;
  for (const command of ['python3', 'node', 'bash']) {
    mock.onExec(command, async ({ argv, env, readStdinChunk, writeStdout, signal }) => {
      const delimiter = argv.find((a) => a.startsWith('@@BERTH-')) ?? '';
      const emit = (line: string): void => writeStdout(`\n${delimiter}${line}\n`);
      started += 1;
      running += 1;
      const interrupts = new Map<string, AbortController>();
      const requests: string[][] = [];
      let wake: (() => void) | undefined;
      let ended = false;
      const reader = (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        for (let chunk = await readStdinChunk(); chunk !== null; chunk = await readStdinChunk()) {
          buffer += decoder.decode(chunk, { stream: true });
          let nl = buffer.indexOf('\n');
          while (nl >= 0) {
            const parts = buffer.slice(0, nl).trim().split(' ');
            buffer = buffer.slice(nl + 1);
            nl = buffer.indexOf('\n');
            if (parts[1] === 'interrupt') {
              if (options.answerInterrupts !== false) interrupts.get(parts[0] ?? '')?.abort();
            } else if (parts[1] === 'run') {
              interrupts.set(parts[0] ?? '', new AbortController());
              requests.push(parts);
              wake?.();
            }
          }
        }
        ended = true;
        wake?.();
      })();
      emit(`ready ${started}`);
      const worker = (async () => {
        for (;;) {
          const next = requests.shift();
          if (next === undefined) {
            if (ended || signal.aborted) return;
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            continue;
          }
          const [id = '', , , payload = '-'] = next;
          const code = payload === '-' ? '' : Buffer.from(payload, 'base64').toString('utf8');
          const interrupt = interrupts.get(id)?.signal ?? new AbortController().signal;
          const cell: ScriptedCell = {
            code,
            argv,
            env,
            interrupt,
            write: (stream, text) => emit(`${id} ${stream === 'stdout' ? 'out' : 'err'} ${b64(text)}`),
            display: (bundle) =>
              emit(
                `${id} display ${Object.entries(bundle)
                  .map(([k, v]) => `${k}=${b64(v)}`)
                  .join(' ')}`,
              ),
          };
          let result: ScriptedCellResult | undefined;
          try {
            result = await handler(cell);
          } catch (err) {
            const e = err instanceof Error ? err : new Error(String(err));
            result = { error: { name: e.name, value: e.message, traceback: e.stack ?? e.message } };
          }
          if (interrupt.aborted) {
            result = {
              exitCode: 130,
              error: { name: 'KeyboardInterrupt', value: '', traceback: 'KeyboardInterrupt\n' },
            };
          }
          const error = result?.error;
          const exitCode = result?.exitCode ?? (error === undefined ? 0 : 1);
          const fields = [result?.text === undefined ? '-' : b64(result.text)];
          fields.push(
            ...(error === undefined ? ['-', '-', '-'] : [b64(error.name), b64(error.value), b64(error.traceback)]),
          );
          emit(`${id} done ${exitCode} ${fields.join(' ')}`);
        }
      })();
      await Promise.race([
        Promise.all([reader, worker]),
        new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
      ]);
      running -= 1;
      return { exitCode: signal.aborted ? 137 : 0 };
    });
  }
  return { started: () => started, running: () => running };
}
