import { BerthError, type BerthErrorOptions } from './berth-error.js';
import { ContainerError } from './container-error.js';

/** One problem found by validation. */
export interface ValidationIssue {
  /** Dotted path of the bad field, e.g. `resources.memoryMb` or `env.FOO=BAR`. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** Input was rejected; {@link issues} lists every bad field. Never retryable. */
export class ValidationError extends BerthError {
  /** Stable code of this error class: `BERTH_VALIDATION`. */
  static override readonly code: string = 'BERTH_VALIDATION';
  /** Every problem found, with its path. */
  readonly issues: ValidationIssue[];
  /**
   * @param issues - every bad field.
   * @param options - context.
   * @param what - what was being validated, for the message.
   */
  constructor(issues: ValidationIssue[], options: BerthErrorOptions = {}, what = 'input') {
    const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    super(`Invalid ${what}: ${list}`, options);
    this.issues = issues;
  }
  protected override details(): Record<string, unknown> {
    return { issues: this.issues };
  }
}

/** No container with that id (or it was removed). */
export class ContainerNotFoundError extends ContainerError {
  /** Stable code of this error class: `BERTH_CONTAINER_NOT_FOUND`. */
  static override readonly code: string = 'BERTH_CONTAINER_NOT_FOUND';
  /**
   * @param containerId - the unknown id.
   * @param options - context.
   */
  constructor(containerId: string, options: Omit<BerthErrorOptions, 'containerId'> = {}) {
    super(`Container ${containerId} not found; list containers to see what exists`, { ...options, containerId });
  }
}

/** No image with that reference (locally, or in the registry when pulling). */
export class ImageNotFoundError extends BerthError {
  /** Stable code of this error class: `BERTH_IMAGE_NOT_FOUND`. */
  static override readonly code: string = 'BERTH_IMAGE_NOT_FOUND';
  /** The image reference. */
  readonly image: string;
  /**
   * @param image - the missing reference.
   * @param options - context.
   */
  constructor(image: string, options: BerthErrorOptions = {}) {
    super(`Image ${image} not found; pull or build it first`, options);
    this.image = image;
  }
  protected override details(): Record<string, unknown> {
    return { image: this.image };
  }
}

/** No volume with that name. */
export class VolumeNotFoundError extends BerthError {
  /** Stable code of this error class: `BERTH_VOLUME_NOT_FOUND`. */
  static override readonly code: string = 'BERTH_VOLUME_NOT_FOUND';
  /** The volume name. */
  readonly volume: string;
  /**
   * @param volume - the missing name.
   * @param options - context.
   */
  constructor(volume: string, options: BerthErrorOptions = {}) {
    super(`Volume ${volume} not found`, options);
    this.volume = volume;
  }
  protected override details(): Record<string, unknown> {
    return { volume: this.volume };
  }
}

/** No network with that id or name. */
export class NetworkNotFoundError extends BerthError {
  /** Stable code of this error class: `BERTH_NETWORK_NOT_FOUND`. */
  static override readonly code: string = 'BERTH_NETWORK_NOT_FOUND';
  /** The network id or name. */
  readonly network: string;
  /**
   * @param network - the missing id or name.
   * @param options - context.
   */
  constructor(network: string, options: BerthErrorOptions = {}) {
    super(`Network ${network} not found`, options);
    this.network = network;
  }
  protected override details(): Record<string, unknown> {
    return { network: this.network };
  }
}

/** No file at that path inside the container. */
export class FileNotFoundError extends ContainerError {
  /** Stable code of this error class: `BERTH_FILE_NOT_FOUND`. */
  static override readonly code: string = 'BERTH_FILE_NOT_FOUND';
  /** The path asked for. */
  readonly path: string;
  /**
   * @param path - the missing path.
   * @param options - context.
   */
  constructor(path: string, options: BerthErrorOptions = {}) {
    super(`File ${path} not found in container ${options.containerId ?? ''}`.trim(), options);
    this.path = path;
  }
  protected override details(): Record<string, unknown> {
    return { path: this.path };
  }
}

/** The operation conflicts with the current state (remove a running container, duplicate name …). */
export class ContainerConflictError extends ContainerError {
  /** Stable code of this error class: `BERTH_CONTAINER_CONFLICT`. */
  static override readonly code: string = 'BERTH_CONTAINER_CONFLICT';
}

/** A resource limit would be exceeded. */
export class ResourceLimitError extends ContainerError {
  /** Stable code of this error class: `BERTH_RESOURCE_LIMIT`. */
  static override readonly code: string = 'BERTH_RESOURCE_LIMIT';
  /** Which resource (`memory`, `pids`, `sessions` …). */
  readonly resource: string;
  /** The limit. */
  readonly limit: number;
  /** What was asked for. */
  readonly requested: number;
  /**
   * @param resource - which resource.
   * @param limit - the limit.
   * @param requested - what was asked for.
   * @param options - context.
   */
  constructor(resource: string, limit: number, requested: number, options: BerthErrorOptions = {}) {
    super(`${resource} limit ${limit} exceeded (requested ${requested})`, options);
    this.resource = resource;
    this.limit = limit;
    this.requested = requested;
  }
  protected override details(): Record<string, unknown> {
    return { resource: this.resource, limit: this.limit, requested: this.requested };
  }
}

/** An operation did not finish in time. Retryable. */
export class ContainerTimeoutError extends ContainerError {
  /** Stable code of this error class: `BERTH_TIMEOUT`. */
  static override readonly code: string = 'BERTH_TIMEOUT';
  /** The timeout that passed, in ms. */
  readonly timeoutMs: number;
  /**
   * @param operation - what timed out.
   * @param timeoutMs - the timeout.
   * @param options - context.
   */
  constructor(operation: string, timeoutMs: number, options: Omit<BerthErrorOptions, 'operation'> = {}) {
    super(`${operation} timed out after ${timeoutMs} ms`, { ...options, operation }, true);
    this.timeoutMs = timeoutMs;
  }
  protected override details(): Record<string, unknown> {
    return { timeoutMs: this.timeoutMs };
  }
}

/** Refused for security reasons (path escape, forbidden option …). */
export class ContainerSecurityError extends ContainerError {
  /** Stable code of this error class: `BERTH_SECURITY`. */
  static override readonly code: string = 'BERTH_SECURITY';
}

/** The backend (engine, daemon, host) cannot be reached or failed internally. Retryable. */
export class DriverUnavailableError extends BerthError {
  /** Stable code of this error class: `BERTH_DRIVER_UNAVAILABLE`. */
  static override readonly code: string = 'BERTH_DRIVER_UNAVAILABLE';
  /**
   * @param message - what failed.
   * @param options - context.
   */
  constructor(message: string, options: BerthErrorOptions = {}) {
    super(message, options, true);
  }
}

/** The circuit breaker for this operation group is open: calls fail fast until it half-opens. */
export class CircuitOpenError extends BerthError {
  /** Stable code of this error class: `BERTH_CIRCUIT_OPEN`. */
  static override readonly code: string = 'BERTH_CIRCUIT_OPEN';
  /** The operation group whose breaker is open. */
  readonly group: string;
  /**
   * @param group - the operation group.
   * @param options - context.
   */
  constructor(group: string, options: BerthErrorOptions = {}) {
    super(`Circuit for ${group} operations is open; the backend failed repeatedly, retry later`, options, true);
    this.group = group;
  }
  protected override details(): Record<string, unknown> {
    return { group: this.group };
  }
}

/** No session with that id. */
export class SessionNotFoundError extends BerthError {
  /** Stable code of this error class: `BERTH_SESSION_NOT_FOUND`. */
  static override readonly code: string = 'BERTH_SESSION_NOT_FOUND';
  /** The unknown session id. */
  readonly sessionId: string;
  /**
   * @param sessionId - the unknown id.
   * @param options - context.
   */
  constructor(sessionId: string, options: BerthErrorOptions = {}) {
    super(`Session ${sessionId} not found`, options);
    this.sessionId = sessionId;
  }
  protected override details(): Record<string, unknown> {
    return { sessionId: this.sessionId };
  }
}

/** The session limit is reached (and waiting was not asked for, or timed out). */
export class SessionLimitError extends BerthError {
  /** Stable code of this error class: `BERTH_SESSION_LIMIT`. */
  static override readonly code: string = 'BERTH_SESSION_LIMIT';
  /** The configured maximum. */
  readonly limit: number;
  /**
   * @param limit - `maxSessions`.
   * @param options - context.
   */
  constructor(limit: number, options: BerthErrorOptions = {}) {
    super(`Session limit of ${limit} reached; clean up a session or raise maxSessions`, options);
    this.limit = limit;
  }
  protected override details(): Record<string, unknown> {
    return { limit: this.limit };
  }
}
