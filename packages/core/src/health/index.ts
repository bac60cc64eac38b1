export type {
  HealthCheckLoopOptions,
  HealthCheckTimer,
  HealthCheckTimers,
  HealthStatus,
} from './health-check-loop.js';
export { HEALTHCHECK_DEFAULTS, HealthCheckLoop, systemHealthCheckTimers } from './health-check-loop.js';
