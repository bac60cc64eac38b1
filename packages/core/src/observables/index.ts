export * from './event-hub.js';
export * from './from-line-stream.js';
export * from './line-splitter.js';
export * from './matches-event-filter.js';
export * from './poll-while-subscribed.js';
export * from './retry-with-backoff.js';
export * from './share-upstream.js';
