export * from './connection-reaper.js';
export * from './dashboard-dir.js';
export * from './http-routes.js';
export * from './hub-server.js';
export * from './list-containers.js';
export * from './message-handler.js';
export * from './static-files.js';
