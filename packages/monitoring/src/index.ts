/**
 * `@berth/monitoring`: the seed's {@link ContainerMonitor} (alert rules over `stats$` with `log`, `webhook`,
 * `hub` and custom actions) and Prometheus metrics ({@link MonitoringMetrics}) of driver operations,
 * breakers, sessions and monitored containers. Depends on `@berth/core` only.
 *
 * @packageDocumentation
 */

// ── the monitor ───────────────────────────────────────────────────────────────

export type { ContainerMonitorOptions, MonitorError } from './monitor/index.js';
export { ContainerMonitor, consoleLogger } from './monitor/index.js';

// ── alert rules and alerts ────────────────────────────────────────────────────

export type {
  ActionContext,
  AlertSink,
  FetchFunction,
  WebhookDefaults,
  WebhookDelivery,
  WebhookPayload,
} from './actions/index.js';
export { actionName, deliverWebhook, runAlertAction } from './actions/index.js';
export type {
  Alert,
  AlertAction,
  AlertActionFunction,
  AlertRule,
  AlertSeverity,
  AlertState,
  EpisodePhase,
  EpisodeTransition,
  HubAlertAction,
  LogAlertAction,
  WebhookAlertAction,
} from './alerts/index.js';
export { ALERT_SEVERITIES, RuleEpisode, validateAlertRule } from './alerts/index.js';
export type { WebhookFailureReason } from './errors/index.js';
export { WebhookDeliveryError } from './errors/index.js';

// ── container metrics ─────────────────────────────────────────────────────────

export type { ContainerMetrics } from './metrics/index.js';
export { toContainerMetrics } from './metrics/index.js';

// ── Prometheus ────────────────────────────────────────────────────────────────

export type {
  ContainerLabels,
  DriverInstrumentationOptions,
  DriverObservation,
  MonitoringMetricsOptions,
  OperationOutcome,
  SessionEventLike,
  SessionObservation,
  SessionSourceLike,
} from './prometheus/index.js';
export {
  innermostDriver,
  instrumentDriver,
  MonitoringMetrics,
  observeDriver,
  observeSessions,
  outcomeOf,
  TIMED_OPERATIONS,
} from './prometheus/index.js';
