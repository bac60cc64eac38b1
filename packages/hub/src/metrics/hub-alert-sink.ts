import type { Alert, AlertSink } from '@berth/monitoring';
import { encodeMessage } from '../protocol/index.js';

/** The `data` of an `alert` frame: the alert with dates as ISO strings. */
export type AlertFrameData = Omit<Alert, 'startedAt' | 'at' | 'metrics'> & {
  startedAt: string;
  at: string;
  metrics: Omit<Alert['metrics'], 'timestamp'> & { timestamp: string };
};

/**
 * The hub's side of the `hub` alert action: every alert becomes one `alert` frame
 * (`{ type: 'alert', containerID, hostId, timestamp, data: { ruleId, state, severity, … } }`), encoded once
 * and written to the hub's event subscribers (clients that sent `watchEvents`). Never throws.
 */
export class HubAlertSink implements AlertSink {
  /**
   * @param broadcast - writes one encoded frame to every subscriber.
   * @param hostId - host id of the driver whose containers are monitored, for the frame's `hostId`.
   */
  constructor(
    private readonly broadcast: (frame: Buffer) => void,
    private readonly hostId?: string,
  ) {}

  /** {@inheritDoc AlertSink.publishAlert} */
  publishAlert(alert: Alert): void {
    this.broadcast(
      encodeMessage({
        type: 'alert',
        containerID: alert.containerId,
        ...(this.hostId === undefined ? {} : { hostId: this.hostId }),
        timestamp: alert.at.toISOString(),
        data: { ...alert },
      }),
    );
  }

  /** A sink for the same subscribers, labelled with another host id. */
  forHost(hostId: string): HubAlertSink {
    return new HubAlertSink(this.broadcast, hostId);
  }
}
