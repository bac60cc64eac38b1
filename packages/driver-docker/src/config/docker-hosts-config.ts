import { readFileSync } from 'node:fs';
import { ValidationError, type ValidationIssue } from '@berth/core';
import { connectionFromEnv } from './connection-from-env.js';
import type { DockerConnectionOptions } from './docker-connection-options.js';
import { validateConnectionOptions } from './validate-connection-options.js';

/** Environment variable holding the hosts of a Docker host pool as JSON (see {@link dockerHostsFromConfig}). */
export const DOCKER_HOSTS_ENV = 'BERTH_DOCKER_HOSTS';
/** Environment variable naming a JSON file with the hosts of a Docker host pool. */
export const DOCKER_HOSTS_FILE_ENV = 'BERTH_DOCKER_HOSTS_FILE';

/** One engine of a host pool, as configured: its id, display name and connection. */
export interface DockerHostEntry {
  /** Stable host id (`[A-Za-z0-9][A-Za-z0-9._-]*`), the hub's `hostId`. */
  id: string;
  /** Display name. Default: the id. */
  name: string;
  /** Where the engine is. */
  connection: DockerConnectionOptions;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const CONNECTION_KEYS = ['socketPath', 'host', 'port', 'protocol', 'ca', 'cert', 'key'] as const;

/** Reads one entry's connection from whichever spelling it uses. */
function connectionOf(
  entry: Record<string, unknown>,
  path: string,
  issues: ValidationIssue[],
): DockerConnectionOptions | undefined {
  const report = (err: unknown, prefix: string): undefined => {
    if (!ValidationError.is(err)) throw err;
    for (const i of err.issues)
      issues.push({ path: [prefix, i.path].filter((p) => p !== '').join('.'), message: i.message });
    return undefined;
  };
  if (entry['connection'] !== undefined) {
    try {
      return validateConnectionOptions(entry['connection']);
    } catch (err) {
      return report(err, `${path}.connection`);
    }
  }
  if (entry['url'] !== undefined) {
    if (typeof entry['url'] !== 'string') return void issues.push({ path: `${path}.url`, message: 'must be a string' });
    try {
      return connectionFromEnv({ DOCKER_HOST: entry['url'] });
    } catch (err) {
      return report(err, `${path}.url`);
    }
  }
  // the seed's spellings: { address, port, secure } (multi-host manager) and { host, port, secure } (client options)
  const address = entry['address'] ?? entry['host'];
  if (address !== undefined && entry['protocol'] === undefined && entry['socketPath'] === undefined) {
    if (entry['secure'] !== undefined && typeof entry['secure'] !== 'boolean') {
      return void issues.push({ path: `${path}.secure`, message: 'must be true or false' });
    }
    const secure = entry['secure'] === true;
    const candidate = {
      host: address,
      port: entry['port'] ?? (secure ? 2376 : 2375),
      protocol: secure ? 'https' : 'http',
    };
    try {
      return validateConnectionOptions(candidate);
    } catch (err) {
      return report(err, path);
    }
  }
  const flat: Record<string, unknown> = {};
  for (const k of CONNECTION_KEYS) if (entry[k] !== undefined) flat[k] = entry[k];
  try {
    return validateConnectionOptions(flat);
  } catch (err) {
    return report(err, path);
  }
}

/**
 * Reads the hosts of a Docker host pool from configuration: a JSON array (or `{ "hosts": [...] }`) of entries,
 * each with an `id` (or the seed's `hostId`), an optional `name`, and its engine in one of these spellings:
 *
 * - `{ "id": "a", "connection": { "socketPath": "/var/run/docker.sock" } }` (Berth's `DockerHostConfig`);
 * - `{ "id": "a", "url": "tcp://10.0.0.2:2375" }` (a `DOCKER_HOST` value);
 * - `{ "id": "a", "socketPath": "…" }` or `{ "id": "a", "host": "…", "port": 2376, "protocol": "https" }`;
 * - the Docker client seed's `{ "id": "host1", "address": "192.168.1.10", "port": 2375 }` and
 *   `{ "hostId": "host1", "host": "…", "port": 2375, "secure": false, "name": "…" }`.
 *
 * @param value - the parsed configuration.
 * @param source - where it came from, for the error paths (a variable or file name).
 * @throws ValidationError listing every bad entry (duplicate ids, a bad id, a bad connection, no host at all).
 */
export function dockerHostsFromConfig(value: unknown, source = 'hosts'): DockerHostEntry[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as { hosts?: unknown }).hosts)
      ? (value as { hosts: unknown[] }).hosts
      : undefined;
  if (list === undefined) {
    throw new ValidationError(
      [{ path: source, message: 'expected a JSON array of hosts (or { "hosts": [...] })' }],
      {},
      'Docker hosts',
    );
  }
  const issues: ValidationIssue[] = [];
  const hosts: DockerHostEntry[] = [];
  const seen = new Set<string>();
  if (list.length === 0) issues.push({ path: source, message: 'give at least one host' });
  list.forEach((raw, i) => {
    const path = `${source}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issues.push({ path, message: 'expected an object with id and a connection' });
      return;
    }
    const entry = raw as Record<string, unknown>;
    const id = entry['id'] ?? entry['hostId'];
    if (typeof id !== 'string' || !ID.test(id)) {
      issues.push({ path: `${path}.id`, message: 'must match [A-Za-z0-9][A-Za-z0-9._-]* (at most 63 characters)' });
      return;
    }
    if (seen.has(id)) issues.push({ path: `${path}.id`, message: `duplicate host id ${id}` });
    seen.add(id);
    const name = entry['name'] ?? id;
    if (typeof name !== 'string' || name === '')
      issues.push({ path: `${path}.name`, message: 'must be a non-empty string' });
    const connection = connectionOf(entry, path, issues);
    if (connection !== undefined && typeof name === 'string') hosts.push({ id, name, connection });
  });
  if (issues.length > 0) throw new ValidationError(issues, {}, 'Docker hosts');
  return hosts;
}

/**
 * Reads the pool's hosts from {@link DOCKER_HOSTS_ENV} (JSON) or {@link DOCKER_HOSTS_FILE_ENV} (a JSON file),
 * as {@link dockerHostsFromConfig} describes. `undefined` when neither is set (one engine, from `DOCKER_HOST`).
 *
 * @throws ValidationError when both are set, the JSON or file cannot be read, or an entry is bad.
 *
 * @example
 * ```ts
 * // BERTH_DOCKER_HOSTS='[{"id":"local","url":"unix:///var/run/docker.sock"},{"id":"b","address":"10.0.0.2","port":2375}]'
 * const hosts = dockerHostsFromEnv(); // [{ id: 'local', name: 'local', connection: { socketPath } }, …]
 * ```
 */
export function dockerHostsFromEnv(env: NodeJS.ProcessEnv = process.env): DockerHostEntry[] | undefined {
  const inline = env[DOCKER_HOSTS_ENV]?.trim();
  const file = env[DOCKER_HOSTS_FILE_ENV]?.trim();
  const bad = (path: string, message: string, cause?: unknown): ValidationError =>
    new ValidationError([{ path, message }], cause === undefined ? {} : { cause }, 'Docker hosts');
  if (inline && file) throw bad(DOCKER_HOSTS_ENV, `set ${DOCKER_HOSTS_ENV} or ${DOCKER_HOSTS_FILE_ENV}, not both`);
  if (!inline && !file) return undefined;
  let text: string;
  let source: string;
  if (inline) {
    text = inline;
    source = DOCKER_HOSTS_ENV;
  } else {
    source = file as string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (cause) {
      throw bad(DOCKER_HOSTS_FILE_ENV, `cannot read ${source}`, cause);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw bad(source, `not JSON: ${(cause as Error).message}`, cause);
  }
  return dockerHostsFromConfig(parsed, source);
}
