/** Where one rule stands on one container. */
export type EpisodePhase = 'inactive' | 'pending' | 'firing';

/** What {@link RuleEpisode.observe} decided for a sample. */
export type EpisodeTransition = 'fire' | 'resolve' | 'none';

/**
 * The state machine of one rule on one container, driven by sample times (ms) from the monitor's clock:
 * `inactive → pending` when the condition starts holding, `pending → firing` once it has held for `forMs`
 * and the last firing is at least `cooldownMs` ago, `firing → inactive` when it stops holding. So a rule
 * fires once per episode, never once per sample. Pure: no timers, no I/O.
 */
export class RuleEpisode {
  /** Current phase. */
  phase: EpisodePhase = 'inactive';
  /** When the condition started holding (pending or firing). */
  since: number | undefined;
  /** When the current (or last) episode fired. */
  firedAt: number | undefined;

  /**
   * @param forMs - how long the condition must hold before firing.
   * @param cooldownMs - minimum time between two firings.
   */
  constructor(
    private readonly forMs: number,
    private readonly cooldownMs: number,
  ) {}

  /**
   * Feeds one evaluation.
   *
   * @param now - sample time in ms.
   * @param holds - whether the condition held.
   * @returns `fire` when the episode starts firing, `resolve` when a firing episode ends, else `none`.
   */
  observe(now: number, holds: boolean): EpisodeTransition {
    if (!holds) return this.end();
    if (this.phase === 'firing') return 'none';
    if (this.phase === 'inactive') {
      this.phase = 'pending';
      this.since = now;
    }
    const heldLongEnough = now - (this.since ?? now) >= this.forMs;
    const cooledDown = this.firedAt === undefined || now - this.firedAt >= this.cooldownMs;
    if (!heldLongEnough || !cooledDown) return 'none';
    this.phase = 'firing';
    this.firedAt = now;
    return 'fire';
  }

  /** Ends the episode (condition stopped holding, monitoring stopped, rule removed). */
  end(): EpisodeTransition {
    const was = this.phase;
    this.phase = 'inactive';
    this.since = undefined;
    return was === 'firing' ? 'resolve' : 'none';
  }
}
