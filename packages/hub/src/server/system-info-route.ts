import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ContainerDriver, isBerthError, ValidationError } from '@berth/core';
import { grantForToken, type TokenSet, tokenFromRequest } from '../auth/index.js';
import { HubUnknownHostError, HubUnsupportedError } from '../errors/index.js';
import { SYSTEM_INFO_PARTS, type SystemInfoPart } from '../protocol/index.js';
import { toHubError } from '../upstreams/index.js';
import { readHostSystem } from './system-info.js';

/** `/hosts/{hostId}/system`: the host id (URL-encoded, ≤ 256 characters once decoded). */
const ROUTE = /^\/hosts\/([^/]{1,768})\/system$/;

/**
 * `GET /hosts/{hostId}/system[?include=info,version,usage]`: one host's system info, version and disk usage as
 * JSON (`{ hostId, info, version, usage }`), the HTTP twin of the `getSystemInfo` message. Unlike `/healthz` it
 * needs a token when the hub has one (`Authorization: Bearer` or `?token=`; a scoped producer token is refused):
 * 401 without or with a wrong one, 403 scoped, 400 bad `include`, 404 unknown host, 501 a host without system
 * info, 503 an engine that failed. Error bodies are `{ error: BerthError.toJSON() }`.
 *
 * @returns `false` when the path is not this route (the caller goes on).
 */
export function serveHostSystem(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ctx: { drivers: ReadonlyMap<string, ContainerDriver>; tokens: TokenSet },
): boolean {
  const match = ROUTE.exec(path);
  if (match?.[1] === undefined) return false;
  const grant = grantForToken(ctx.tokens, tokenFromRequest(req.headers, req.url));
  if (grant === null) {
    send(res, 401, { error: { code: 'BERTH_HUB_UNAUTHORIZED', message: 'missing or wrong token' } });
    return true;
  }
  if (grant.scope !== undefined) {
    send(res, 403, {
      error: { code: 'BERTH_HUB_OUT_OF_SCOPE', message: 'a scoped producer token may not read hosts' },
    });
    return true;
  }
  let hostId: string;
  let include: SystemInfoPart[] | undefined;
  try {
    hostId = decodeURIComponent(match[1]);
    if (hostId.length > 256) throw new ValidationError([{ path: 'hostId', message: 'at most 256 characters' }]);
    include = parseInclude(new URL(req.url ?? '/', 'http://hub.invalid').searchParams.get('include'));
  } catch (err) {
    const e = ValidationError.is(err) ? err : new ValidationError([{ path: 'hostId', message: 'bad URL encoding' }]);
    send(res, 400, { error: e.toJSON() });
    return true;
  }
  readHostSystem(ctx.drivers, hostId, include).then(
    (report) => send(res, 200, report),
    (err: unknown) => {
      const e = isBerthError(err) ? err : toHubError(err);
      send(res, statusOf(err), { error: e.toJSON() });
    },
  );
  return true;
}

/** `info,version` → the parts; absent → all. @throws ValidationError naming an unknown part. */
function parseInclude(raw: string | null): SystemInfoPart[] | undefined {
  if (raw === null) return undefined;
  const parts = raw.split(',').filter((p) => p !== '');
  const bad = parts.filter((p) => !(SYSTEM_INFO_PARTS as readonly string[]).includes(p));
  if (parts.length === 0 || bad.length > 0) {
    throw new ValidationError(
      [{ path: 'include', message: `expected a comma-separated list of ${SYSTEM_INFO_PARTS.join(', ')}` }],
      {},
      'getSystemInfo',
    );
  }
  return parts as SystemInfoPart[];
}

function statusOf(err: unknown): number {
  if (HubUnknownHostError.is(err)) return 404;
  if (HubUnsupportedError.is(err)) return 501;
  if (ValidationError.is(err)) return 400;
  return 503;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
