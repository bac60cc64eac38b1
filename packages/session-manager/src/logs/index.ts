export * from './line-splitter.js';
