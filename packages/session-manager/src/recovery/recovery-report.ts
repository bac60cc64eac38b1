/** What `start()` found and did. */
export interface RecoveryReport {
  /** Sessions adopted (this owner id, after a restart). */
  adopted: string[];
  /** Idle warm-pool containers adopted back into the warm pool. */
  returnedToWarmPool: string[];
  /** Containers removed, with the reason. */
  reaped: { containerId: string; sessionId: string | null; reason: string }[];
}
