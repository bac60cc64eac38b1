export * from './hub-link.js';
export * from './producer-token.js';
