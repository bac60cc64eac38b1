export * from './insecure-bind-error.js';
