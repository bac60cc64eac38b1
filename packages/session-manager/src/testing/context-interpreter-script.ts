import type { MockDriver } from '@berth/driver-mock';

/**
 * Scripts `python3 -u <script> <delimiter>` on a mock as a context interpreter that says it is ready and
 * then runs until killed (it answers no runs). Returns how many such interpreters run right now.
 *
 * @example
 * ```ts
 * const running = scriptContextInterpreter(mock);
 * await contexts.open(session, 'python');
 * expect(running()).toBe(1);
 * ```
 */
export function scriptContextInterpreter(mock: MockDriver): () => number {
  let running = 0;
  mock.onExec('python3', async ({ argv, writeStdout, signal }) => {
    running += 1;
    writeStdout(`\n${argv[3]}ready\n`);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    running -= 1;
    return { exitCode: 137 };
  });
  return () => running;
}
