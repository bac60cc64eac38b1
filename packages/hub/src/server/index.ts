export * from './http-routes.js';
export * from './hub-server.js';
export * from './list-containers.js';
