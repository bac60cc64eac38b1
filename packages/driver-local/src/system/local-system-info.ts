import { readFileSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { arch, availableParallelism, hostname, machine, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ContainerState, IsolationLevel, SystemInfo, SystemUsage, SystemVersion } from '@berth/core';

/** What {@link LocalSystemInfo} reports from: the driver's version, state root and sandbox. */
export interface LocalSystemSources {
  /** The local driver's version (its "engine" version). */
  version: string;
  /** The driver's state root (`home`). */
  home: string;
  /** Directory of the containers' directories (each `<id>/rootfs` …). */
  containersDir: string;
  /** Directory of the named volumes' directories. */
  volumesDir: string;
  /** `capabilities.isolation`: `'process'` (bubblewrap) or `'none'`. */
  isolation: IsolationLevel;
  /** The sandbox's health details: its mode and bwrap's path and version, or why it is not usable. */
  sandbox: () => Record<string, unknown>;
  /** States of the containers not removed. */
  states: () => Promise<ContainerState[]>;
}

/**
 * `docker info` / `version` / `system df` of the local driver (capability `systemInfo`): the host it runs on (OS,
 * kernel, CPUs, memory from Node's `os` and `/etc/os-release`), its containers' states, the driver's version, its
 * isolation mode and bubblewrap's version (in `details`). It has no images and no build cache (both 0); disk usage is
 * what the containers' directories (rootfs, logs) and the volumes' directories take, walked without following links.
 */
export class LocalSystemInfo {
  readonly #s: LocalSystemSources;

  /** @param sources - what the reports are made of. */
  constructor(sources: LocalSystemSources) {
    this.#s = sources;
  }

  /** The host and the driver, with the containers counted by state. */
  async info(): Promise<SystemInfo> {
    const states = await this.#s.states();
    const count = (s: ContainerState): number => states.filter((x) => x === s).length;
    const name = hostname();
    return {
      id: `local:${name}:${this.#s.home}`,
      name,
      operatingSystem: operatingSystem(),
      osType: platform(),
      architecture: machine(),
      kernelVersion: release(),
      cpus: availableParallelism(),
      memoryBytes: totalmem(),
      containers: {
        total: states.length,
        running: count('running'),
        paused: count('paused'),
        stopped: states.length - count('running') - count('paused'),
      },
      images: 0,
      storageDriver: 'directories',
      serverVersion: this.#s.version,
      details: {
        driver: 'local',
        home: this.#s.home,
        isolation: this.#s.isolation,
        sandbox: this.#s.sandbox(),
      },
    };
  }

  /** The driver's version, with the host's OS, architecture and kernel. */
  version(): Promise<SystemVersion> {
    return Promise.resolve({ version: this.#s.version, os: platform(), arch: arch(), kernelVersion: release() });
  }

  /** Bytes under each container's and each volume's directory; no images, no build cache. */
  async usage(): Promise<SystemUsage> {
    const [containers, volumes] = await Promise.all([dirTotals(this.#s.containersDir), dirTotals(this.#s.volumesDir)]);
    return { images: { count: 0, sizeBytes: 0 }, containers, volumes, buildCache: { count: 0, sizeBytes: 0 } };
  }
}

/** `PRETTY_NAME` of `/etc/os-release` (`NAME` when it has none), else the platform and kernel. */
function operatingSystem(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (key: string): string | undefined =>
      text
        .match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1]
        ?.trim()
        .replace(/^(["'])(.*)\1$/, '$2');
    return field('PRETTY_NAME') ?? field('NAME') ?? `${platform()} ${release()}`;
  } catch {
    return `${platform()} ${release()}`;
  }
}

/** The entries of `dir` (one per container or volume) and the bytes under them; a missing `dir` is none. */
async function dirTotals(dir: string): Promise<{ count: number; sizeBytes: number }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let sizeBytes = 0;
  for (const n of names) sizeBytes += await treeBytes(join(dir, n));
  return { count: names.length, sizeBytes };
}

/** Bytes of the files under `path` (links counted as themselves, never followed; what vanishes meanwhile is 0). */
async function treeBytes(path: string): Promise<number> {
  const st = await lstat(path).catch(() => null);
  if (st === null) return 0;
  if (!st.isDirectory()) return st.size;
  const entries = await readdir(path).catch(() => [] as string[]);
  let total = 0;
  for (const e of entries) total += await treeBytes(join(path, e));
  return total;
}
