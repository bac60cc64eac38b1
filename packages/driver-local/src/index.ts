/**
 * `@berth/driver-local`: Berth containers as supervised host processes, with cgroup (v1/v2) or rlimit
 * limits, file-backed logs and crash recovery. No isolation from the host.
 *
 * @packageDocumentation
 */
export * from './config/index.js';
export * from './di/index.js';
export { LOCAL_IMAGE_LABEL, LocalDriver } from './local-driver.js';
