import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';

/** Default path of the lock that serialises test files using the shared test swarm. */
export const SWARM_TEST_LOCK = '/tmp/berth-swarm-tests.lock';

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
 * owner died is taken over. Resolves with the release function.
 */
export async function acquireSwarmTestLock(path = SWARM_TEST_LOCK, pollMs = 250): Promise<() => Promise<void>> {
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
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        await rm(path, { recursive: true, force: true });
        continue;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
