import {
  type BerthError,
  ContainerConflictError,
  ContainerNotFoundError,
  ContainerSecurityError,
  DriverUnavailableError,
  FileNotFoundError,
  ImageNotFoundError,
  isBerthError,
  NetworkNotFoundError,
  ValidationError,
  VolumeNotFoundError,
} from '@berth/core';

/** What kind of engine object an operation was about; decides what a bare 404 means. */
export type DockerResourceKind = 'container' | 'image' | 'volume' | 'network' | 'file';

/** Context of a failed engine call, for {@link mapDockerError}. */
export interface DockerErrorContext {
  /** The driver operation, e.g. `startContainer`. */
  operation: string;
  /** What the call was about (default `container`). */
  kind?: DockerResourceKind;
  /** Id or name of the object the call was about (container id, image ref, volume name, path …). */
  id?: string;
  /** Container concerned, when `id` is something else (a path, an exec). */
  containerId?: string;
}

/** Socket-level error codes meaning "the engine cannot be reached". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_SOCKET_CLOSED',
]);

/** Registry answers that mean "this image does not exist (for you)". */
const IMAGE_MISSING =
  /pull access denied|manifest unknown|manifest for .* not found|not found|repository does not exist|no such image|unauthorized|denied/i;

/** Engine messages saying the image could not be fetched because the registry is unreachable. */
const REGISTRY_UNREACHABLE =
  /dial tcp|no such host|connection refused|i\/o timeout|tls handshake|network is unreachable|lookup .* on/i;

/** The shape of a dockerode / docker-modem error (every field optional: it may be any error). */
interface EngineErrorShape {
  statusCode?: unknown;
  code?: unknown;
  json?: unknown;
  reason?: unknown;
  message?: unknown;
}

/** Extracts the engine's own message (`{"message": …}` body) from a dockerode error. */
export function engineMessage(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as EngineErrorShape;
  const json = e.json;
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message;
  }
  if (typeof json === 'string' && json.length > 0) return json;
  if (Buffer.isBuffer(json)) return json.toString('utf8');
  return typeof e.message === 'string' ? e.message : String(err);
}

/** HTTP status of an engine error, or `undefined` for socket-level errors. */
export function engineStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as EngineErrorShape).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** `true` for errors meaning "the engine could not be reached" (socket refused, missing, reset …). */
export function isEngineUnreachable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as EngineErrorShape).code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  const message = (err as EngineErrorShape).message;
  return typeof message === 'string' && /socket hang up|connect ECONNREFUSED|connect ENOENT/.test(message);
}

/** `true` for an abort (the signal's reason): callers rethrow it unchanged. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/**
 * Maps any error from dockerode (or the engine's socket) to Berth's typed errors; the original stays in
 * `cause`:
 *
 * | engine says | Berth error |
 * |---|---|
 * | 404 (by message, else by `kind`) | `ContainerNotFoundError`, `ImageNotFoundError`, `VolumeNotFoundError`, `NetworkNotFoundError`, `FileNotFoundError` |
 * | 409 | `ContainerConflictError` |
 * | 400 | `ValidationError` (the engine's message as the issue) |
 * | 403 | `ContainerSecurityError` |
 * | pull: not found / access denied / manifest unknown / registry unreachable | `ImageNotFoundError` |
 * | 5xx, ECONNREFUSED, ENOENT on the socket, resets | `DriverUnavailableError` (retryable) |
 *
 * A `BerthError` is returned unchanged.
 *
 * @example
 * ```ts
 * try { await docker.getContainer(id).start(); }
 * catch (err) { throw mapDockerError(err, { operation: 'startContainer', id }); }
 * ```
 */
export function mapDockerError(err: unknown, context: DockerErrorContext): BerthError {
  if (isBerthError(err)) return err;
  const kind = context.kind ?? 'container';
  const id = context.id ?? context.containerId ?? '';
  const base = {
    operation: context.operation,
    cause: err,
    ...(context.containerId !== undefined
      ? { containerId: context.containerId }
      : kind === 'container' && context.id !== undefined
        ? { containerId: context.id }
        : {}),
  };
  const status = engineStatus(err);
  const message = engineMessage(err);
  if (status === undefined) {
    if (isEngineUnreachable(err)) {
      return new DriverUnavailableError(
        `Docker Engine unreachable during ${context.operation}: ${message}; is dockerd running (bash scripts/docker-engine.sh)?`,
        base,
      );
    }
    return new DriverUnavailableError(`${context.operation} failed: ${message}`, base);
  }
  if (status === 404) return notFound(message, kind, id, base);
  if (status === 409) return new ContainerConflictError(`${context.operation} conflicts: ${message}`, base);
  if (status === 400) return new ValidationError([{ path: '', message }], base, `${context.operation} request`);
  if (status === 403) return new ContainerSecurityError(`${context.operation} refused: ${message}`, base);
  if (kind === 'image' && (IMAGE_MISSING.test(message) || REGISTRY_UNREACHABLE.test(message))) {
    return new ImageNotFoundError(id, base);
  }
  if (/OCI runtime (create|exec) failed|executable file not found|starting container process caused/i.test(message)) {
    return new ValidationError([{ path: 'command', message }], base, `${context.operation} request`);
  }
  return new DriverUnavailableError(`Docker Engine failed ${context.operation} (HTTP ${status}): ${message}`, base);
}

function notFound(
  message: string,
  kind: DockerResourceKind,
  id: string,
  base: { operation: string; cause: unknown; containerId?: string },
): BerthError {
  const m = message.toLowerCase();
  if (m.includes('no such image') || (kind === 'image' && !m.includes('no such container'))) {
    return new ImageNotFoundError(kind === 'image' ? id : (imageFromMessage(message) ?? id), base);
  }
  if (m.includes('no such volume') || (m.includes('volume') && m.includes('not found')) || kind === 'volume') {
    return new VolumeNotFoundError(kind === 'volume' ? id : message, base);
  }
  if ((m.includes('network') && m.includes('not found')) || kind === 'network') {
    return new NetworkNotFoundError(kind === 'network' ? id : message, base);
  }
  if (kind === 'file' && !m.includes('no such container')) return new FileNotFoundError(id, base);
  const { containerId, ...rest } = base;
  return new ContainerNotFoundError(containerId ?? id, rest);
}

function imageFromMessage(message: string): string | undefined {
  const match = /no such image: (\S+)/i.exec(message);
  return match?.[1];
}
