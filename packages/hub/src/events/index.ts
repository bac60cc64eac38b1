export * from './event-feed.js';
