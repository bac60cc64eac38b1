export * from './console-logger.js';
export * from './container-monitor.js';
export * from './container-monitor-options.js';
