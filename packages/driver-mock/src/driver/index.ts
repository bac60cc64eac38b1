export * from './call-gate.js';
export * from './mock-collaborators.js';
export * from './mock-driver.js';
export * from './mock-driver-options.js';
export * from './validate-mock-driver-options.js';
