export * from './network-store.js';
export * from './volume-store.js';
