import type { ContainerState, SystemInfo, SystemUsage, SystemVersion } from '@berth/core';

/** What the mock's host reports is made of: its containers' states, images and volumes. */
export interface MockWorld {
  /** Driver version (reported as the engine version). */
  version: string;
  /** States of the containers not removed. */
  states: ContainerState[];
  /** Sizes of the local images. */
  imageSizes: number[];
  /** Number of volumes. */
  volumes: number;
}

/** `docker info` of the mock: a fixed host (4 CPUs, 8 GiB) with the mock's own counts. */
export function mockSystemInfo(world: MockWorld): SystemInfo {
  const count = (s: ContainerState): number => world.states.filter((x) => x === s).length;
  return {
    id: 'mock',
    name: 'mock',
    operatingSystem: 'Berth mock',
    osType: 'linux',
    architecture: 'x86_64',
    kernelVersion: 'mock',
    cpus: 4,
    memoryBytes: 8 * 1024 ** 3,
    containers: {
      total: world.states.length,
      running: count('running'),
      paused: count('paused'),
      stopped: world.states.length - count('running') - count('paused'),
    },
    images: world.imageSizes.length,
    storageDriver: 'mock',
    serverVersion: world.version,
    details: {},
  };
}

/** `docker version` of the mock. */
export function mockSystemVersion(world: MockWorld): SystemVersion {
  return { version: world.version, os: 'linux', arch: 'amd64' };
}

/** `docker system df` of the mock: image sizes summed; containers, volumes and build cache take no space. */
export function mockSystemUsage(world: MockWorld): SystemUsage {
  return {
    images: { count: world.imageSizes.length, sizeBytes: world.imageSizes.reduce((a, b) => a + b, 0) },
    containers: { count: world.states.length, sizeBytes: 0 },
    volumes: { count: world.volumes, sizeBytes: 0 },
    buildCache: { count: 0, sizeBytes: 0 },
  };
}
