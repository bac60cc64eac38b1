export * from './driver-upstream.js';
export * from './event-feed.js';
