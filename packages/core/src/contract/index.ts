export * from './capabilities.js';
export * from './container-driver.js';
export * from './container-instance.js';
export * from './container-spec.js';
export * from './labels.js';
export * from './operations.js';
export * from './resources.js';
