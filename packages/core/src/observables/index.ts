export { EventHub } from './event-hub.js';
export type {
  LineSource,
  LineStreamOptions,
} from './from-line-stream.js';
export { fromLineStream } from './from-line-stream.js';
export type { LineSplitterOptions } from './line-splitter.js';
export {
  LineSplitter,
  MAX_LINE_LENGTH,
} from './line-splitter.js';
export { matchesEventFilter } from './matches-event-filter.js';
export type { PollOptions } from './poll-while-subscribed.js';
export { pollWhileSubscribed } from './poll-while-subscribed.js';
export type { RetryWithBackoffOptions } from './retry-with-backoff.js';
export { retryWithBackoff } from './retry-with-backoff.js';
export { shareUpstream } from './share-upstream.js';
