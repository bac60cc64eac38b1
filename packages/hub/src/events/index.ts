export * from './driver-upstream.js';
export * from './event-feed.js';
export * from './until-opened.js';
