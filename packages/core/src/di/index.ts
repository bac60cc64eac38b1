import 'reflect-metadata';

export * from './berth-logger.js';
export * from './clock.js';
export * from './create-berth.js';
export * from './create-driver-module.js';
export * from './driver-config.js';
export * from './open-berth.js';
export * from './tokens.js';
