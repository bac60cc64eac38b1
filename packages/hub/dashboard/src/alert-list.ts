import type { HubMessage } from './wire.js';

/** One alert as the alerts panel shows it: the latest transition of one rule on one container. */
export interface ListedAlert {
  /** `ruleId` + container: one row per episode target. */
  key: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  state: 'firing' | 'resolved';
  containerId: string;
  containerName: string | null;
  hostId: string | null;
  /** ISO time of the transition. */
  at: string;
  /** CPU percent of the sample that decided, when given. */
  cpuPercent: number | null;
}

/**
 * The alerts the dashboard has seen (`alert` frames from the hub's `hub` action), newest first, at most `max`
 * rows: a rule's `resolved` replaces its `firing` row on the same container; firing rows sort before resolved.
 */
export class AlertList {
  private readonly rows = new Map<string, ListedAlert>();

  /** @param max - rows kept (oldest resolved dropped first). */
  constructor(private readonly max = 50) {}

  /** Takes one `alert` frame; returns `false` for a malformed one (ignored). */
  add(m: HubMessage): boolean {
    const d = m.data;
    if (typeof d.ruleId !== 'string' || typeof d.containerId !== 'string') return false;
    if (d.state !== 'firing' && d.state !== 'resolved') return false;
    const metrics = d.metrics as { cpu?: { percentage?: unknown } } | undefined;
    const cpu = metrics?.cpu?.percentage;
    const row: ListedAlert = {
      key: `${d.ruleId}\u0000${d.containerId}`,
      ruleId: d.ruleId,
      ruleName: typeof d.ruleName === 'string' ? d.ruleName : d.ruleId,
      severity: typeof d.severity === 'string' ? d.severity : 'unknown',
      state: d.state,
      containerId: d.containerId,
      containerName: typeof d.containerName === 'string' ? d.containerName : null,
      hostId: m.hostId ?? null,
      at: typeof d.at === 'string' ? d.at : m.timestamp,
      cpuPercent: typeof cpu === 'number' ? cpu : null,
    };
    this.rows.delete(row.key);
    this.rows.set(row.key, row);
    while (this.rows.size > this.max) {
      const drop = [...this.rows.values()].find((r) => r.state === 'resolved') ?? [...this.rows.values()][0];
      if (drop === undefined) break;
      this.rows.delete(drop.key);
    }
    return true;
  }

  /** Number of rules firing now. */
  get firingCount(): number {
    return [...this.rows.values()].filter((r) => r.state === 'firing').length;
  }

  /** The rows: firing first, then resolved, newest first within each. */
  list(): ListedAlert[] {
    const all = [...this.rows.values()].reverse();
    return [...all.filter((r) => r.state === 'firing'), ...all.filter((r) => r.state === 'resolved')];
  }
}
