export * from './hub-scope-error.js';
export * from './permissions.js';
export * from './producer-scope.js';
export * from './roles.js';
export * from './token-matches.js';
