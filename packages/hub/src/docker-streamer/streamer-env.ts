import { ValidationError } from '@berth/core';

/** What the Docker client seed's WebSocket environment sets: the streamer's port and endpoint path. */
export interface WebSocketEnv {
  /** `WEBSOCKET_PORT`: port to listen on (0 = any free port). */
  port?: number;
  /** `WEBSOCKET_PATH`: the WebSocket endpoint path, e.g. `/docker/stats`. */
  path?: string;
}

/**
 * Reads the Docker client seed's `WEBSOCKET_PORT` and `WEBSOCKET_PATH` (its "Environment Variables"). Unset or
 * empty variables are left out. `WEBSOCKET_PORT` is digits only, 0–65535; `WEBSOCKET_PATH` starts with `/`, has
 * at most 256 characters and no `?`, `#`, `..` segment, space or control character.
 *
 * @param env - usually `process.env`.
 * @throws ValidationError naming each bad variable.
 *
 * @example
 * ```ts
 * websocketEnv({ WEBSOCKET_PORT: '8080', WEBSOCKET_PATH: '/docker/stats' }); // { port: 8080, path: '/docker/stats' }
 * ```
 */
export function websocketEnv(env: Record<string, string | undefined>): WebSocketEnv {
  const issues: { path: string; message: string }[] = [];
  const out: WebSocketEnv = {};
  const port = env['WEBSOCKET_PORT']?.trim();
  if (port !== undefined && port !== '') {
    const n = /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN;
    if (Number.isInteger(n) && n <= 65535) out.port = n;
    else
      issues.push({
        path: 'WEBSOCKET_PORT',
        message: `expected a port number 0-65535, got ${JSON.stringify(port.slice(0, 32))}`,
      });
  }
  const path = env['WEBSOCKET_PATH'];
  if (path !== undefined && path !== '') {
    const problem = pathProblem(path);
    if (problem === undefined) out.path = path;
    else issues.push({ path: 'WEBSOCKET_PATH', message: problem });
  }
  if (issues.length > 0) throw new ValidationError(issues, {}, 'WebSocket configuration');
  return out;
}

/**
 * Checks a WebSocket endpoint path: starts with `/`, at most 256 characters, no `?`, `#`, `..` segment, space or
 * control character.
 *
 * @param name - what to name in the error (`WEBSOCKET_PATH`, `websocketPath`).
 * @returns the path.
 * @throws ValidationError naming `name`.
 */
export function checkWebSocketPath(path: string, name: string): string {
  const problem = pathProblem(path);
  if (problem !== undefined) throw new ValidationError([{ path: name, message: problem }], {}, 'WebSocket path');
  return path;
}

function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must start with / (e.g. /docker/stats)';
  if (path.length > 256) return 'at most 256 characters';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[?#\s\u0000-\u001f\u007f]/.test(path)) return 'no ?, #, spaces or control characters';
  if (path.split('/').includes('..')) return 'no .. segments';
  return undefined;
}
