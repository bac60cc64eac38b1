import { BERTH_LABELS, type ContainerInstance, type ContainerState, type ResourceLimits } from '@berth/core';
import type Docker from 'dockerode';

const MIB = 1024 * 1024;

/** Maps the engine's `State.Status` to Berth's lifecycle state. */
export function toContainerState(status: string | undefined): ContainerState {
  switch (status) {
    case 'created':
      return 'created';
    case 'running':
    case 'restarting':
      return 'running';
    case 'paused':
      return 'paused';
    case 'exited':
    case 'removing':
      return 'exited';
    case 'dead':
      return 'dead';
    default:
      return 'dead';
  }
}

/** Parses an engine time; the zero time (`0001-01-01…`) and garbage give `undefined`. */
export function parseEngineTime(value: string | undefined): Date | undefined {
  if (value === undefined || value === '' || value.startsWith('0001-01-01')) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Human status like `docker ps` prints: `Up`, `Exited (3)`, `Created`. */
function statusText(state: Docker.ContainerInspectInfo['State']): string {
  switch (state.Status) {
    case 'running':
      return state.Health === undefined ? 'Up' : `Up (${state.Health.Status})`;
    case 'exited':
      return `Exited (${state.ExitCode})${state.OOMKilled ? ' (OOM killed)' : ''}`;
    case 'created':
      return 'Created';
    case 'paused':
      return 'Up (Paused)';
    default:
      return state.Status.charAt(0).toUpperCase() + state.Status.slice(1);
  }
}

function resourcesOf(host: Docker.HostConfig): ResourceLimits {
  const r: ResourceLimits = {};
  if (host.NanoCpus !== undefined && host.NanoCpus > 0) r.cpu = host.NanoCpus / 1e9;
  if (host.Memory !== undefined && host.Memory > 0) r.memoryMb = Math.round(host.Memory / MIB);
  if (host.PidsLimit !== undefined && host.PidsLimit !== null && host.PidsLimit > 0) r.pids = host.PidsLimit;
  const size = host.StorageOpt?.['size'];
  if (size !== undefined) {
    const mb = parseSizeMb(size);
    if (mb !== undefined) r.diskMb = mb;
  }
  return r;
}

function parseSizeMb(size: string): number | undefined {
  const m = /^(\d+)([kmgt]?)i?b?$/i.exec(size.trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const factor = { '': 1 / MIB, k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 }[unit] ?? 1;
  return Math.round(n * factor);
}

function endpointOf(ports: Docker.PortMap | undefined): string | null {
  for (const bindings of Object.values(ports ?? {})) {
    const b = bindings?.[0];
    if (b?.HostPort !== undefined && b.HostPort !== '')
      return `${b.HostIp === '' || b.HostIp === '0.0.0.0' ? '127.0.0.1' : b.HostIp}:${b.HostPort}`;
  }
  return null;
}

/**
 * Builds a `ContainerInstance` from `docker inspect` output.
 *
 * @param info - `container.inspect()` result.
 * @param host - host id when the driver is one engine of a pool.
 */
export function toContainerInstance(info: Docker.ContainerInspectInfo, host?: string): ContainerInstance {
  const labels = info.Config.Labels ?? {};
  const instance: ContainerInstance = {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    sessionId: labels[BERTH_LABELS.session] ?? null,
    image: info.Config.Image,
    state: toContainerState(info.State.Status),
    status: statusText(info.State),
    endpoint: endpointOf(info.NetworkSettings.Ports),
    createdAt: parseEngineTime(info.Created) ?? new Date(0),
    labels,
    resources: resourcesOf(info.HostConfig),
    driver: 'docker',
  };
  const startedAt = parseEngineTime(info.State.StartedAt);
  if (startedAt !== undefined) instance.startedAt = startedAt;
  if (host !== undefined) instance.host = host;
  return instance;
}
