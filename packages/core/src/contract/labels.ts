/** The labels Berth puts on every container it creates, so state survives a crash. */
export const BERTH_LABELS = Object.freeze({
  /** `true` on every container Berth manages. */
  managed: 'berth.managed',
  /** The session id. */
  session: 'berth.session',
  /** The id of the session-manager instance that owns the container. */
  owner: 'berth.owner',
  /** ISO time of creation. */
  created: 'berth.created',
  /** ISO time after which the container may be reaped. */
  expires: 'berth.expires',
} as const);
