export * from './docker-resource-client.js';
