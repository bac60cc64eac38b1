export {
  raceAbort,
  throwIfAborted,
} from './abort.js';
export type {
  BerthErrorJSON,
  BerthErrorOptions,
} from './berth-error.js';
export {
  BerthError,
  isBerthError,
  isRetryable,
} from './berth-error.js';
export { ContainerError } from './container-error.js';
export { DriverError, isDriverError } from './driver-error.js';
export type { ValidationIssue } from './error-classes.js';
export {
  CircuitOpenError,
  ContainerConflictError,
  ContainerNotFoundError,
  ContainerSecurityError,
  ContainerTimeoutError,
  DriverUnavailableError,
  FileNotFoundError,
  ImageNotFoundError,
  NetworkNotFoundError,
  ResourceLimitError,
  SessionLimitError,
  SessionNotFoundError,
  ValidationError,
  VolumeNotFoundError,
} from './error-classes.js';
export { errorFromJSON } from './error-from-json.js';
export { ImageBuildError } from './image-build-error.js';
