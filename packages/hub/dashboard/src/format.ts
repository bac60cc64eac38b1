/** Human duration of a positive span: `42s`, `3m 05s`, `2h 07m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Age of something created at `iso`, as of `now`. */
export function formatAge(iso: string, now: number): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '—' : formatDuration(now - t);
}

/** Time left until `iso` (a TTL), `expired` once passed, `—` without one. */
export function formatTtl(iso: string | undefined, now: number): string {
  if (iso === undefined) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  return t <= now ? 'expired' : formatDuration(t - now);
}

/** Bytes in binary units: `512 B`, `1.5 KiB`, `256.0 MiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${Math.max(0, Math.round(Number.isFinite(n) ? n : 0))} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Short form of a long id (Docker's 64 hex characters) for tables; the full id stays in `title`. */
export function shortId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id;
}

/** Labels as `k=v` pairs, Berth's own (`berth.*`) last. */
export function formatLabels(labels: Record<string, string>): string[] {
  const entries = Object.entries(labels).sort(([a], [b]) => {
    const ba = a.startsWith('berth.') ? 1 : 0;
    const bb = b.startsWith('berth.') ? 1 : 0;
    return ba - bb || a.localeCompare(b);
  });
  return entries.map(([k, v]) => `${k}=${v}`);
}

/** `1 line`, `2 lines`, `0 lines`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
