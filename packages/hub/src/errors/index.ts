export * from './forbidden-error.js';
export * from './host-errors.js';
export * from './insecure-bind-error.js';
