import { type HealthcheckSpec, parseExtraHost, type VolumeMount } from '@berth/core';
import { berthLabels } from '../spec/berth-labels.js';
import type { SwarmContainerSpec, SwarmPlacement, SwarmRestartPolicy } from './swarm-container-spec.js';

const MS_TO_NS = 1_000_000;
const MIB = 1024 * 1024;

/** Label put on every service SwarmDriver creates (besides `berth.managed`), so tools can tell them apart. */
export const SWARM_DRIVER_LABEL = 'berth.driver';

/** The parts of the Engine API's `ServiceSpec` (API 1.41) Berth writes. */
export interface ServiceSpecBody {
  Name?: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: {
      Image: string;
      Labels: Record<string, string>;
      Command?: string[];
      Args?: string[];
      Env: string[];
      Dir?: string;
      User?: string;
      TTY: boolean;
      ReadOnly: boolean;
      Mounts: { Type: 'volume' | 'bind'; Source: string; Target: string; ReadOnly: boolean }[];
      CapabilityDrop: string[];
      CapabilityAdd: string[];
      StopGracePeriod: number;
      /** docker-init as PID 1 (API ≥ 1.37): it forwards SIGTERM to the main process. */
      Init: boolean;
      Healthcheck?: { Test: string[]; Interval: number; Timeout: number; Retries: number; StartPeriod: number };
      /** `/etc/hosts` lines, `address name` (hosts(5)); the task's engine turns them into its `ExtraHosts`. */
      Hosts?: string[];
    };
    Resources: {
      Limits: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number };
      Reservations: { NanoCPUs?: number; MemoryBytes?: number };
    };
    RestartPolicy: { Condition: 'none' | 'on-failure' | 'any'; MaxAttempts?: number; Delay?: number };
    Placement: { Constraints: string[]; Preferences: { Spread: { SpreadDescriptor: string } }[] };
    Networks?: { Target: string }[];
    ForceUpdate: number;
  };
  Mode: { Replicated: { Replicas: number } };
}

/** Context of {@link toServiceSpec}. */
export interface ServiceSpecContext {
  /** Creation time for the `berth.created` label. */
  now?: Date;
  /** Placement merged under the spec's own (driver default). */
  placement?: SwarmPlacement;
  /** Extra constraints the driver adds (e.g. the node holding a mounted volume). */
  extraConstraints?: string[];
  /** Reserve what the limits ask for (`true`, default) so Swarm only places a task where it fits. */
  reserveLimits?: boolean;
  /** Grace period between SIGTERM and SIGKILL when Swarm itself stops the task, in ms. Default 10 000. */
  stopGracePeriodMs?: number;
}

/**
 * Translates a validated spec into a one-replica service created with `Replicas: 0` (Berth's `created` state;
 * `startContainer` scales it to 1). The task's container gets the same Berth labels as the service. Defaults:
 * every capability dropped, restart condition `none`, limits reserved, `Init` (docker-init runs the main process).
 */
