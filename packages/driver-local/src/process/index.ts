export * from './host-env.js';
export * from './proc-stat.js';
export * from './signals.js';
