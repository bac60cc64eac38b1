import { BerthError } from '@berth/core';

/**
 * The connection's token is a producer token scoped to one container or session id, and the request names
 * another id (or lists or watches everything). The connection stays open.
 */
export class HubScopeError extends BerthError {
  /** Stable code of this error class: `BERTH_HUB_OUT_OF_SCOPE`. */
  static override readonly code: string = 'BERTH_HUB_OUT_OF_SCOPE';
  /** The refused message's `type`. */
  readonly request: string;

  /**
   * @param request - the refused message type.
   * @param scope - the one id the token allows (not secret: it is the container's or session's id).
   */
  constructor(
    request: string,
    readonly scope: string,
  ) {
    super(`${request} refused: this token may only publish to and subscribe to ${scope}`);
    this.request = request;
  }

  protected override details(): Record<string, unknown> {
    return { request: this.request, scope: this.scope };
  }
}
