import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerTimeoutError } from '@berth/core';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { acquireSwarmTestLock } from './swarm-test-lock.js';

describe(acquireSwarmTestLock.name, () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-lock-'));
    path = join(dir, 'lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is exclusive until released', async () => {
    const release = await acquireSwarmTestLock({ path, pollMs: 10 });
    await expect(acquireSwarmTestLock({ path, pollMs: 10, timeoutMs: 100 })).rejects.toBeInstanceOf(
      ContainerTimeoutError,
    );
    await release();
    const again = await acquireSwarmTestLock({ path, pollMs: 10, timeoutMs: 1000 });
    await again();
  });

  it('tells once who holds it', async () => {
    const release = await acquireSwarmTestLock({ path });
    const owners: number[] = [];
    await acquireSwarmTestLock({ path, pollMs: 10, timeoutMs: 100, onWait: (pid) => owners.push(pid) }).catch(
      () => undefined,
    );
    expect(owners).toEqual([process.pid]);
    await release();
  });

  it('takes over a lock whose holder is dead', async () => {
    await mkdir(path);
    await writeFile(join(path, 'pid'), '2147483646');
    const release = await acquireSwarmTestLock({ path, pollMs: 10, timeoutMs: 1000 });
    await release();
  });
});
