import type { Logger } from 'pino';
import type { ClientConnection } from '../clients/index.js';
import type { HubConfig } from '../config/index.js';
import type { HubMetrics } from '../metrics/index.js';
import { CloseCode, type CloseCodeValue, encodeMessage } from '../protocol/index.js';

/** What the periodic connection checks look at. */
export interface ReaperContext {
  clients: ReadonlySet<ClientConnection>;
  config: Pick<HubConfig, 'sessionTimeoutMs'>;
  metrics: HubMetrics;
  log: Logger;
}

/**
 * ws-style liveness, run every HEARTBEAT_INTERVAL: terminates what did not answer the last ping, closes
 * idle connections without subscriptions (4410), pings the rest and sends them a `heartbeat` message.
 */
export function heartbeat(
  ctx: ReaperContext,
  close: (client: ClientConnection, code: CloseCodeValue, reason: string) => void,
): void {
  const now = Date.now();
  const frame = encodeMessage({ type: 'heartbeat', data: { connections: ctx.clients.size } });
  for (const client of ctx.clients) {
    if (!client.isAlive) {
      ctx.log.info({ conn: client.id, remote: client.remote }, 'connection dead: no pong, terminating');
      ctx.metrics.closes.inc({ code: 'terminated' });
      client.ws.terminate();
      continue;
    }
    const idle = now - client.lastActivity;
    if (ctx.config.sessionTimeoutMs > 0 && client.subscriptions.size === 0 && idle > ctx.config.sessionTimeoutMs) {
      ctx.log.info({ conn: client.id, idleMs: idle }, 'connection idle: closing');
      close(client, CloseCode.idleTimeout, 'idle timeout');
      continue;
    }
    client.isAlive = false;
    client.ws.ping();
    if (client.role !== null) client.sendFrame(frame);
  }
}

/** Back-pressure sweep: reports drops to drained clients, closes clients over the limit past the grace (4429). */
export function sweepBackPressure(ctx: ReaperContext): void {
  const now = Date.now();
  for (const client of ctx.clients) {
    if (client.checkBackPressure(now)) {
      ctx.metrics.closes.inc({ code: String(CloseCode.tooSlow) });
      ctx.log.warn({ conn: client.id, remote: client.remote, dropped: client.droppedTotal }, 'slow client closed');
    }
  }
}
