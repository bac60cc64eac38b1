export * from './abort.js';
export * from './berth-error.js';
export * from './error-classes.js';
export * from './error-from-json.js';
export { ContainerError } from './container-error.js';
