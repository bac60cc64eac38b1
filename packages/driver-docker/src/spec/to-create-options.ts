import type { ContainerSpec, HealthcheckSpec, PortMapping, VolumeMount } from '@berth/core';
import type Docker from 'dockerode';
import { berthLabels } from './berth-labels.js';

const MS_TO_NS = 1_000_000;
const MIB = 1024 * 1024;

/** Options of {@link toCreateOptions}. */
export interface CreateOptionsContext {
  /** Creation time for the `berth.created` label. */
  now?: Date;
  /** Network used when the spec names none (default: the engine's `bridge`). */
  defaultNetwork?: string;
}

/**
 * Translates a (validated) `ContainerSpec` into the Engine API's `POST /containers/create` body.
 * The full table is in the package README; the safe defaults are: every capability dropped,
 * `no-new-privileges` on, ports bound to `127.0.0.1`, `MemorySwap = Memory` (no swap, so exceeding memory
 * OOM-kills), and `Init` (docker-init runs the main process and forwards signals to it).
 */
export function toCreateOptions(
  spec: ContainerSpec,
  context: CreateOptionsContext = {},
): Docker.ContainerCreateOptions {
  const security = spec.security ?? {};
  const resources = spec.resources ?? {};
  const hostConfig: Docker.HostConfig = {
    CapDrop: (security.capabilities?.drop ?? ['ALL']).map(capName),
    CapAdd: (security.capabilities?.add ?? []).map(capName),
    SecurityOpt: security.noNewPrivileges === false ? [] : ['no-new-privileges=true'],
    ReadonlyRootfs: security.readOnly ?? false,
    Mounts: (spec.volumes ?? []).map(toMount),
    PortBindings: toPortBindings(spec.ports ?? []),
    NetworkMode: spec.network ?? context.defaultNetwork ?? 'bridge',
    // docker-init as PID 1: it forwards SIGTERM to the main process, which then ends as the contract says
    // (143 without a handler) instead of ignoring it as a PID 1 does until SIGKILL at the stop timeout.
    Init: true,
  };
  if (resources.cpu !== undefined) hostConfig.NanoCpus = Math.round(resources.cpu * 1e9);
  if (resources.memoryMb !== undefined) {
    hostConfig.Memory = resources.memoryMb * MIB;
    hostConfig.MemorySwap = resources.memoryMb * MIB;
  }
  if (resources.pids !== undefined) hostConfig.PidsLimit = resources.pids;
  if (resources.diskMb !== undefined) hostConfig.StorageOpt = { size: `${resources.diskMb}M` };
  // `name:address` as Docker's --add-host; `host-gateway` is resolved by the engine (20.10+) to the host's gateway
  if (spec.extraHosts !== undefined && spec.extraHosts.length > 0) hostConfig.ExtraHosts = [...spec.extraHosts];

  const options: Docker.ContainerCreateOptions = {
    Image: spec.image,
    Labels: berthLabels(spec, context.now),
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Tty: spec.tty ?? false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    HostConfig: hostConfig,
  };
  if (spec.name !== undefined) options.name = spec.name;
  if (spec.command !== undefined) options.Cmd = spec.command;
  if (spec.entrypoint !== undefined) options.Entrypoint = spec.entrypoint;
  if (spec.workingDir !== undefined) options.WorkingDir = spec.workingDir;
  if (security.user !== undefined) options.User = security.user;
  if (spec.ports !== undefined && spec.ports.length > 0) {
    options.ExposedPorts = Object.fromEntries(spec.ports.map((p) => [portKey(p), {}]));
  }
  if (spec.healthcheck !== undefined) options.Healthcheck = toHealthcheck(spec.healthcheck);
  return options;
}

/** `CAP_NET_ADMIN` → `NET_ADMIN` (the engine accepts both; stored without prefix for stable inspect output). */
function capName(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

function toMount(v: VolumeMount): Docker.MountSettings {
  return { Type: v.type ?? 'volume', Source: v.source, Target: v.target, ReadOnly: v.readOnly ?? false };
}

function portKey(p: PortMapping): string {
  return `${p.containerPort}/${p.protocol ?? 'tcp'}`;
}

function toPortBindings(ports: PortMapping[]): Docker.PortMap {
  const map: Docker.PortMap = {};
  for (const p of ports) {
    const key = portKey(p);
    const binding = { HostIp: p.hostIp ?? '127.0.0.1', HostPort: p.hostPort === undefined ? '' : String(p.hostPort) };
    map[key] = [...(map[key] ?? []), binding];
  }
  return map;
}

function toHealthcheck(h: HealthcheckSpec): Docker.HealthConfig {
  return {
    Test: ['CMD', ...h.command],
    Interval: (h.intervalMs ?? 30_000) * MS_TO_NS,
    Timeout: (h.timeoutMs ?? 30_000) * MS_TO_NS,
    Retries: h.retries ?? 3,
    StartPeriod: (h.startPeriodMs ?? 0) * MS_TO_NS,
  };
}
