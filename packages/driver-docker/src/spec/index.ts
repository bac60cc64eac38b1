export * from './berth-labels.js';
export * from './named-resources.js';
export * from './storage-probe.js';
export * from './to-create-options.js';
