import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DriverUnavailableError } from '@berth/core';
import { acquireSwarmTestLock } from './swarm-test-lock.js';

/** Socket of the second test engine (scripts/docker-engine-second.sh); `BERTH_DOCKER2_SOCKET` overrides it. */
export function secondEngineSocket(env: NodeJS.ProcessEnv = process.env): string {
  return env['BERTH_DOCKER2_SOCKET'] ?? '/var/run/berth-docker2.sock';
}

/** Lock directory that serialises the test files using (and stopping, restarting) the second test engine. */
export const SECOND_ENGINE_TEST_LOCK = '/tmp/berth-docker2-tests.lock';

/**
 * scripts/docker-engine-second.sh of the Berth checkout the tests run in: `BERTH_DOCKER2_SCRIPT`, else found by
 * walking up from the working directory (no `import.meta`: this file is built to CommonJS too).
 */
function scriptPath(env: NodeJS.ProcessEnv = process.env): string {
  const given = env['BERTH_DOCKER2_SCRIPT'];
  if (given !== undefined && given !== '') return given;
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(dir, 'scripts', 'docker-engine-second.sh');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new DriverUnavailableError(
    'scripts/docker-engine-second.sh not found above the working directory; set BERTH_DOCKER2_SCRIPT',
  );
}

/**
 * Runs scripts/docker-engine-second.sh (`start`: daemon up and the test image loaded; `stop`; `restart`: daemon
 * only) without blocking the event loop, so open sockets see the engine go away. Rejects when the script fails.
 */
export async function secondEngine(command: 'start' | 'stop' | 'restart'): Promise<void> {
  await promisify(execFile)('bash', [scriptPath(), command]);
}

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/**
 * Holds the second test engine for the whole current jest file: in `beforeAll` takes
 * {@link SECOND_ENGINE_TEST_LOCK} (waiting up to 30 minutes for other files: one of them restarts the engine,
 * each stops it when done) and starts the engine; in `afterAll` stops it and releases the lock. Call it at the top
 * level of the file, before the suites that use the engine.
 *
 * @param beforeStop - runs in `afterAll` before the engine stops (clean-up of what tests left on it); its
 *   failure still stops the engine and releases the lock, then fails the hook.
 */
export function holdSecondEngine(beforeStop?: () => Promise<void>): void {
  const g = globalThis as unknown as { beforeAll: Hook; afterAll: Hook };
  let release: (() => Promise<void>) | undefined;
  g.beforeAll(async () => {
    release = await acquireSwarmTestLock({ path: SECOND_ENGINE_TEST_LOCK });
    await secondEngine('start');
  }, 1_800_000);
  g.afterAll(async () => {
    try {
      await beforeStop?.();
    } finally {
      try {
        await secondEngine('stop');
      } finally {
        await release?.();
      }
    }
  }, 120_000);
}
