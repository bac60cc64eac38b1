export * from './map-docker-error.js';
