export * from './permissions.js';
export * from './roles.js';
export * from './token-matches.js';
