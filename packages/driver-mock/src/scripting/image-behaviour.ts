import type { LogLine } from '@berth/core';
import type { StatsGenerator } from '../stats/stats-generator.js';
import type { ExecHandler, ExecMatcher } from './exec-script.js';

/**
 * How containers of one image behave (`mock.onImage(image, behaviour)`).
 *
 * @example
 * ```ts
 * mock.onImage('my-agent:1', {
 *   logs: ['booting', { stream: 'stderr', text: 'warning: no GPU' }],
 *   exec: [['python', () => ({ stdout: 'ok\n' })]],
 *   stats: (_id, tick) => ({ cpuPercent: 50 + tick }),
 * });
 * ```
 */
export interface ImageBehaviour {
  /** Lines written to the logs every time a container of the image starts (strings go to stdout). */
  logs?: ReadonlyArray<string | Pick<LogLine, 'stream' | 'text'>>;
  /** When set, the main process exits with this code right after writing `logs`, whatever its command. */
  exitCode?: number;
  /** The image's default command (used when the spec has neither command nor entrypoint). */
  command?: readonly string[];
  /** Stats of containers of the image. */
  stats?: StatsGenerator;
  /** Scripted commands inside containers of the image (before the driver-wide `onExec` handlers). */
  exec?: ReadonlyArray<readonly [ExecMatcher, ExecHandler]>;
}
