/**
 * WebSocket close codes the hub uses. Part of the public API; the README has the same table.
 */
export const CloseCode = Object.freeze({
  /** Normal closure (client asked). */
  normal: 1000,
  /** The hub is shutting down (SIGTERM); a `complete` message was sent first. */
  goingAway: 1001,
  /** A frame exceeded `maxPayload` (closed by `ws` itself). */
  messageTooBig: 1009,
  /** MAX_SESSIONS client connections are already open; retry later. */
  tryAgainLater: 1013,
  /** Missing or wrong token. */
  unauthorized: 4401,
  /** The token is valid but does not allow this (a reader tried to `publish`, or to send a producer's `log`/`status`/`complete`/`error`). */
  forbidden: 4403,
  /** No `auth` message arrived within the auth deadline. */
  authTimeout: 4408,
  /** No message and no subscription for SESSION_TIMEOUT ms. */
  idleTimeout: 4410,
  /** The client stayed above its buffered-bytes limit longer than the grace period. */
  tooSlow: 4429,
} as const);

/** One of {@link CloseCode}'s values. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
