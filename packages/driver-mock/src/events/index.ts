export * from './engine-event-feed.js';
