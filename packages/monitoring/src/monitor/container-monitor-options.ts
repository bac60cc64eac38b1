import type { BerthLogger, Clock } from '@berth/core';
import type { AlertSink, FetchFunction, WebhookDefaults } from '../actions/index.js';
import type { Alert, AlertAction } from '../alerts/index.js';
import type { MonitoringMetrics } from '../prometheus/index.js';

/** Options of a `ContainerMonitor`; every field has a default. */
export interface ContainerMonitorOptions {
  /** Source of "now" for `forMs`, `cooldownMs` and alert times. Default: the system clock. */
  clock?: Clock;
  /** Where the `log` action and the monitor's own warnings go. Default: JSON lines on stderr. */
  logger?: BerthLogger;
  /** Sampling period passed to `driver.stats$`, ms. Default 1000. */
  intervalMs?: number;
  /** Prometheus metrics to record container gauges, firing alerts and action outcomes on. */
  metrics?: MonitoringMetrics;
  /** `host` label of the container gauges. Default `default`. */
  host?: string;
  /** Where the `hub` action sends alerts (the hub's `HubServer.alerts`). */
  hub?: AlertSink;
  /** The fetch webhooks use. Default: the global `fetch`. */
  fetch?: FetchFunction;
  /** Webhook timeout and retry defaults. */
  webhook?: WebhookDefaults;
}

/** Something that went wrong around monitoring, on `ContainerMonitor.errors$` (never thrown into sampling). */
export type MonitorError =
  | {
      /** An action failed (a `WebhookDeliveryError`, a throwing custom action …). */
      kind: 'action';
      /** The alert it was run for. */
      alert: Alert;
      /** The action. */
      action: AlertAction;
      /** What it threw. */
      error: unknown;
    }
  | {
      /** A rule's condition threw; it counted as `false`. */
      kind: 'condition';
      /** The rule. */
      ruleId: string;
      /** The container. */
      containerId: string;
      /** What it threw. */
      error: unknown;
    }
  | {
      /** The container's `stats$` failed; monitoring of it stopped. */
      kind: 'stats';
      /** The container. */
      containerId: string;
      /** What it failed with. */
      error: unknown;
    };
