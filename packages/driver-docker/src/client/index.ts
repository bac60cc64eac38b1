export * from './create-docker-client.js';
