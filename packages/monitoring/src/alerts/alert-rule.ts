import type { ContainerMetrics } from '../metrics/index.js';

/** How bad an alert is. */
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

/** All severities, lowest first. */
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['low', 'medium', 'high', 'critical'];

/** Whether an alert started (`firing`) or ended (`resolved`). */
export type AlertState = 'firing' | 'resolved';

/**
 * One transition of one rule on one container, on `ContainerMonitor.alerts$` and handed to every action.
 * A rule fires once per episode: `firing` when its condition has held for `forMs`, `resolved` when it stops
 * holding (or monitoring of the container stops, or the rule is removed).
 */
export interface Alert {
  /** The rule's id. */
  ruleId: string;
  /** The rule's name. */
  ruleName: string;
  /** The rule's severity. */
  severity: AlertSeverity;
  /** `firing` or `resolved`. */
  state: AlertState;
  /** The container. */
  containerId: string;
  /** The container's name, when known. */
  containerName?: string;
  /** When the episode started firing. */
  startedAt: Date;
  /** When this transition happened (monitor clock). */
  at: Date;
  /** The sample that caused the transition (the last one seen, for a resolution without a new sample). */
  metrics: ContainerMetrics;
  /** For `resolved`: `condition` (it stopped holding), `stopped` (monitoring ended) or `removed` (rule removed). */
  reason?: 'condition' | 'stopped' | 'removed';
  /** The rule's description, if any. */
  description?: string;
}

/** Writes the alert to the monitor's logger (`warn` for firing, `info` for resolved unless `level` is given). */
export interface LogAlertAction {
  /** Discriminant. */
  type: 'log';
  /** Options. */
  config?: {
    /** Log level to use for both states. */
    level?: 'debug' | 'info' | 'warn' | 'error';
  };
}

/** POSTs the alert as JSON to a URL, with a timeout per try and retries (see `deliverWebhook`). */
export interface WebhookAlertAction {
  /** Discriminant. */
  type: 'webhook';
  /** Where and how. */
  config: {
    /** `http:` or `https:` URL. */
    url: string;
    /** Extra request headers (e.g. `authorization`). */
    headers?: Record<string, string>;
    /** Timeout of one try in ms. Default: the monitor's `webhook.timeoutMs` (5000). */
    timeoutMs?: number;
    /** Tries after the first. Default: the monitor's `webhook.retries` (2). */
    retries?: number;
  };
}

/** Sends an `alert` frame to the hub's subscribers, through the monitor's `hub` sink. */
export interface HubAlertAction {
  /** Discriminant. */
  type: 'hub';
}

/** A custom action: any function; a rejection is reported on `ContainerMonitor.actionErrors$`. */
export type AlertActionFunction = (alert: Alert) => void | Promise<void>;

/** What a rule does on each transition. */
export type AlertAction = LogAlertAction | WebhookAlertAction | HubAlertAction | AlertActionFunction;

/**
 * A rule evaluated on every sample of every monitored container.
 *
 * @example
 * ```ts
 * monitor.addAlertRule({
 *   id: 'high-cpu-usage',
 *   name: 'High CPU Usage',
 *   condition: (metrics) => metrics.cpu.percentage > 80,
 *   severity: 'high',
 *   forMs: 10_000,
 *   actions: [{ type: 'log' }, { type: 'webhook', config: { url: 'https://hooks.example.com/alerts' } }],
 * });
 * ```
 */
export interface AlertRule {
  /** Unique id (`[A-Za-z0-9][A-Za-z0-9_.:-]*`, at most 128 characters). */
  id: string;
  /** Human name. */
  name: string;
  /** `true` while the container is in a bad state. A throw counts as `false` and is reported. */
  condition: (metrics: ContainerMetrics) => boolean;
  /** Severity. */
  severity: AlertSeverity;
  /** Actions run on `firing` and (unless `notifyResolved: false`) on `resolved`. Default: none. */
  actions?: AlertAction[];
  /** How long the condition must hold before the rule fires, in ms (Prometheus' `for`). Default: 0. */
  forMs?: number;
  /**
   * Minimum time between two firings of the rule on one container, in ms: an episode that starts sooner
   * waits (pending) until the cooldown has passed. Default: 0.
   */
  cooldownMs?: number;
  /** Run the actions on `resolved` too. Default: `true`. */
  notifyResolved?: boolean;
  /** Free text carried on every alert. */
  description?: string;
}
