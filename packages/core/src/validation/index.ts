export * from './linux-capabilities.js';
export * from './patterns.js';
export * from './schemas.js';
export * from './validate.js';
