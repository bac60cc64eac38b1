export * from './resolve-container-path.js';
