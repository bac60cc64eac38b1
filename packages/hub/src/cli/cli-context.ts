import type { ContainerDriver, ContainerInstance } from '@berth/core';
import { ContainerNotFoundError } from '@berth/core';
import { driverConfigFromEnv } from '../config/driver-config-from-env.js';
import { type BuiltinDriverKind, DRIVER_KINDS, isBuiltinDriverKind } from '../drivers/builtin-driver-kinds.js';
import { openBuiltinDriver } from '../drivers/open-driver.js';
import { CliExit, EXIT } from './exit-codes.js';

/** Options every command shares. */
export interface GlobalOptions {
  /** Driver kind (`--driver`, else `BERTH_DRIVER`, else `local`). */
  driver?: string;
  /** Local driver state directory (`--home`, else `BERTH_HOME`). */
  home?: string;
  /** Machine-readable output. */
  json?: boolean;
}

/** Parses a `--driver` value (one kind, or a comma list where allowed). */
export function driverKinds(value: string | undefined, allowMany: boolean): BuiltinDriverKind[] {
  const raw = (value ?? process.env.BERTH_DRIVER ?? 'local').split(',').map((s) => s.trim());
  const kinds: BuiltinDriverKind[] = [];
  for (const kind of raw) {
    if (!isBuiltinDriverKind(kind)) {
      throw new CliExit(EXIT.usage, `unknown driver "${kind}"; expected one of ${DRIVER_KINDS.join(', ')}`);
    }
    kinds.push(kind);
  }
  if (!allowMany && kinds.length !== 1) throw new CliExit(EXIT.usage, '--driver takes one driver here');
  return kinds;
}

/**
 * Builds the driver of a kind with the global options: the environment (`BERTH_HOME`, `DOCKER_HOST`,
 * `BERTH_SWARM_NODES`) becomes core's `DriverConfig` ({@link driverConfigFromEnv}), which goes through
 * `createBerth` ({@link openBuiltinDriver}). Disposing the returned driver releases all it holds.
 */
export async function openDriver(kind: BuiltinDriverKind, options: GlobalOptions): Promise<ContainerDriver> {
  const config = await driverConfigFromEnv(kind, process.env, options.home ?? process.env.BERTH_HOME);
  return (await openBuiltinDriver(config)).driver;
}

/**
 * Finds a container by id, or by session id (`berth.session` label).
 *
 * @throws ContainerNotFoundError
 */
export async function resolveContainer(driver: ContainerDriver, id: string): Promise<ContainerInstance> {
  const direct = await driver.getContainer(id);
  if (direct !== null) return direct;
  const bySession = await driver.listContainers({ sessionId: id, state: ['created', 'running', 'paused', 'exited'] });
  const hit = bySession[0];
  if (hit === undefined) throw new ContainerNotFoundError(id);
  return hit;
}
