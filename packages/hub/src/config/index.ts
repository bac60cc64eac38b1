export * from './allowed-origins.js';
export * from './driver-config-from-env.js';
export * from './hub-config.js';
export * from './is-loopback.js';
