export * from './default-images.js';
export * from './session-manager-options.js';
