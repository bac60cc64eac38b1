export * from './mulberry32.js';
export * from './random-hex.js';
