import type { ContainerDetails, ContainerMount, ContainerPort } from '@berth/core';
import { MOCK_BRIDGE_GATEWAY } from './etc-hosts.js';
import type { MockContainer } from './mock-container.js';

/** Ports as `docker inspect` shows them: each published port with its host port and address. */
function portsOf(c: MockContainer): ContainerPort[] {
  return (c.spec.ports ?? []).map((p, i) => {
    const port: ContainerPort = { privatePort: p.containerPort, type: p.protocol ?? 'tcp' };
    const hostPort = c.hostPorts[i];
    if (hostPort !== undefined) port.publicPort = hostPort;
    port.ip = p.hostIp ?? '127.0.0.1';
    return port;
  });
}

/** Mounts as `docker inspect` shows them: volume name or host path, `ro` mode when read-only. */
function mountsOf(c: MockContainer): ContainerMount[] {
  return (c.spec.volumes ?? []).map((v) => ({
    type: v.type ?? 'volume',
    source: v.source,
    destination: v.target,
    mode: v.readOnly === true ? 'ro' : '',
    readWrite: v.readOnly !== true,
  }));
}

/** What the mock knows of a container beyond its record. */
export interface MockDetailsContext {
  /** Driver name put on the instance. */
  driver: string;
  /** The main process argv (the one running, or the one a start would run). */
  argv: string[];
  /** The environment processes in it see (`KEY` → value). */
  env: Record<string, string>;
}

/**
 * The mock's `inspectContainer`: the instance plus how it is configured and connected, from its spec and state
 * (image id as recorded at creation, argv, env, ports, mounts, network mode and address, the last run's outcome).
 * Never-run containers report exit code 0 and no `finishedAt`, as Docker does.
 */
export function toMockContainerDetails(c: MockContainer, ctx: MockDetailsContext): ContainerDetails {
  const networkMode = c.spec.network ?? 'bridge';
  const attached = networkMode !== 'none' && networkMode !== 'host';
  const octets = [Number.parseInt(c.id.slice(0, 2), 16) % 250, (Number.parseInt(c.id.slice(2, 4), 16) % 250) + 2];
  const details: ContainerDetails = {
    ...c.toInstance(ctx.driver),
    imageId: c.imageId,
    command: [...ctx.argv],
    env: Object.entries(ctx.env).map(([k, v]) => `${k}=${v}`),
    workingDir: c.spec.workingDir ?? '/',
    user: c.spec.security?.user ?? '',
    ports: portsOf(c),
    mounts: mountsOf(c),
    networkMode,
    networks: attached
      ? { [networkMode]: { ipAddress: `172.17.${octets[0]}.${octets[1]}`, gateway: MOCK_BRIDGE_GATEWAY } }
      : {},
    exitCode: c.lastExit?.exitCode ?? 0,
    oomKilled: c.lastExit?.oomKilled ?? false,
    restartCount: 0,
  };
  if (c.lastExit !== undefined) details.finishedAt = new Date(c.lastExit.finishedAt);
  return details;
}
