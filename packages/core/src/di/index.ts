import 'reflect-metadata';

export type {
  BerthLogFn,
  BerthLogger,
} from './berth-logger.js';
export { silentLogger } from './berth-logger.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type {
  Berth,
  CreateBerthOptions,
} from './create-berth.js';
export { createBerth } from './create-berth.js';
export type {
  DriverModuleContext,
  DriverModuleFactory,
} from './create-driver-module.js';
export { createDriverModule } from './create-driver-module.js';
export type { DiContainer, DiModule, DiToken } from './di-types.js';
export type {
  DriverConfig,
  DriverConfigCommon,
  DriverConfigOf,
  DriverConfigRegistry,
  DriverKind,
  DriverModuleLoader,
  DriverModuleLoaders,
  DriverSettings,
} from './driver-config.js';
export type { OpenBerthOptions } from './open-berth.js';
export { openBerth } from './open-berth.js';
export { BERTH } from './tokens.js';
