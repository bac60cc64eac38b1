import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@berth/core';
import { DEFAULT_DOCKER_SOCKET, type DockerConnectionOptions } from './docker-connection-options.js';

/**
 * Reads the connection the way the `docker` CLI does: `DOCKER_HOST` (`unix:///path`, `tcp://host:port`),
 * `DOCKER_TLS_VERIFY=1` (use TLS) and `DOCKER_CERT_PATH` (directory with `ca.pem`, `cert.pem`, `key.pem`).
 * Without `DOCKER_HOST`: the default socket `/var/run/docker.sock`.
 *
 * @param env - environment to read (default `process.env`).
 * @throws ValidationError for a malformed `DOCKER_HOST` or unreadable certificates.
 *
 * @example
 * ```ts
 * const connection = connectionFromEnv(); // { socketPath: '/var/run/docker.sock' }
 * ```
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): DockerConnectionOptions {
  const dockerHost = env['DOCKER_HOST']?.trim();
  if (dockerHost === undefined || dockerHost === '') return { socketPath: DEFAULT_DOCKER_SOCKET };
  if (dockerHost.startsWith('unix://'))
    return { socketPath: dockerHost.slice('unix://'.length) || DEFAULT_DOCKER_SOCKET };
  const issue = (message: string): ValidationError =>
    new ValidationError([{ path: 'DOCKER_HOST', message }], {}, 'Docker connection');
  let url: URL;
  try {
    url = new URL(dockerHost.includes('://') ? dockerHost : `tcp://${dockerHost}`);
  } catch (cause) {
    throw new ValidationError(
      [{ path: 'DOCKER_HOST', message: `not a URL: ${dockerHost}` }],
      { cause },
      'Docker connection',
    );
  }
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol)) {
    throw issue(`unsupported scheme ${url.protocol} (use unix://, tcp://, http:// or https://)`);
  }
  const tls = env['DOCKER_TLS_VERIFY'] === '1' || url.protocol === 'https:';
  const port = url.port === '' ? (tls ? 2376 : 2375) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw issue(`no host in ${dockerHost}`);
  if (!tls) return { host, port, protocol: 'http' };
  const certPath = env['DOCKER_CERT_PATH'];
  if (certPath === undefined || certPath === '') return { host, port, protocol: 'https' };
  try {
    return {
      host,
      port,
      protocol: 'https',
      ca: readFileSync(join(certPath, 'ca.pem')),
      cert: readFileSync(join(certPath, 'cert.pem')),
      key: readFileSync(join(certPath, 'key.pem')),
    };
  } catch (cause) {
    throw new ValidationError(
      [{ path: 'DOCKER_CERT_PATH', message: `cannot read ca.pem/cert.pem/key.pem in ${certPath}` }],
      { cause },
      'Docker connection',
    );
  }
}
