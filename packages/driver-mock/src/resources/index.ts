export * from './bind-store.js';
export * from './network-store.js';
export * from './volume-store.js';
