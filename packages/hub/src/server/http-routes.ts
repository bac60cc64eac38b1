import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContainerDriver } from '@berth/core';
import type { Registry } from 'prom-client';
import type { TokenSet } from '../auth/index.js';
import { serveDashboard } from './static-files.js';
import { serveHostSystem } from './system-info-route.js';

/** What the HTTP routes need from the hub. */
export interface HttpRouteContext {
  /** The hub's metrics registry. */
  registry: Registry;
  /** Drivers by host id, probed by `/readyz`. */
  drivers: ReadonlyMap<string, ContainerDriver>;
  /** `true` once shutdown started. */
  closing: () => boolean;
  /** Folder of the built dashboard served at `/` and `/assets/*`; `false` for none. */
  dashboardDir?: string | false;
  /** The hub's tokens, checked by `GET /hosts/{hostId}/system`. Absent: that route is not served. */
  tokens?: TokenSet;
}

/**
 * `GET /healthz` (process up), `GET /readyz` (every driver healthy and not shutting down; 503 otherwise),
 * `GET /metrics` (Prometheus text format), `GET /hosts/{hostId}/system` (a host's system info; token
 * required when the hub has one), and the dashboard at `/` (+ `/assets/*`) when it has a folder.
 * Anything else is 404.
 */
export function createHttpHandler(ctx: HttpRouteContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    if (path === '/healthz') return send(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void readiness(ctx).then(
        (body) => send(res, body.ready ? 200 : 503, body),
        () => send(res, 503, { ready: false }),
      );
      return;
    }
    if (path === '/metrics') {
      ctx.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': ctx.registry.contentType });
          res.end(text);
        },
        () => send(res, 500, { error: 'metrics failed' }),
      );
      return;
    }
    if (
      ctx.tokens !== undefined &&
      path !== undefined &&
      serveHostSystem(req, res, path, { ...ctx, tokens: ctx.tokens })
    ) {
      return;
    }
    const dir = ctx.dashboardDir ?? false;
    if (dir !== false && path !== undefined) {
      serveDashboard(dir, path, req, res).then(
        (served) => {
          if (!served) notFound(res);
        },
        () => send(res, 500, { error: 'dashboard file failed' }),
      );
      return;
    }
    notFound(res);
  };
}

function notFound(res: ServerResponse): void {
  send(res, 404, { error: 'not found; try /, /healthz, /readyz, /metrics or a WebSocket upgrade' });
}

async function readiness(ctx: HttpRouteContext): Promise<{ ready: boolean; hosts: Record<string, unknown> }> {
  const hosts: Record<string, unknown> = {};
  let ready = !ctx.closing();
  await Promise.all(
    [...ctx.drivers].map(async ([hostId, driver]) => {
      const health = await driver.healthCheck();
      hosts[hostId] = { healthy: health.healthy, latencyMs: health.latencyMs };
      if (!health.healthy) ready = false;
    }),
  );
  return { ready, hosts };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
