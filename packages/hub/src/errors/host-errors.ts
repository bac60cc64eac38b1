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
