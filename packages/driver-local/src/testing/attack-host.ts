import type { ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttackTargets, hostSleeper, pongServer } from './sandbox-attacks.js';

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/** The host side of the sandbox attacks for the current test, made fresh before each one (see {@link useAttackHost}). */
export interface AttackHost {
  /** A fresh driver home, owned by the attacked user. */
  readonly home: string;
  /** The host directory holding the secret file, owned by the attacked user. */
  readonly hostDir: string;
  /** What the attacks aim at. */
  readonly targets: AttackTargets;
}

/** Options of {@link useAttackHost}. */
export interface AttackHostOptions {
  /** Prefix of the temporary directories and of the name the container writes into its `/tmp`. */
  name: string;
  /** The secret file's content. */
  secret: string;
  /** The user the driver runs as: owns the home, the host directory, the secret and the host process. */
  uid: number;
  /** Runs after the host side is ready, before each test (e.g. a driver on `home`). */
  setUp?: (host: AttackHost) => void | Promise<void>;
  /** Runs after each test before the host side goes (e.g. remove the containers, dispose the driver). */
  tearDown?: () => Promise<void>;
}

/**
 * The host side of `sandbox-attacks.ts` for one test file: a pong service on the host loopback for the whole file,
 * and before each test a fresh home, a host directory with a secret file (mode 600) and a host process, all of user
 * `uid`. After each test (also a failed one) `tearDown` runs, then the process is killed and the directories, and a
 * file the container may have leaked into the host's `/tmp`, are removed. Call it inside the file's describe.
 *
 * @returns the current test's host side (read it inside tests and `setUp`, not at collection time)
 */
export function useAttackHost(options: AttackHostOptions): AttackHost {
  const g = globalThis as unknown as { beforeAll: Hook; afterAll: Hook; beforeEach: Hook; afterEach: Hook };
  const tmpName = `${options.name}-${process.pid}-${Date.now()}`;
  let service: { server: Server; port: number } | undefined;
  let sleeper: ChildProcess | undefined;
  let current: AttackHost | undefined;
  const host: AttackHost = {
    get home() {
      return now().home;
    },
    get hostDir() {
      return now().hostDir;
    },
    get targets() {
      return now().targets;
    },
  };
  function now(): AttackHost {
    if (current === undefined) throw new Error('the attack host exists only while a test runs');
    return current;
  }

  g.beforeAll(async () => {
    service = await pongServer();
  });
  g.afterAll(async () => {
    await new Promise((r) => service?.server.close(r) ?? r(undefined));
  });
  g.beforeEach(async () => {
    const home = await mkdtemp(join(tmpdir(), `${options.name}-`));
    const hostDir = await mkdtemp(join(tmpdir(), `${options.name}-host-`));
    const secretFile = join(hostDir, 'secret');
    await writeFile(secretFile, `${options.secret}\n`, { mode: 0o600 });
    if (options.uid !== process.getuid?.()) {
      // everything belongs to the driver's user: on the host it could read, write and kill all of it
      for (const p of [home, hostDir, secretFile]) await chown(p, options.uid, options.uid);
      await chmod(hostDir, 0o700);
    }
    sleeper = hostSleeper(options.uid);
    current = {
      home,
      hostDir,
      targets: {
        secretFile,
        secret: options.secret,
        hostDir,
        tmpName,
        hostPid: sleeper.pid ?? 0,
        port: service?.port ?? 0,
      },
    };
    await options.setUp?.(host);
  });
  g.afterEach(async () => {
    try {
      await options.tearDown?.();
    } finally {
      sleeper?.kill('SIGKILL');
      if (current !== undefined) {
        await rm(current.home, { recursive: true, force: true });
        await rm(current.hostDir, { recursive: true, force: true });
      }
      await rm(join(tmpdir(), tmpName), { force: true });
      current = undefined;
    }
  });
  return host;
}
