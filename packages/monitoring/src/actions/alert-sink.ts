import type { Alert } from '../alerts/index.js';

/**
 * Where the `hub` action sends alerts. The Berth hub provides one (`HubServer.alerts`) that writes an `alert`
 * frame to its event subscribers; anything with `publishAlert` fits, so the monitor works without a hub.
 */
export interface AlertSink {
  /** Delivers one alert; must not throw (a throw is reported on `actionErrors$`). */
  publishAlert(alert: Alert): void;
}
