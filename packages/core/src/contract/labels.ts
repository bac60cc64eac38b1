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

/**
 * Prefix of every label reserved for Berth itself. A spec from user code may carry only the
 * {@link BERTH_USER_LABELS}; a spec Berth builds itself is marked with `allowReservedLabels` and may carry any.
 * Compared without regard to case (`Berth.Owner` is refused as well).
 */
export const BERTH_LABEL_PREFIX = 'berth.';

/**
 * The `berth.*` labels user code may put on a spec: hints and tags Berth's tools read but never trust for
 * ownership or expiry.
 */
export const BERTH_USER_LABELS = Object.freeze({
  /** `DockerHostPool`: the host to place a container, volume or network on. */
  host: 'berth.host',
  /** Berth's Docker test helpers: the test run a resource belongs to, for cleanup. */
  test: 'berth.test',
  /** The conformance kit: the kit run a resource belongs to, for cleanup. */
  conformance: 'berth.conformance',
} as const);
