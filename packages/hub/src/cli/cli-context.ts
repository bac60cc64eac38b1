import type { ContainerDriver, ContainerInstance } from '@berth/core';
import { ContainerNotFoundError } from '@berth/core';
import { createDriver, DRIVER_KINDS, type DriverConfig } from '../drivers/index.js';
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
export function driverKinds(value: string | undefined, allowMany: boolean): DriverConfig['kind'][] {
  const raw = (value ?? process.env.BERTH_DRIVER ?? 'local').split(',').map((s) => s.trim());
  for (const kind of raw) {
    if (!(DRIVER_KINDS as readonly string[]).includes(kind)) {
      throw new CliExit(EXIT.usage, `unknown driver "${kind}"; expected one of ${DRIVER_KINDS.join(', ')}`);
    }
  }
  if (!allowMany && raw.length !== 1) throw new CliExit(EXIT.usage, '--driver takes one driver here');
  return raw as DriverConfig['kind'][];
}

/** Builds the driver of a kind with the global options. */
export function openDriver(kind: DriverConfig['kind'], options: GlobalOptions): Promise<ContainerDriver> {
  const home = options.home ?? process.env.BERTH_HOME;
  return createDriver(kind === 'local' && home !== undefined ? { kind, home } : { kind });
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
