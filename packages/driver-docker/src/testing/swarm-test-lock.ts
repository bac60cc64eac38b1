import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { ContainerTimeoutError } from '@berth/core';

/** Default path of the lock that serialises test files (and benchmarks) using the shared test swarm. */
export const SWARM_TEST_LOCK = '/tmp/berth-swarm-tests.lock';

/** Options of {@link acquireSwarmTestLock}. */
export interface SwarmTestLockOptions {
  /** Lock directory. Default {@link SWARM_TEST_LOCK}. */
  path?: string;
  /** Poll interval while another process holds it, in ms. Default 250. */
  pollMs?: number;
  /** Give up after this long (`ContainerTimeoutError`). Default: wait forever. */
  timeoutMs?: number;
  /** Called once when the lock is found taken, with the holder's pid (0 when unknown). */
  onWait?: (ownerPid: number) => void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the test swarm for this process alone (test files of several jest workers share one swarm, and some of
 * them drain or kill a node). The lock is a directory (`mkdir` is atomic) holding the owner's pid; a lock whose
 * owner died (or that never got a pid) is taken over. Resolves with the release function.
 */
export async function acquireSwarmTestLock(options: SwarmTestLockOptions = {}): Promise<() => Promise<void>> {
  const path = options.path ?? SWARM_TEST_LOCK;
  const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  let told = false;
  let ownerlessSince: number | undefined;
  for (;;) {
    try {
      await mkdir(path);
      await writeFile(`${path}/pid`, String(process.pid));
      return async () => {
        await rm(path, { recursive: true, force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(await readFile(`${path}/pid`, 'utf8').catch(() => ''));
      const known = Number.isInteger(owner) && owner > 0;
      // a holder that died, or one that died between mkdir and writing its pid (no pid for 5 s): take it over
      ownerlessSince = known ? undefined : (ownerlessSince ?? Date.now());
      if ((known && !alive(owner)) || (ownerlessSince !== undefined && Date.now() - ownerlessSince > 5000)) {
        await rm(path, { recursive: true, force: true });
        ownerlessSince = undefined;
        continue;
      }
      if (Date.now() > deadline) throw new ContainerTimeoutError('acquireSwarmTestLock', options.timeoutMs ?? 0);
      if (!told) options.onWait?.(Number.isInteger(owner) ? owner : 0);
      told = true;
      await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
    }
  }
}

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/**
 * Path of the lock test files take while they publish the fixed host ports the seed documents' programs use as
 * written (8080, 5432): the driver-interface seed's use case 4 and the Docker client seed's streamer on 8080.
 */
export const SEED_PORTS_TEST_LOCK = '/tmp/berth-seed-ports.lock';

/**
 * Holds a test lock (see {@link acquireSwarmTestLock}) for the whole current jest file (or `describe`): takes it
 * in `beforeAll` (waiting up to 30 minutes for other files) and releases it in `afterAll`.
 *
 * @param path - the lock directory, e.g. {@link SEED_PORTS_TEST_LOCK}. Default {@link SWARM_TEST_LOCK}.
 */
export function holdTestLock(path: string = SWARM_TEST_LOCK): void {
  const g = globalThis as unknown as { beforeAll: Hook; afterAll: Hook };
  let release: (() => Promise<void>) | undefined;
  g.beforeAll(async () => {
    release = await acquireSwarmTestLock({ path });
  }, 1_800_000);
  g.afterAll(async () => {
    await release?.();
  });
}

/** Holds the test swarm for the whole current jest file (or `describe`): {@link holdTestLock} of the swarm lock. */
export function holdSwarmTestLock(): void {
  holdTestLock(SWARM_TEST_LOCK);
}
