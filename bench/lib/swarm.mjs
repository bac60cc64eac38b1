// Shared setup of the Swarm benchmarks (bench/swarm.mjs, bench/scale/curves/swarm.mjs): find the two-node test
// swarm of scripts/swarm-up.sh, take its lock (the swarm tests drain and kill nodes: a benchmark takes the swarm
// for itself, same protocol as driver-docker's swarm-test-lock), connect Berth's SwarmDriver and raw dockerode on
// the manager and the worker, and sweep everything carrying the benchmark's label (services, then containers on
// both nodes). Additive: nothing here runs on import.
import Docker from 'dockerode';
import { importPackage } from './packages.mjs';

/**
 * Opens the test swarm for a benchmark labelled `labelKey=labelValue`, or resolves `{ skipped: reason }` when it is
 * not up or stays locked past `lockWaitMs`. Call `close()` at the end (it sweeps, disposes and releases the lock).
 */
export async function openTestSwarm({ labelKey, labelValue, lockWaitMs = 600_000, log = console.log }) {
  const { SwarmDriver } = await importPackage('driver-docker');
  const { acquireSwarmTestLock, findTestSwarm, SWARM_TEST_LOCK } = await importPackage(
    'driver-docker',
    'testing/index.js',
  );
  const swarm = await findTestSwarm();
  if (swarm === undefined) return { skipped: 'the two-node test swarm is not up (run bash scripts/swarm-up.sh)' };
  let release;
  try {
    release = await acquireSwarmTestLock({
      path: SWARM_TEST_LOCK,
      timeoutMs: lockWaitMs,
      pollMs: 500,
      onWait: (owner) => log(`swarm: waiting for the test swarm (${SWARM_TEST_LOCK} is held by pid ${owner || '?'})`),
    });
  } catch {
    return { skipped: `the test swarm stayed busy (${SWARM_TEST_LOCK}) for ${lockWaitMs / 1000} s` };
  }
  const driver = await SwarmDriver.connect(swarm.options);
  const manager = new Docker({ socketPath: '/var/run/docker.sock' });
  const worker = new Docker({ socketPath: swarm.workerSocket });
  const label = `${labelKey}=${labelValue}`;

  /** Removes every labelled service, then every labelled container on both nodes; resolves with what it removed. */
  async function sweep() {
    const removed = [];
    for (const s of await manager.listServices({ filters: { label: [label] } }).catch(() => [])) {
      removed.push(`service ${s.ID}`);
      await manager
        .getService(s.ID)
        .remove()
        .catch(() => undefined);
    }
    for (const engine of [manager, worker]) {
      for (const c of await engine.listContainers({ all: true, filters: { label: [label] } }).catch(() => [])) {
        removed.push(`container ${c.Id.slice(0, 12)}`);
        await engine
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined);
      }
    }
    return removed;
  }

  /** Labelled containers still present on either node (Swarm removes a service's task containers asynchronously). */
  async function containersLeft() {
    let n = 0;
    for (const engine of [manager, worker])
      n += (await engine.listContainers({ all: true, filters: { label: [label] } }).catch(() => [])).length;
    return n;
  }

  let closed = false;
  async function close() {
    if (closed) return [];
    closed = true;
    try {
      return await sweep();
    } finally {
      await driver.dispose();
      await release();
    }
  }
  return { swarm, driver, manager, worker, sweep, containersLeft, close };
}
