export type {
  DriverCapabilities,
  IsolationLevel,
  ResourceLimitCapabilities,
} from './capabilities.js';
export { FULL_CAPABILITIES } from './capabilities.js';
export type { ContainerDetails, ContainerMount, ContainerPort } from './container-details.js';
export type { ContainerDriver } from './container-driver.js';
export type {
  ContainerFilter,
  ContainerInstance,
  ContainerState,
  ExitStatus,
} from './container-instance.js';
export { CONTAINER_STATES } from './container-instance.js';
export type {
  ContainerConfig,
  ContainerSpec,
  HealthcheckSpec,
  LinuxCapabilityName,
  PortMapping,
  ResourceLimits,
  SecurityOptions,
  VolumeMount,
} from './container-spec.js';
export type { SystemInfo, SystemUsage, SystemVersion, UsageTotals } from './engine-info.js';
export type {
  BuildContext,
  BuildContextFile,
  BuildImageOptions,
  BuildImageResult,
  BuildProgress,
} from './image-build.js';
export {
  BERTH_LABEL_PREFIX,
  BERTH_LABELS,
  BERTH_USER_LABELS,
} from './labels.js';
export type {
  DriverEvent,
  DriverEventType,
  DriverHealth,
  EngineEvent,
  EngineEventFilter,
  EngineObjectType,
  EventFilter,
  ExecHandle,
  ExecResult,
  ExecSpec,
  FileEntry,
  LogLine,
  LogOptions,
  LogStreamOptions,
  OpOptions,
  OutputChunk,
  RemoveOptions,
  StatsSample,
  StatsStreamOptions,
  StopOptions,
} from './operations.js';
export type {
  ImageInfo,
  Network,
  NetworkConfig,
  NetworkSpec,
  PullOptions,
  PullProgress,
  Volume,
  VolumeConfig,
  VolumeSpec,
} from './resources.js';
export { type SeedContainerInstance, toSeedContainerInstance } from './seed-container-instance.js';
export { type SeedVolume, toSeedVolume } from './seed-volume.js';
