/** One code run the runner is asked for. */
export interface RunnerRequest {
  /** Code file path (relative to the container's working directory, or absolute). */
  path: string;
  /** The code file's content. */
  content: string;
  /** Its Unix permission bits. */
  mode: number;
  /** argv of the interpreter. */
  command: readonly string[];
  /** Environment over the runner's own (the container's). */
  env: Readonly<Record<string, string>>;
  /** Data fed to stdin, then closed; `undefined`: stdin closed at once. */
  stdin: string | undefined;
  /** After this many ms the run's process group is killed (`timedOut`). */
  timeoutMs: number;
}

/** One framed reply of the runner (the text after the delimiter). */
export type RunnerEvent =
  | { kind: 'ready' }
  | { kind: 'out' | 'err'; id: number; data: Uint8Array }
  | { kind: 'done'; id: number; exitCode: number; timedOut: boolean };

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64') || '-';

/**
 * The request line of run `id`: `<id> run <timeoutMs> <b64 path> <mode octal> <b64 stdin|!> <b64 argv> <b64 env> <b64 code>\n`
 * (argv and env `k=v` entries NUL-separated). Nothing of the code is ever interpreted by a shell.
 *
 * @example
 * ```ts
 * encodeRunnerRequest(1, { path: 'run-1.py', content: 'print(1)', mode: 0o644, command: ['python3', 'run-1.py'], env: {}, stdin: undefined, timeoutMs: 1000 });
 * ```
 */
export function encodeRunnerRequest(id: number, req: RunnerRequest): string {
  const env = Object.entries(req.env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\0');
  return (
    [
      id,
      'run',
      req.timeoutMs,
      b64(req.path),
      req.mode.toString(8),
      req.stdin === undefined ? '!' : b64(req.stdin),
      b64(req.command.join('\0')),
      b64(env),
      b64(req.content),
    ].join(' ') + '\n'
  );
}

/** The kill line of run `id` (SIGKILL to its process group). */
export function encodeRunnerKill(id: number): string {
  return `${id} kill\n`;
}

/** Parses one framed reply line, or `null` when it is none (ignored by the caller). */
export function parseRunnerEvent(line: string): RunnerEvent | null {
  const parts = line.split(' ');
  if (parts[0] === 'ready' && parts.length === 1) return { kind: 'ready' };
  const id = Number(parts[0]);
  if (parts[0] === '' || !Number.isSafeInteger(id)) return null;
  if ((parts[1] === 'out' || parts[1] === 'err') && parts.length === 3) {
    return { kind: parts[1], id, data: new Uint8Array(Buffer.from(parts[2] ?? '', 'base64')) };
  }
  if (parts[1] === 'done' && parts.length === 4) {
    const exitCode = Number(parts[2]);
    if (!Number.isSafeInteger(exitCode)) return null;
    return { kind: 'done', id, exitCode, timedOut: parts[3] === '1' };
  }
  return null;
}
