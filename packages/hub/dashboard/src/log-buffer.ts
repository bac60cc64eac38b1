/** Which stream a log line came from. */
export type LogStream = 'stdout' | 'stderr';

/** One line kept by a {@link LogBuffer}. */
export interface BufferedLine {
  /** Text without the trailing newline. */
  text: string;
  /** Its stream. */
  stream: LogStream;
  /** ISO time of the line. */
  timestamp: string;
}

/** What the view shows: a case-insensitive substring, and which streams. */
export interface LogFilter {
  /** Substring to find (case-insensitive); empty shows every line. */
  query: string;
  /** Show stdout lines. */
  stdout: boolean;
  /** Show stderr lines. */
  stderr: boolean;
}

/** Shows everything. */
export const NO_FILTER: Readonly<LogFilter> = Object.freeze({ query: '', stdout: true, stderr: true });

/**
 * The log lines of the selected container or session, bounded (oldest dropped past `capacity`), with the
 * indexes of the lines that pass the filter kept up to date as lines arrive, so a 100k-line buffer is
 * filtered once per filter change and each new line costs O(1).
 */
export class LogBuffer {
  private lines: BufferedLine[] = [];
  private visible: number[] = [];
  private filterValue: LogFilter = NO_FILTER;
  private needle = '';
  /** Lines dropped from the front since the last {@link clear}. */
  dropped = 0;

  /** @param capacity - most lines kept; the oldest 10 % go when it is exceeded. */
  constructor(readonly capacity = 200_000) {}

  /** Lines kept. */
  get size(): number {
    return this.lines.length;
  }

  /** Lines that pass the filter. */
  get visibleCount(): number {
    return this.visible.length;
  }

  /** The current filter. */
  get filter(): LogFilter {
    return this.filterValue;
  }

  /** Adds lines; returns how many of them pass the filter. */
  append(batch: readonly BufferedLine[]): number {
    let shown = 0;
    for (const line of batch) {
      this.lines.push(line);
      if (this.passes(line)) {
        this.visible.push(this.lines.length - 1);
        shown += 1;
      }
    }
    if (this.lines.length > this.capacity) this.trim();
    return shown;
  }

  /** The `i`-th visible line. */
  visibleAt(i: number): BufferedLine | undefined {
    const index = this.visible[i];
    return index === undefined ? undefined : this.lines[index];
  }

  /** Changes the filter and recomputes the visible lines. */
  setFilter(filter: LogFilter): void {
    this.filterValue = { ...filter };
    this.needle = filter.query.toLowerCase();
    this.visible = [];
    for (let i = 0; i < this.lines.length; i += 1) {
      const line = this.lines[i];
      if (line !== undefined && this.passes(line)) this.visible.push(i);
    }
  }

  /** Removes every line. */
  clear(): void {
    this.lines = [];
    this.visible = [];
    this.dropped = 0;
  }

  /** The visible lines as text, one per line (what "download" saves): `[stderr]` marks stderr lines. */
  visibleText(): string {
    const out: string[] = [];
    for (const i of this.visible) {
      const line = this.lines[i];
      if (line !== undefined) out.push(line.stream === 'stderr' ? `[stderr] ${line.text}` : line.text);
    }
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }

  private passes(line: BufferedLine): boolean {
    if (line.stream === 'stdout' ? !this.filterValue.stdout : !this.filterValue.stderr) return false;
    return this.needle === '' || line.text.toLowerCase().includes(this.needle);
  }

  private trim(): void {
    // 10 % at least (so trimming is rare), and all the excess when one batch overshot by more
    const cut = Math.max(1, Math.floor(this.capacity / 10), this.lines.length - this.capacity);
    this.lines = this.lines.slice(cut);
    this.dropped += cut;
    const kept: number[] = [];
    for (const i of this.visible) if (i >= cut) kept.push(i - cut);
    this.visible = kept;
  }
}
