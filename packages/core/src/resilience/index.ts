export * from './full-jitter-delay.js';
export * from './to-berth-error.js';
