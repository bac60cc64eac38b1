import { BerthError } from '@berth/core';

/**
 * The connection's token does not allow this request: acting on containers and sessions (stop, restart,
 * remove, create a session, run code) needs the operator token. The connection stays open.
 */
export class HubForbiddenError extends BerthError {
  /** Stable code of this error class: `BERTH_HUB_FORBIDDEN`. */
  static override readonly code: string = 'BERTH_HUB_FORBIDDEN';
  /** The refused request's `type`. */
  readonly request: string;

  /** @param request - the refused message type. */
  constructor(request: string) {
    super(`${request} needs the operator token (OPERATOR_TOKEN); this connection's token is read-only`);
    this.request = request;
  }

  protected override details(): Record<string, unknown> {
    return { request: this.request };
  }
}
