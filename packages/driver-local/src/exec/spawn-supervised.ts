import { createConnection } from 'node:net';
import { ContainerConflictError } from '@berth/core';
import { encodeFrame, frameReader } from './exec-frames.js';
import type { ExecExit, ExecStarter } from './exec-process.js';

/** What the supervisor is asked to run. */
export interface SupervisedExecRequest {
  /** argv (no cgroup wrapper: the supervisor forks inside the cgroups). */
  argv: string[];
  /** Host working directory. */
  cwd: string;
  /** Full environment. */
  env: Record<string, string>;
}

/** Longest unix socket path the kernel takes (`sun_path` is 108 bytes, NUL included). */
const MAX_SOCKET_PATH = 107;

/**
 * Path to connect to a supervisor's exec socket: `<runDir>/<name>`, or, when that is too long for a unix
 * socket address, the same file through `/proc/<supervisorPid>/cwd` (the supervisor's cwd is the run dir).
 */
export function execSocketPath(runDir: string, name: string, supervisorPid: number): string {
  const direct = `${runDir}/${name}`;
  return Buffer.byteLength(direct) <= MAX_SOCKET_PATH ? direct : `/proc/${supervisorPid}/cwd/${name}`;
}

function parse<T>(body: Buffer): T {
  return JSON.parse(body.toString('utf8')) as T;
}

/**
 * Asks the container's supervisor to fork the exec inside the container's cgroups (one exec, no wrapper)
 * and relays its stdin, output and exit over the supervisor's unix socket. Closing the connection (also
 * when the driver process dies) makes the supervisor SIGKILL the exec's process group, as `kill` does.
 * A refused or failed connection before the exec started means the container is no longer running:
 * `ContainerConflictError`. A connection lost after the start (the container stopped and its supervisor
 * exited) ends the exec as SIGKILLed (137).
 */
export function supervisedExecStarter(
  socketPath: string,
  req: SupervisedExecRequest,
  containerId: string,
): ExecStarter {
  return (sink) => {
    const sock = createConnection(socketPath);
    let started = false;
    let finished = false;
    let stdinEnded = false;
    const finish = (exit: ExecExit): void => {
      if (finished) return;
      finished = true;
      sink.exit(exit);
    };
    const refuse = (reason: string): void => {
      if (finished) return;
      finished = true;
      sink.refused(
        new ContainerConflictError(`Container ${containerId} is not running; cannot exec (${reason})`, {
          containerId,
          operation: 'exec',
        }),
      );
    };
    sock.on(
      'data',
      frameReader((type, body) => {
        if (type === 'O') sink.data('stdout', Buffer.from(body));
        else if (type === 'R') sink.data('stderr', Buffer.from(body));
        else if (type === 'P') started = true;
        else if (type === 'X') {
          const x = parse<{ exitCode: number | null; signal: string | null }>(body);
          finish({ exitCode: x.exitCode, signal: x.signal, error: null });
          sock.end();
        } else if (type === 'F') {
          finish({ exitCode: null, signal: null, error: parse<{ error: string }>(body).error });
          sock.end();
        } else if (type === 'N') {
          refuse(parse<{ error: string }>(body).error);
          sock.end();
        }
      }),
    );
    let lastError = 'connection closed';
    sock.on('error', (err) => {
      lastError = err.message;
    });
    sock.on('close', () => {
      if (started) finish({ exitCode: null, signal: 'SIGKILL', error: null });
      else refuse(lastError);
    });
    sock.write(encodeFrame('S', JSON.stringify(req)));
    return {
      write: (data) =>
        new Promise<void>((resolve, reject) => {
          if (finished || stdinEnded) {
            resolve();
            return;
          }
          sock.write(encodeFrame('I', typeof data === 'string' ? Buffer.from(data, 'utf8') : data), (err) =>
            err ? reject(err) : resolve(),
          );
        }),
      end: () => {
        if (finished || stdinEnded) return;
        stdinEnded = true;
        sock.write(encodeFrame('E'));
      },
      kill: () => {
        if (!finished) sock.write(encodeFrame('K'));
      },
    };
  };
}
