/**
 * `@berth/hub`: the WebSocket hub streaming logs, status and stats of Berth containers and sessions,
 * and the `berth` CLI.
 *
 * @packageDocumentation
 */
export * from './auth/index.js';
export * from './channels/index.js';
export * from './client/index.js';
export * from './clients/index.js';
export * from './config/index.js';
export * from './drivers/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './logging/index.js';
export * from './metrics/index.js';
export * from './operations/index.js';
export * from './protocol/index.js';
export * from './server/index.js';
export * from './upstreams/index.js';
