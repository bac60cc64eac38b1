/** Mean latency of one driver operation on one host, from the hub's `/metrics`. */
export interface OperationLatency {
  operation: string;
  /** Calls so far. */
  count: number;
  /** Mean duration since the hub started, ms. */
  meanMs: number;
}

const SERIES = /^berth_driver_operation_duration_seconds_(sum|count)\{([^}]*)\} (\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/**
 * Reads `berth_driver_operation_duration_seconds_sum/_count` from Prometheus text (the hub's `/metrics`) into the
 * mean latency per host and operation, most called first. Lines it does not know are skipped.
 */
export function parseOperationLatency(text: string): Map<string, OperationLatency[]> {
  const acc = new Map<string, { host: string; operation: string; sum: number; count: number }>();
  for (const line of text.split('\n')) {
    const m = SERIES.exec(line);
    if (m === null) continue;
    const [, kind, labelText = '', raw = ''] = m;
    const labels = Object.fromEntries([...labelText.matchAll(LABEL)].map((l) => [l[1], l[2]]));
    const host = labels.host;
    const operation = labels.operation;
    const value = Number(raw);
    if (host === undefined || operation === undefined || !Number.isFinite(value)) continue;
    const key = `${host}\u0000${operation}`;
    const entry = acc.get(key) ?? { host, operation, sum: 0, count: 0 };
    if (kind === 'sum') entry.sum += value;
    else entry.count += value;
    acc.set(key, entry);
  }
  const byHost = new Map<string, OperationLatency[]>();
  for (const e of acc.values()) {
    if (e.count === 0) continue;
    const list = byHost.get(e.host) ?? [];
    list.push({ operation: e.operation, count: e.count, meanMs: (e.sum / e.count) * 1000 });
    byHost.set(e.host, list);
  }
  for (const list of byHost.values()) list.sort((a, b) => b.count - a.count || a.operation.localeCompare(b.operation));
  return byHost;
}
