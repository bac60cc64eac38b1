export * from './forbidden-error.js';
export * from './insecure-bind-error.js';
