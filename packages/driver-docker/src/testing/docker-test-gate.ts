import { describeWhen, envFlagSet } from '@berth/core/testing';
import type Docker from 'dockerode';
import { createDockerClient } from '../client/create-docker-client.js';
import { connectionFromEnv } from '../config/connection-from-env.js';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';

/** Env var that turns "no engine" from a skip into a failure (CI sets it). */
export const REQUIRE_DOCKER_ENV = 'BERTH_REQUIRE_DOCKER';

/** `true` when the environment demands a Docker Engine (`BERTH_REQUIRE_DOCKER` set and not `0`/empty). */
export function dockerRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return envFlagSet(REQUIRE_DOCKER_ENV, env);
}

/**
 * `true` when an engine answers `GET /_ping` within `timeoutMs` (default 3000), at `connection` (default:
 * `DOCKER_HOST` or `/var/run/docker.sock`). Never throws.
 */
export async function dockerAvailable(
  connection: DockerConnectionOptions = connectionFromEnv(),
  timeoutMs = 3000,
): Promise<boolean> {
  let docker: Docker;
  try {
    docker = createDockerClient(connection);
  } catch {
    return false;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    (docker.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  }
}

/**
 * Registers `describe(title)` holding one skipped test named after `reason`, and prints the reason: a gated
 * file then always has at least one test (jest fails a file that defines none), and the report says why.
 * A thin wrapper over core's `describeWhen`.
 *
 * @example
 * ```ts
 * describeSkipped('docker driver conformance', 'no Docker Engine at /var/run/docker.sock');
 * ```
 */
export function describeSkipped(title: string, reason: string): void {
  describeWhen(reason, title, () => undefined);
}

/**
 * The one gate for tests needing a Docker Engine. `await` it at the top level of an ESM spec file:
 *
 * - engine reachable → `describe(title, body)`;
 * - no engine and `BERTH_REQUIRE_DOCKER` unset → one skipped test naming the reason;
 * - no engine and `BERTH_REQUIRE_DOCKER` set → a failing test saying the engine is missing.
 *
 * A thin wrapper over core's `describeWhen` (which registers through the kit's runner adapter).
 *
 * @example
 * ```ts
 * await describeDocker('DockerDriver', () => { it('creates', async () => { ... }); });
 * ```
 */
export async function describeDocker(
  title: string,
  body: () => void,
  connection: DockerConnectionOptions = connectionFromEnv(),
): Promise<void> {
  const where = 'socketPath' in connection ? connection.socketPath : `${connection.host}:${connection.port}`;
  const reason = (await dockerAvailable(connection)) ? null : `no Docker Engine answers at ${where}`;
  describeWhen(reason, title, body, { requireEnv: REQUIRE_DOCKER_ENV, hint: 'run bash scripts/docker-engine.sh' });
}
