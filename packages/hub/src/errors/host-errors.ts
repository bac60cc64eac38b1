import { BerthError } from '@berth/core';

/**
 * A request named a `hostId` the hub does not serve (the docker-client seed's "Unknown host: …"). The
 * connection stays open; `hosts` lists the ids it serves.
 */
export class HubUnknownHostError extends BerthError {
  /** Stable code of this error class: `BERTH_HUB_UNKNOWN_HOST`. */
  static override readonly code: string = 'BERTH_HUB_UNKNOWN_HOST';
  /** The refused host id. */
  readonly hostId: string;
  /** The host ids the hub serves. */
  readonly hosts: readonly string[];

  /**
   * @param hostId - the unknown id.
   * @param hosts - the ids the hub serves.
   * @param operation - the request (`getSystemInfo`, `watchEngineEvents` …).
   */
  constructor(hostId: string, hosts: readonly string[], operation?: string) {
    super(
      `Unknown host: ${hostId}; this hub serves ${hosts.length === 0 ? 'no host' : hosts.join(', ')}`,
      operation === undefined ? {} : { operation },
    );
    this.hostId = hostId;
    this.hosts = [...hosts];
  }

  protected override details(): Record<string, unknown> {
    return { hostId: this.hostId, hosts: [...this.hosts] };
  }
}

/**
 * The host's driver cannot do what was asked: system info needs the `systemInfo` capability, engine events the
 * `engineEvents` capability (Docker has both; the local driver neither). The connection stays open.
 */
export class HubUnsupportedError extends BerthError {
  /** Stable code of this error class: `BERTH_HUB_UNSUPPORTED`. */
  static override readonly code: string = 'BERTH_HUB_UNSUPPORTED';
  /** The host whose driver lacks it. */
  readonly hostId: string;
  /** The missing capability. */
  readonly capability: string;

  /**
   * @param hostId - the host.
   * @param capability - the driver capability it lacks (`systemInfo`, `engineEvents`).
   * @param operation - the request.
   */
  constructor(hostId: string, capability: string, operation: string) {
    super(`Host ${hostId} cannot ${operation}: its driver has no ${capability} capability`, { operation });
    this.hostId = hostId;
    this.capability = capability;
  }

  protected override details(): Record<string, unknown> {
    return { hostId: this.hostId, capability: this.capability };
  }
}

/**
 * A host's event stream (`watchEngineEvents`: the engine's; `watchEvents`: the driver's lifecycle events) did not
 * open within the hub's bound (`EVENTS_OPEN_TIMEOUT`, `eventsOpenTimeoutMs`): the engine cannot be reached. The
 * request is not being served — the connection is not watching those hosts — and the connection stays open;
 * sending the request again once the engine is back watches it. Retryable.
 */
export class HubEngineUnreachableError extends BerthError {
  /** Stable code of this error class: `BERTH_HUB_ENGINE_UNREACHABLE`. */
  static override readonly code: string = 'BERTH_HUB_ENGINE_UNREACHABLE';
  /** The hosts whose stream did not open. */
  readonly hosts: readonly string[];
  /** The bound that passed, ms. */
  readonly timeoutMs: number;

  /**
   * @param hosts - the hosts whose stream did not open.
   * @param timeoutMs - the bound, ms.
   * @param operation - the request (`watchEngineEvents`, `watchEvents`).
   * @param cause - the stream's last error, when it failed (kept as `cause`; its message is in the text).
   */
  constructor(hosts: readonly string[], timeoutMs: number, operation: string, cause?: unknown) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super(
      `Host ${hosts.join(', ')} unreachable: its event stream did not open within ${timeoutMs} ms${why}; not watching it — send ${operation} again once the engine is up (EVENTS_OPEN_TIMEOUT sets the bound)`,
      cause === undefined ? { operation } : { operation, cause },
      true,
    );
    this.hosts = [...hosts];
    this.timeoutMs = timeoutMs;
  }

  protected override details(): Record<string, unknown> {
    return { hosts: [...this.hosts], timeoutMs: this.timeoutMs };
  }
}
