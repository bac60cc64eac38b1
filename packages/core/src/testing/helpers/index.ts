export * from './active-resources.js';
export * from './collect.js';
export * from './delay.js';
export * from './eventually.js';
export * from './expect-error.js';
export * from './has-settled.js';
export * from './kit-commands.js';
