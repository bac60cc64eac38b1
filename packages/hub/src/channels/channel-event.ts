import type { BerthError, LogLine, StatsSample } from '@berth/core';
import type { StatusState } from '../protocol/index.js';

/** What an upstream (driver, session manager or producer) feeds into a channel. */
export type ChannelEvent =
  | { kind: 'log'; line: LogLine }
  | { kind: 'status'; state: StatusState; exitCode?: number; message?: string }
  | { kind: 'stats'; sample: StatsSample }
  | { kind: 'error'; error: BerthError };
