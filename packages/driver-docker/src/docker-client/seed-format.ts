import type Docker from 'dockerode';
import { computeStats } from '../stats/compute-stats.js';
import type { DockerStatsPayload } from '../stats/docker-stats-payload.js';
import type { ContainerInfo, ContainerStats, SeedMount, SeedPort } from './seed-types.js';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** `docker ps` output of one container in the seed's shape. */
export function formatSummary(c: Docker.ContainerInfo): ContainerInfo {
  return {
    id: c.Id,
    name: c.Names?.[0]?.replace(/^\//, '') || 'unknown',
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command,
    created: new Date(c.Created * 1000),
    state: c.State,
    status: c.Status,
    ports: (c.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      ...(p.PublicPort === undefined ? {} : { publicPort: p.PublicPort }),
      type: p.Type,
      ...(p.IP === undefined ? {} : { ip: p.IP }),
    })),
    labels: c.Labels ?? {},
    networkMode: c.HostConfig?.NetworkMode,
    mounts: (c.Mounts ?? []).map(
      (m): SeedMount => ({
        type: m.Type,
        source: m.Source,
        destination: m.Destination,
        mode: m.Mode,
        readWrite: m.RW,
      }),
    ),
  };
}

/** `docker inspect` output of one container in the seed's shape (state as a word, like `docker ps`). */
export function formatInspect(i: Docker.ContainerInspectInfo): ContainerInfo {
  const ports: SeedPort[] = [];
  for (const [key, bindings] of Object.entries(i.NetworkSettings.Ports ?? {})) {
    const [port = '0', type = 'tcp'] = key.split('/');
    if (bindings === null || bindings.length === 0) ports.push({ privatePort: Number(port), type });
    for (const b of bindings ?? []) {
      ports.push({ privatePort: Number(port), publicPort: Number(b.HostPort), type, ip: b.HostIp });
    }
  }
  const entrypoint = i.Config.Entrypoint;
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, '') || 'unknown',
    image: i.Config.Image,
    imageId: i.Image,
    command: [
      ...(Array.isArray(entrypoint) ? entrypoint : entrypoint ? [entrypoint] : []),
      ...(i.Config.Cmd ?? []),
    ].join(' '),
    created: new Date(i.Created),
    state: i.State.Status,
    status: i.State.Status,
    ports,
    labels: i.Config.Labels ?? {},
    networkMode: i.HostConfig.NetworkMode,
    mounts: (i.Mounts ?? []).map((m) => ({
      type: m.Type ?? 'bind',
      source: m.Source ?? '',
      destination: m.Destination,
      mode: m.Mode ?? '',
      readWrite: m.RW ?? true,
    })),
  };
}

/** One stats payload in the seed's shape (CPU and memory as Berth computes them, rounded as the seed does). */
export function formatStats(id: string, payload: DockerStatsPayload): ContainerStats {
  const s = computeStats(id, payload);
  return {
    cpuUsage: round2(s.cpuPercent),
    memoryUsage: s.memoryBytes,
    memoryLimit: s.memoryLimitBytes,
    memoryPercentage: round2(s.memoryPercent),
    networkRx: s.networkRxBytes,
    networkTx: s.networkTxBytes,
    diskRead: s.blockReadBytes,
    diskWrite: s.blockWriteBytes,
    pids: s.pids,
    timestamp: new Date(),
  };
}
