export * from './supervisor-source.js';
