/** Renders rows as a left-aligned text table with a header. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Writes one JSON document (with a newline) to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** What `berth run` reports of a finished run (locally or through a hub). */
export interface RunReport {
  /** The run's exit code (137 after a timeout kill). */
  exitCode: number;
  /** Everything the run wrote to stdout. */
  stdout: string;
  /** Everything the run wrote to stderr. */
  stderr: string;
  /** How long the run took, in ms. */
  durationMs: number;
  /** Whether the run was ended by its timeout. */
  timedOut: boolean;
}

/**
 * Ends `berth run`: the run as one JSON document with `--json`, else its exit code on stderr; either way the
 * process exits with the run's exit code.
 */
export function reportRun(sessionId: string, run: RunReport, json: boolean): void {
  if (json) {
    printJson({
      sessionId,
      exitCode: run.exitCode,
      stdout: run.stdout,
      stderr: run.stderr,
      durationMs: run.durationMs,
      timedOut: run.timedOut,
    });
  } else {
    process.stderr.write(`berth: exit code ${run.exitCode}\n`);
  }
  process.exitCode = run.exitCode;
}

/** `1.5 MiB`-style sizes. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Shortens an id for tables. */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}
