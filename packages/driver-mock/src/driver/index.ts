export * from './mock-driver.js';
export * from './mock-driver-options.js';
export * from './run-handler.js';
