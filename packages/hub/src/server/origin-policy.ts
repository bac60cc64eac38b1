import type { IncomingHttpHeaders } from 'node:http';
import { isLoopbackHost, normalizeOrigin } from '../config/index.js';

/** What the Origin check knows about the hub. */
export interface OriginPolicy {
  /** The address the hub binds (decides whether a `Host` header can be trusted to name the hub). */
  host: string;
  /** Normalised extra origins (`ALLOWED_ORIGINS`). */
  allowedOrigins: readonly string[];
}

/**
 * Decides whether a WebSocket upgrade may proceed, by its `Origin` header:
 *
 * - no `Origin`: not a browser (CLI, SDK, `wscat`) — allowed; tokens still apply;
 * - an origin in `ALLOWED_ORIGINS` — allowed;
 * - the hub's own origin (the dashboard it serves): the `Origin` names the same host and port as the
 *   request's `Host` header, and that `Host` is the hub's — a loopback name or address, or anything when the
 *   hub binds a non-loopback address (which requires `AUTH_TOKEN`). On a loopback hub a `Host` such as
 *   `evil.example:8080` is refused, so a DNS-rebinding page cannot pass as same-origin;
 * - anything else (another site, `null` from a sandboxed frame or a file) — refused.
 *
 * @returns `null` when allowed, else the reason (for the log; the client gets HTTP 403).
 */
export function refuseOrigin(headers: IncomingHttpHeaders, policy: OriginPolicy): string | null {
  const raw = headers.origin;
  if (raw === undefined) return null;
  const origin = normalizeOrigin(raw);
  if (origin === null) return 'Origin is not an http(s) origin';
  if (policy.allowedOrigins.includes(origin)) return null;
  const host = headers.host?.trim().toLowerCase();
  if (host === undefined || host === '') return 'no Host header to compare the Origin with';
  const url = new URL(origin);
  if (url.host !== normalizeHost(host)) return 'cross-origin request (not in ALLOWED_ORIGINS)';
  if (isLoopbackHost(policy.host) && !isLoopbackHost(url.hostname)) {
    return 'same-origin request naming a foreign host on a loopback hub (DNS rebinding?)';
  }
  return null;
}

/** `Host` as `URL.host` writes it (default port dropped, lower case); the raw value when it does not parse. */
function normalizeHost(host: string): string {
  try {
    return new URL(`http://${host}`).host;
  } catch {
    return host;
  }
}
