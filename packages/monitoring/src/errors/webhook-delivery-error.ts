import { BerthError } from '@berth/core';

/** Why the last try of a webhook delivery failed. */
export type WebhookFailureReason = 'timeout' | 'network' | 'status';

/**
 * A webhook alert action could not deliver its alert after every try. Retryable (the receiver may come
 * back); reported on `ContainerMonitor.actionErrors$`, never thrown into the sampling path.
 */
export class WebhookDeliveryError extends BerthError {
  /** Stable code of this error class: `BERTH_WEBHOOK_DELIVERY`. */
  static override readonly code: string = 'BERTH_WEBHOOK_DELIVERY';
  /** Where it was sent (without credentials). */
  readonly url: string;
  /** Tries made. */
  readonly attempts: number;
  /** Why the last try failed. */
  readonly reason: WebhookFailureReason;
  /** HTTP status of the last try, for `reason: 'status'`. */
  readonly status?: number;

  /**
   * @param details - url, tries, reason, status.
   * @param cause - the last try's error, if any.
   */
  constructor(
    details: { url: string; attempts: number; reason: WebhookFailureReason; status?: number },
    cause?: unknown,
  ) {
    const last =
      details.reason === 'status'
        ? `HTTP ${details.status ?? '?'}`
        : details.reason === 'timeout'
          ? 'timed out'
          : 'network error';
    super(
      `Webhook ${details.url} failed after ${details.attempts} tries (last: ${last}); check the receiver is up and answers 2xx`,
      cause === undefined ? {} : { cause },
      true,
    );
    this.url = details.url;
    this.attempts = details.attempts;
    this.reason = details.reason;
    if (details.status !== undefined) this.status = details.status;
  }

  protected override details(): Record<string, unknown> {
    return {
      url: this.url,
      attempts: this.attempts,
      reason: this.reason,
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}
