export * from './create-docker-client.js';
export * from './probe-docker-engine.js';
