export * from './limits.js';
export * from './linux-capabilities.js';
export * from './option-schemas.js';
export * from './patterns.js';
export * from './reserved-labels.js';
export * from './schemas.js';
export * from './validate.js';
