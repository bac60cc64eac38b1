export * from './hub-config.js';
export * from './is-loopback.js';
