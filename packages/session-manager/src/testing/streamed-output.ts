/** What a run handed to its `onStdout`/`onStderr` callbacks, as {@link collectStreamedOutput} collects it. */
export interface StreamedOutput {
  /** Every piece in the order it came: `out:<text>` or `err:<text>`. */
  readonly pieces: string[];
  /** The callbacks to hand to the run (`executeCode`, `runInContext`). */
  readonly callbacks: { onStdout: (text: string) => void; onStderr: (text: string) => void };
  /** Resolves once the stdout pieces so far make `first.stdout` and the stderr pieces `first.stderr`. */
  readonly firstSeen: Promise<void>;
  /** The stdout pieces so far, joined. */
  stdout(): string;
  /** The stderr pieces so far, joined. */
  stderr(): string;
}

/**
 * Collects a run's streamed output, for scenarios that check it arrives while the run is still going: the run
 * writes `first` and then waits for the test, which awaits {@link StreamedOutput.firstSeen} before letting it go on.
 *
 * @example
 * ```ts
 * const output = collectStreamedOutput({ stdout: 'first\n', stderr: 'warn\n' });
 * const running = manager.executeCode(sessionId, { language: 'bash', code, ...output.callbacks });
 * await output.firstSeen; // then let the run finish
 * ```
 */
export function collectStreamedOutput(first: { stdout: string; stderr: string }): StreamedOutput {
  const pieces: string[] = [];
  const joined = (prefix: string): string =>
    pieces
      .filter((p) => p.startsWith(prefix))
      .map((p) => p.slice(prefix.length))
      .join('');
  const stdout = () => joined('out:');
  const stderr = () => joined('err:');
  let seen: () => void = () => undefined;
  const firstSeen = new Promise<void>((resolve) => {
    seen = resolve;
  });
  const note = (piece: string): void => {
    pieces.push(piece);
    if (stdout() === first.stdout && stderr() === first.stderr) seen();
  };
  return {
    pieces,
    callbacks: { onStdout: (text) => note(`out:${text}`), onStderr: (text) => note(`err:${text}`) },
    firstSeen,
    stdout,
    stderr,
  };
}
