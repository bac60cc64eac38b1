import { ValidationError, type ValidationIssue } from '@berth/core';
import type { DockerConnectionOptions } from './docker-connection-options.js';

const isPem = (v: unknown): boolean => typeof v === 'string' || Buffer.isBuffer(v);

/**
 * Checks connection options and returns them typed; throws a `ValidationError` listing every bad field.
 * Exactly one of `socketPath` or `host` must be given; TCP needs a port in 1–65535 and protocol `http`
 * or `https`; `cert` and `key` go together; TLS material only with `https`.
 *
 * @example
 * ```ts
 * validateConnectionOptions({ host: 'docker.internal', port: 2376, protocol: 'https', ca, cert, key });
 * ```
 */
export function validateConnectionOptions(options: unknown): DockerConnectionOptions {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(
      [{ path: '', message: 'expected { socketPath } or { host, port, protocol }' }],
      {},
      'Docker connection',
    );
  }
  const o = options as Record<string, unknown>;
  const hasSocket = o['socketPath'] !== undefined;
  const hasHost = o['host'] !== undefined;
  if (hasSocket === hasHost) issues.push({ path: '', message: 'give exactly one of socketPath or host' });
  if (hasSocket && (typeof o['socketPath'] !== 'string' || o['socketPath'] === '')) {
    issues.push({ path: 'socketPath', message: 'must be a non-empty path' });
  }
  if (hasHost) {
    if (typeof o['host'] !== 'string' || o['host'] === '')
      issues.push({ path: 'host', message: 'must be a non-empty host name' });
    const port = o['port'];
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      issues.push({ path: 'port', message: 'must be an integer in 1–65535' });
    }
    if (o['protocol'] !== 'http' && o['protocol'] !== 'https')
      issues.push({ path: 'protocol', message: "must be 'http' or 'https'" });
    for (const field of ['ca', 'cert', 'key']) {
      if (o[field] !== undefined && !isPem(o[field]))
        issues.push({ path: field, message: 'must be a PEM string or Buffer' });
      if (o[field] !== undefined && o['protocol'] === 'http')
        issues.push({ path: field, message: "TLS material needs protocol 'https'" });
    }
    if ((o['cert'] === undefined) !== (o['key'] === undefined)) {
      issues.push({ path: o['cert'] === undefined ? 'cert' : 'key', message: 'cert and key must be given together' });
    }
  }
  if (hasSocket && hasHost === false) {
    for (const field of ['port', 'protocol', 'ca', 'cert', 'key']) {
      if (o[field] !== undefined) issues.push({ path: field, message: 'only valid with host (TCP)' });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, {}, 'Docker connection');
  return options as DockerConnectionOptions;
}
