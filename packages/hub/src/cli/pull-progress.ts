import type { PullProgress } from '@berth/core';
import { formatBytes } from './output.js';

/**
 * A progress bar for image pulls on stderr: one line redrawn in place on a TTY, a line per status change
 * otherwise (so logs stay readable).
 */
export class PullProgressBar {
  private readonly layers = new Map<string, { current: number; total: number }>();
  private lastStatus = '';

  /** @param stream - where to draw (default stderr). */
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  /** Feeds one progress event (pass as `onProgress`). */
  update(progress: PullProgress): void {
    if (progress.layer !== undefined && progress.total !== undefined && progress.total > 0) {
      this.layers.set(progress.layer, { current: progress.current ?? 0, total: progress.total });
    }
    if (this.stream.isTTY !== true) {
      if (progress.status !== this.lastStatus) this.stream.write(`${progress.image}: ${progress.status}\n`);
      this.lastStatus = progress.status;
      return;
    }
    let current = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      current += Math.min(layer.current, layer.total);
      total += layer.total;
    }
    const ratio = total === 0 ? 0 : current / total;
    const width = 30;
    const filled = Math.round(ratio * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const text = `\r${progress.image} [${bar}] ${(ratio * 100).toFixed(0).padStart(3)}% ${formatBytes(current)}/${formatBytes(total)} ${progress.status}`;
    this.stream.write(text.padEnd(100).slice(0, Math.max(100, text.length)));
  }

  /** Ends the bar's line. */
  done(image: string): void {
    if (this.stream.isTTY === true) this.stream.write('\n');
    this.stream.write(`${image}: ready\n`);
  }
}