export function toServiceSpec(spec: SwarmContainerSpec, context: ServiceSpecContext = {}): ServiceSpecBody {
  const labels = { ...berthLabels(spec, context.now), [SWARM_DRIVER_LABEL]: 'swarm' };
  const security = spec.security ?? {};
  const r = spec.resources ?? {};
  const limits: ServiceSpecBody['TaskTemplate']['Resources']['Limits'] = {};
  if (r.cpu !== undefined) limits.NanoCPUs = Math.round(r.cpu * 1e9);
  if (r.memoryMb !== undefined) limits.MemoryBytes = r.memoryMb * MIB;
  if (r.pids !== undefined) limits.Pids = r.pids;
  const reserve = context.reserveLimits ?? true;
  const reservations: ServiceSpecBody['TaskTemplate']['Resources']['Reservations'] = {};
  if (reserve && limits.NanoCPUs !== undefined) reservations.NanoCPUs = limits.NanoCPUs;
  if (reserve && limits.MemoryBytes !== undefined) reservations.MemoryBytes = limits.MemoryBytes;

  const container: ServiceSpecBody['TaskTemplate']['ContainerSpec'] = {
    Image: spec.image,
    Labels: labels,
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    TTY: spec.tty ?? false,
    ReadOnly: security.readOnly ?? false,
    Mounts: (spec.volumes ?? []).map(toMount),
    CapabilityDrop: (security.capabilities?.drop ?? ['ALL']).map(capName),
    CapabilityAdd: (security.capabilities?.add ?? []).map(capName),
    StopGracePeriod: (context.stopGracePeriodMs ?? 10_000) * MS_TO_NS,
    // docker-init as PID 1 forwards SIGTERM, so a main process without a handler ends with 143 on stop (a PID 1
    // ignores SIGTERM until SIGKILL): the same as the Docker driver's HostConfig.Init
    Init: true,
  };
  if (spec.entrypoint !== undefined) container.Command = spec.entrypoint;
  if (spec.command !== undefined) container.Args = spec.command;
  if (spec.workingDir !== undefined) container.Dir = spec.workingDir;
  if (security.user !== undefined) container.User = security.user;
  if (spec.healthcheck !== undefined) container.Healthcheck = toHealthcheck(spec.healthcheck);
  // `name:address` → `address name`; the node's engine maps it back to ExtraHosts (and resolves host-gateway)
  const hosts = (spec.extraHosts ?? []).map(parseExtraHost).flatMap((h) => (h ? [`${h.address} ${h.host}`] : []));
  if (hosts.length > 0) container.Hosts = hosts;

  const constraints = [
    ...(context.placement?.constraints ?? []),
    ...(spec.placement?.constraints ?? []),
    ...(context.extraConstraints ?? []),
  ].map((c) => c.trim());
  const spread = [...(context.placement?.spreadOver ?? []), ...(spec.placement?.spreadOver ?? [])];
  const body: ServiceSpecBody = {
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: container,
      Resources: { Limits: limits, Reservations: reservations },
      RestartPolicy: toRestart(spec.restart ?? { condition: 'none' }),
      Placement: {
        Constraints: [...new Set(constraints)],
        Preferences: spread.map((d) => ({ Spread: { SpreadDescriptor: d } })),
      },
      ForceUpdate: 0,
    },
    Mode: { Replicated: { Replicas: 0 } },
  };
  if (spec.name !== undefined) body.Name = spec.name;
  if (spec.network !== undefined) body.TaskTemplate.Networks = [{ Target: spec.network }];
  return body;
}

function toRestart(p: SwarmRestartPolicy): ServiceSpecBody['TaskTemplate']['RestartPolicy'] {
  const out: ServiceSpecBody['TaskTemplate']['RestartPolicy'] = { Condition: p.condition };
  if (p.maxAttempts !== undefined) out.MaxAttempts = p.maxAttempts;
  if (p.delayMs !== undefined) out.Delay = p.delayMs * MS_TO_NS;
  return out;
}

function toMount(v: VolumeMount): ServiceSpecBody['TaskTemplate']['ContainerSpec']['Mounts'][number] {
  return { Type: v.type ?? 'volume', Source: v.source, Target: v.target, ReadOnly: v.readOnly ?? false };
}

/** `CAP_NET_ADMIN` → `CAP_NET_ADMIN`: Swarm wants the prefixed form (`ALL` stays `ALL`). */
function capName(name: string): string {
  const upper = name.toUpperCase();
  return upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

function toHealthcheck(
  h: HealthcheckSpec,
): NonNullable<ServiceSpecBody['TaskTemplate']['ContainerSpec']['Healthcheck']> {
  return {
    Test: ['CMD', ...h.command],
    Interval: (h.intervalMs ?? 30_000) * MS_TO_NS,
    Timeout: (h.timeoutMs ?? 30_000) * MS_TO_NS,
    Retries: h.retries ?? 3,
    StartPeriod: (h.startPeriodMs ?? 0) * MS_TO_NS,
  };
}
