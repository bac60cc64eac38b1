/** The source of "now", injectable so time-dependent code (TTLs, expiry labels) is testable. */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });
