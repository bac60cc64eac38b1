import { abortableSleep, fullJitterDelay } from '@berth/core';
import type { Alert } from '../alerts/index.js';
import { WebhookDeliveryError, type WebhookFailureReason } from '../errors/index.js';

/** A `fetch` (the global one by default; injectable for tests and proxies). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** How a webhook is delivered. */
export interface WebhookDelivery {
  /** Target URL. */
  url: string;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Timeout of one try, ms. */
  timeoutMs: number;
  /** Tries after the first. */
  retries: number;
  /** Cap of the first backoff delay, ms (full jitter, doubling). */
  retryDelayMs: number;
  /** The fetch to use. */
  fetch: FetchFunction;
  /** Aborts the delivery (monitor disposal). */
  signal?: AbortSignal;
}

/** The JSON body of a webhook: `{ version: 1, alert }`, dates as ISO strings. */
export interface WebhookPayload {
  /** Payload format version. */
  version: 1;
  /** The alert. */
  alert: Alert;
}

/**
 * POSTs `{ version: 1, alert }` as JSON. Each try has its own timeout; a timeout, a network error, a 5xx or
 * a 429 is retried (up to `retries` more tries, full-jitter backoff); another 4xx is not (the receiver
 * refused the alert). Resolves on a 2xx.
 *
 * @throws WebhookDeliveryError when every try failed.
 */
export async function deliverWebhook(alert: Alert, delivery: WebhookDelivery): Promise<void> {
  const body = JSON.stringify({ version: 1, alert } satisfies WebhookPayload);
  let last: { reason: WebhookFailureReason; status?: number; cause?: unknown } = { reason: 'network' };
  let attempts = 0;
  for (let attempt = 0; attempt <= delivery.retries; attempt++) {
    if (attempt > 0) {
      const delay = fullJitterDelay(attempt, { baseDelayMs: delivery.retryDelayMs, maxDelayMs: 30_000 });
      await abortableSleep(delay, delivery.signal);
    }
    attempts += 1;
    const timeout = AbortSignal.timeout(delivery.timeoutMs);
    const signal = delivery.signal === undefined ? timeout : AbortSignal.any([timeout, delivery.signal]);
    try {
      const res = await delivery.fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...delivery.headers },
        body,
        signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return;
      last = { reason: 'status', status: res.status };
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      if (delivery.signal?.aborted === true) throw delivery.signal.reason;
      last = { reason: timeout.aborted ? 'timeout' : 'network', cause: err };
    }
  }
  throw new WebhookDeliveryError(
    {
      url: redact(delivery.url),
      attempts,
      reason: last.reason,
      ...(last.status === undefined ? {} : { status: last.status }),
    },
    last.cause,
  );
}

/** The URL without user info, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
