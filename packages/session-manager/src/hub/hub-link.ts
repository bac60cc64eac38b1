import { deriveProducerToken, ValidationError } from '@berth/core';
import { z } from 'zod';

/** Schema of {@link HubLinkOptions}: a `ws://` or `wss://` URL and the hub's producer token. */
export const HubLinkOptionsSchema = z.strictObject({
  url: z
    .string()
    .max(2048)
    .regex(/^wss?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { error: 'hub.url must be a ws:// or wss:// URL without query' }),
  token: z
    .string()
    .min(16, { error: 'hub.token must be the hub producer token (PRODUCER_TOKEN, at least 16 characters)' })
    .max(4096),
});

/**
 * Where session containers report to: a Berth hub. The manager hands every session container
 * `BERTH_HUB_URL`, `BERTH_HUB_TOKEN` (a producer token scoped to that session, derived from `token` — the
 * container never sees `token` itself) and `BERTH_SESSION_ID`.
 *
 * The URL must be reachable from inside the container: on Docker's default bridge that is the gateway
 * (`ws://172.17.0.1:8080`, the hub started with `HOST=172.17.0.1` or `0.0.0.0` and an `AUTH_TOKEN`).
 */
export interface HubLinkOptions {
  /** The hub's address as seen from inside a session container, e.g. `ws://172.17.0.1:8080`. */
  url: string;
  /** The hub's producer token (`PRODUCER_TOKEN`); only derived, scoped tokens reach containers. */
  token: string;
}

/** Names of the variables a session container gets when the manager has a hub. */
export const HUB_ENV = Object.freeze({
  url: 'BERTH_HUB_URL',
  token: 'BERTH_HUB_TOKEN',
  sessionId: 'BERTH_SESSION_ID',
} as const);

/**
 * The environment of a session container reporting to a hub: the hub URL, a producer token scoped to the
 * session, and the session id (the id its messages carry as `containerID` or `sessionId`).
 *
 * @example
 * ```ts
 * hubEnvFor({ url: 'ws://172.17.0.1:8080', token: producerToken }, 'ses-9a9c');
 * // { BERTH_HUB_URL: 'ws://172.17.0.1:8080', BERTH_HUB_TOKEN: 'bpt1.…', BERTH_SESSION_ID: 'ses-9a9c' }
 * ```
 */
export function hubEnvFor(hub: HubLinkOptions, sessionId: string): Record<string, string> {
  return {
    [HUB_ENV.url]: hub.url,
    [HUB_ENV.token]: deriveProducerToken(hub.token, sessionId),
    [HUB_ENV.sessionId]: sessionId,
  };
}

/** Drivers whose sessions are host processes: the host's loopback is theirs too. */
const HOST_PROCESS_DRIVERS = new Set(['local', 'mock']);

/**
 * Refuses a loopback hub URL for drivers whose sessions run in containers: `127.0.0.1` there is the
 * container itself, so its producer could never connect.
 *
 * @param url - `hub.url`.
 * @param driverName - `driver.name`.
 * @throws ValidationError naming `hub.url` and what to use instead (the bridge gateway).
 */
export function assertHubReachable(url: string, driverName: string): void {
  if (HOST_PROCESS_DRIVERS.has(driverName)) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) {
    throw new ValidationError(
      [
        {
          path: 'hub.url',
          message: `${host} inside a ${driverName} container is the container itself; give the hub's address as the container sees it, e.g. ws://172.17.0.1:8080 (Docker's bridge gateway; start the hub with HOST=172.17.0.1 and AUTH_TOKEN)`,
        },
      ],
      {},
      'session manager options',
    );
  }
}
