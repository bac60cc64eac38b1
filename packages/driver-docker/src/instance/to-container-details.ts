import type { ContainerDetails, ContainerMount, ContainerPort } from '@berth/core';
import type Docker from 'dockerode';
import { parseEngineTime, toContainerInstance } from './to-container-instance.js';

/** Exposed ports (`80/tcp` → `{}`) and their bindings, as one list. */
function portsOf(info: Docker.ContainerInspectInfo): ContainerPort[] {
  const out: ContainerPort[] = [];
  const bound = info.NetworkSettings.Ports ?? {};
  const exposed = Object.keys(info.Config.ExposedPorts ?? {});
  for (const key of new Set([...exposed, ...Object.keys(bound)])) {
    const [port = '0', type = 'tcp'] = key.split('/');
    const bindings = bound[key] ?? [];
    if (bindings.length === 0) out.push({ privatePort: Number(port), type });
    for (const b of bindings) {
      out.push({
        privatePort: Number(port),
        type,
        ...(b.HostPort === undefined || b.HostPort === '' ? {} : { publicPort: Number(b.HostPort) }),
        ...(b.HostIp === undefined || b.HostIp === '' ? {} : { ip: b.HostIp }),
      });
    }
  }
  return out;
}

function mountsOf(info: Docker.ContainerInspectInfo): ContainerMount[] {
  return (info.Mounts ?? []).map((m) => ({
    type: m.Type ?? 'bind',
    source: m.Type === 'volume' && m.Name !== undefined ? m.Name : (m.Source ?? ''),
    destination: m.Destination,
    mode: m.Mode ?? '',
    readWrite: m.RW ?? true,
  }));
}

/**
 * Builds the detailed view of a container from `docker inspect` output: the instance plus image id, command,
 * env, ports, mounts, network mode and the last run's outcome.
 *
 * @param info - `container.inspect()` result.
 * @param host - host id when the driver is one engine of a pool.
 */
export function toContainerDetails(info: Docker.ContainerInspectInfo, host?: string): ContainerDetails {
  const entrypoint = info.Config.Entrypoint;
  const command = [
    ...(Array.isArray(entrypoint) ? entrypoint : typeof entrypoint === 'string' ? [entrypoint] : []),
    ...(info.Config.Cmd ?? []),
  ];
  const networks: ContainerDetails['networks'] = {};
  for (const [name, n] of Object.entries(info.NetworkSettings.Networks ?? {})) {
    networks[name] = { ipAddress: n.IPAddress ?? '', gateway: n.Gateway ?? '' };
  }
  const details: ContainerDetails = {
    ...toContainerInstance(info, host),
    imageId: info.Image,
    command,
    env: info.Config.Env ?? [],
    workingDir: info.Config.WorkingDir ?? '',
    user: info.Config.User ?? '',
    ports: portsOf(info),
    mounts: mountsOf(info),
    networkMode: info.HostConfig.NetworkMode ?? 'default',
    networks,
    exitCode: info.State.ExitCode ?? 0,
    oomKilled: info.State.OOMKilled ?? false,
    restartCount: info.RestartCount ?? 0,
  };
  const finishedAt = parseEngineTime(info.State.FinishedAt);
  if (finishedAt !== undefined) details.finishedAt = finishedAt;
  return details;
}
