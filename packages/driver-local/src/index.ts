/**
 * `@berth/driver-local`: Berth containers as supervised host processes, with cgroup (v1/v2) or rlimit
 * limits, file-backed logs and crash recovery. No isolation from the host.
 *
 * The public surface is this list; everything else under `src/` is internal (see the README's source map).
 *
 * @packageDocumentation
 */
export {
  type LocalDriverOptions,
  type ResolvedLocalDriverOptions,
  resolveLocalDriverOptions,
} from './config/local-driver-options.js';
export { localDriverModule } from './di/local-driver-module.js';
export { LOCAL_IMAGE_LABEL } from './lifecycle/container-factory.js';
export { LocalDriver } from './local-driver.js';
