import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError, type ValidationIssue } from '@berth/core';
import { DEFAULT_DOCKER_SOCKET, type DockerConnectionOptions } from './docker-connection-options.js';

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** Reads a boolean variable (`1/true/yes/on`, `0/false/no/off`, any case); `undefined` when unset or empty. */
function readBool(env: NodeJS.ProcessEnv, name: string, issues: ValidationIssue[]): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  issues.push({ path: name, message: `expected true or false (1/0, yes/no), got ${JSON.stringify(env[name])}` });
  return undefined;
}

/** Reads a port variable (digits, 1–65535); `undefined` when unset or empty. */
function readPort(env: NodeJS.ProcessEnv, name: string, issues: ValidationIssue[]): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  issues.push({ path: name, message: `expected a port number in 1–65535, got ${JSON.stringify(env[name])}` });
  return undefined;
}

const fail = (issues: ValidationIssue[], cause?: unknown): ValidationError =>
  new ValidationError(issues, cause === undefined ? {} : { cause }, 'Docker connection');

/**
 * Reads the connection the way the `docker` CLI does — `DOCKER_HOST` (`unix:///path`, `tcp://host:port`, or a
 * bare `host[:port]`), `DOCKER_TLS_VERIFY=1` (use TLS) and `DOCKER_CERT_PATH` (directory with `ca.pem`,
 * `cert.pem`, `key.pem`) — and the Docker client seed's way: `DOCKER_PORT` (the port when `DOCKER_HOST` names
 * none) and `DOCKER_SECURE` (`true`: TLS, like `DOCKER_TLS_VERIFY=1`).
 *
 * Without `DOCKER_HOST`: the default socket `/var/run/docker.sock`, unless `DOCKER_PORT` or `DOCKER_SECURE` is
 * set, which means TCP to `localhost` (the seed's default host) on `DOCKER_PORT` (default 2375, or 2376 with TLS).
 *
 * @param env - environment to read (default `process.env`).
 * @throws ValidationError listing every bad variable: a malformed `DOCKER_HOST`, a `DOCKER_PORT` that is no port
 *   or contradicts the port in `DOCKER_HOST`, a `DOCKER_SECURE` that is no boolean or says `false` to an
 *   `https://` host or `DOCKER_TLS_VERIFY=1`, `DOCKER_PORT`/`DOCKER_SECURE` with a unix socket, unreadable
 *   certificates.
 *
 * @example
 * ```ts
 * connectionFromEnv(); // { socketPath: '/var/run/docker.sock' }
 * connectionFromEnv({ DOCKER_HOST: 'localhost', DOCKER_PORT: '2375' }); // { host: 'localhost', port: 2375, protocol: 'http' }
 * ```
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): DockerConnectionOptions {
  const issues: ValidationIssue[] = [];
  const envPort = readPort(env, 'DOCKER_PORT', issues);
  const secure = readBool(env, 'DOCKER_SECURE', issues);
  const seedVars = envPort !== undefined || secure !== undefined;
  const given = env['DOCKER_HOST']?.trim();
  const dockerHost = given === undefined || given === '' ? (seedVars ? 'localhost' : undefined) : given;
  if (dockerHost === undefined || dockerHost.startsWith('unix://')) {
    if (seedVars) {
      for (const name of ['DOCKER_PORT', 'DOCKER_SECURE']) {
        if (env[name]?.trim()) issues.push({ path: name, message: 'applies to a TCP DOCKER_HOST, not a unix socket' });
      }
    }
    if (issues.length > 0) throw fail(issues);
    if (dockerHost === undefined) return { socketPath: DEFAULT_DOCKER_SOCKET };
    return { socketPath: dockerHost.slice('unix://'.length) || DEFAULT_DOCKER_SOCKET };
  }
  let url: URL;
  try {
    url = new URL(dockerHost.includes('://') ? dockerHost : `tcp://${dockerHost}`);
  } catch (cause) {
    throw fail([...issues, { path: 'DOCKER_HOST', message: `not a URL: ${dockerHost}` }], cause);
  }
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol)) {
    issues.push({
      path: 'DOCKER_HOST',
      message: `unsupported scheme ${url.protocol} (use unix://, tcp://, http:// or https://)`,
    });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') issues.push({ path: 'DOCKER_HOST', message: `no host in ${dockerHost}` });
  const verify = env['DOCKER_TLS_VERIFY'] === '1';
  if (secure === false && url.protocol === 'https:') {
    issues.push({ path: 'DOCKER_SECURE', message: 'is false but DOCKER_HOST is https://' });
  }
  if (secure === false && verify) issues.push({ path: 'DOCKER_SECURE', message: 'is false but DOCKER_TLS_VERIFY=1' });
  const hostPort = url.port === '' ? undefined : Number(url.port);
  if (hostPort !== undefined && envPort !== undefined && hostPort !== envPort) {
    issues.push({ path: 'DOCKER_PORT', message: `is ${envPort} but DOCKER_HOST names port ${hostPort}` });
  }
  if (issues.length > 0) throw fail(issues);
  const tls = verify || url.protocol === 'https:' || secure === true;
  const port = hostPort ?? envPort ?? (tls ? 2376 : 2375);
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
    throw fail([{ path: 'DOCKER_CERT_PATH', message: `cannot read ca.pem/cert.pem/key.pem in ${certPath}` }], cause);
  }
}
