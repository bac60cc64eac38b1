import { BerthError } from '@berth/core';

/**
 * The hub was asked to listen on a non-loopback address without `AUTH_TOKEN`: anyone on the network could
 * read every container's logs. Set `AUTH_TOKEN` or bind `127.0.0.1`.
 */
export class InsecureBindError extends BerthError {
  /** Stable code of this error class: `BERTH_HUB_INSECURE_BIND`. */
  static override readonly code: string = 'BERTH_HUB_INSECURE_BIND';
  /** The address that was refused. */
  readonly host: string;

  /** @param host - the non-loopback address. */
  constructor(host: string) {
    super(
      `Refusing to listen on ${host} without AUTH_TOKEN: set AUTH_TOKEN (and PRODUCER_TOKEN for publishers) or bind HOST=127.0.0.1`,
    );
    this.host = host;
  }

  protected override details(): Record<string, unknown> {
    return { host: this.host };
  }
}
