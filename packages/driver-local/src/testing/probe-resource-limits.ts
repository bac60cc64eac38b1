import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceLimitCapabilities } from '@berth/core';
import { LocalDriver } from '../local-driver.js';

/**
 * The resource limits a {@link LocalDriver} enforces on this host, read from a throw-away driver on a temporary home
 * (removed again): what `describeWithLimits` decides on.
 */
export async function probeResourceLimits(): Promise<ResourceLimitCapabilities> {
  const home = await mkdtemp(join(tmpdir(), 'berth-local-probe-'));
  const probe = new LocalDriver({ home });
  try {
    return { ...probe.capabilities.resourceLimits };
  } finally {
    await probe.dispose();
    await rm(home, { recursive: true, force: true });
  }
}
