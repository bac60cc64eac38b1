import { type BerthLogger, ValidationError } from '@berth/core';
import type { Alert, AlertAction } from '../alerts/index.js';
import type { AlertSink } from './alert-sink.js';
import { deliverWebhook, type FetchFunction } from './deliver-webhook.js';

/** Webhook defaults of a monitor. */
export interface WebhookDefaults {
  /** Timeout of one try, ms. Default 5000. */
  timeoutMs?: number;
  /** Tries after the first. Default 2. */
  retries?: number;
  /** Cap of the first backoff delay, ms. Default 500. */
  retryDelayMs?: number;
}

/** What actions run with. */
export interface ActionContext {
  /** Where `log` writes. */
  logger: BerthLogger;
  /** Where `hub` sends; `undefined` when the monitor has no hub. */
  hub: AlertSink | undefined;
  /** Webhook defaults. */
  webhook: Required<WebhookDefaults>;
  /** The fetch webhooks use. */
  fetch: FetchFunction;
  /** Aborted when the monitor is disposed. */
  signal: AbortSignal;
}

/** The name of an action, for errors and metrics: `log`, `webhook`, `hub` or `function`. */
export function actionName(action: AlertAction): string {
  return typeof action === 'function' ? 'function' : action.type;
}

/**
 * Runs one action for one alert.
 *
 * @throws WebhookDeliveryError when a webhook failed every try; ValidationError for a `hub` action on a
 *   monitor without a hub; whatever a custom function throws.
 */
export async function runAlertAction(alert: Alert, action: AlertAction, ctx: ActionContext): Promise<void> {
  if (typeof action === 'function') {
    await action(alert);
    return;
  }
  switch (action.type) {
    case 'log': {
      const level = action.config?.level ?? (alert.state === 'firing' ? 'warn' : 'info');
      ctx.logger[level](
        {
          alert: alert.ruleId,
          state: alert.state,
          severity: alert.severity,
          containerId: alert.containerId,
          cpuPercent: alert.metrics.cpu.percentage,
          memoryPercent: alert.metrics.memory.percentage,
        },
        `alert ${alert.state}: ${alert.ruleName} on ${alert.containerName ?? alert.containerId}`,
      );
      return;
    }
    case 'webhook':
      await deliverWebhook(alert, {
        url: action.config.url,
        ...(action.config.headers === undefined ? {} : { headers: action.config.headers }),
        timeoutMs: action.config.timeoutMs ?? ctx.webhook.timeoutMs,
        retries: action.config.retries ?? ctx.webhook.retries,
        retryDelayMs: ctx.webhook.retryDelayMs,
        fetch: ctx.fetch,
        signal: ctx.signal,
      });
      return;
    case 'hub':
      if (ctx.hub === undefined) {
        throw new ValidationError(
          [
            {
              path: 'actions.hub',
              message: 'this monitor has no hub: pass { hub: hubServer.alerts } to ContainerMonitor',
            },
          ],
          {},
          'alert action',
        );
      }
      ctx.hub.publishAlert(alert);
      return;
  }
}
