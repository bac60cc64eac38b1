export * from './builtin-driver-kinds.js';
export * from './builtin-driver-loaders.js';
export * from './hub-drivers.js';
export * from './open-driver.js';
