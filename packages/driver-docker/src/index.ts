/**
 * `@berth/driver-docker`: Berth's Docker Engine driver (dockerode), multi-host pool and test helpers.
 *
 * @packageDocumentation
 */
export * from './client/index.js';
export * from './config/index.js';
export * from './di/index.js';
export * from './docker-driver.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './exec/index.js';
export * from './files/index.js';
export * from './images/index.js';
export * from './instance/index.js';
export * from './logs/index.js';
export * from './pool/index.js';
export * from './resources/index.js';
export * from './spec/index.js';
export * from './stats/index.js';
export * from './swarm/index.js';
export * from './testing/index.js';
