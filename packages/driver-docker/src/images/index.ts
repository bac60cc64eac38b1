export * from './docker-image-client.js';
