import { BERTH_LABELS, type ContainerInstance, type ContainerState, type ResourceLimits } from '@berth/core';
import type { ServiceSpecBody } from './to-service-spec.js';

/** A Swarm task as `GET /tasks` returns it (the fields Berth reads). */
export interface SwarmTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  DesiredState?: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  };
}

/** A Swarm service as `GET /services/{id}` returns it (the fields Berth reads). */
export interface SwarmService {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: ServiceSpecBody & { Name: string };
}

/** A Swarm node as `GET /nodes` returns it (the fields Berth reads). */
export interface SwarmNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Availability?: string; Role?: string; Labels?: Record<string, string> };
  Status?: { State?: string; Addr?: string; Message?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string };
}

const PRE_RUN = new Set(['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'allocated']);
const TERMINAL = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

/** `true` when the task will never run again (`complete`, `failed`, `shutdown`, `rejected`, `orphaned`, `remove`). */
export function isTerminal(task: SwarmTask): boolean {
  return TERMINAL.has(task.Status?.State ?? '');
}

/** `true` while Swarm is still placing or starting the task. */
export function isStarting(task: SwarmTask): boolean {
  return PRE_RUN.has(task.Status?.State ?? '');
}

/**
 * The task that stands for the container now: the newest one Swarm wants running, else the newest of all
 * (an exited container's last run). `undefined` when the service never had a task (created, not started).
 */
export function currentTask(tasks: SwarmTask[]): SwarmTask | undefined {
  const byNewest = [...tasks].sort((a, b) => time(b.CreatedAt) - time(a.CreatedAt));
  return byNewest.find((t) => t.DesiredState === 'running' || t.DesiredState === 'ready') ?? byNewest[0];
}

/** The exit code a terminal task reports (`ContainerStatus.ExitCode`, else 255 for a task that never ran). */
export function exitCodeOf(task: SwarmTask): number {
  return task.Status?.ContainerStatus?.ExitCode ?? 255;
}

/** Task state → Berth state; a task on a node that is down (and not finished) is `dead`. */
export function taskState(task: SwarmTask | undefined, nodeDown: boolean): ContainerState {
  if (task === undefined) return 'created';
  const s = task.Status?.State ?? '';
  if (s === 'rejected' || s === 'orphaned' || s === 'remove') return 'dead';
  if (TERMINAL.has(s)) return 'exited';
  if (nodeDown) return 'dead';
  if (s === 'running') return 'running';
  return 'created';
}

function time(value: string | undefined): number {
  const t = Date.parse(value ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function statusText(task: SwarmTask | undefined, state: ContainerState, node: SwarmNode | undefined): string {
  if (task === undefined) return 'Created';
  const s = task.Status?.State ?? 'unknown';
  if (state === 'dead' && !isTerminal(task)) {
    return `Dead: node ${node?.ID ?? task.NodeID ?? '?'} is ${node?.Status?.State ?? 'unknown'}${node?.Status?.Message ? ` (${node.Status.Message})` : ''}`;
  }
  if (state === 'dead') return `Dead: task ${s}${task.Status?.Err ? `: ${task.Status.Err}` : ''}`;
  if (state === 'exited') return `Exited (${exitCodeOf(task)})${task.Status?.Err ? `: ${task.Status.Err}` : ''}`;
  if (state === 'running') return 'Up';
  return `Created (task ${s}${task.Status?.Err ? `: ${task.Status.Err}` : ''})`;
}

function resourcesOf(service: SwarmService): ResourceLimits {
  const limits = service.Spec.TaskTemplate.Resources?.Limits ?? {};
  const r: ResourceLimits = {};
  if (limits.NanoCPUs !== undefined && limits.NanoCPUs > 0) r.cpu = limits.NanoCPUs / 1e9;
  if (limits.MemoryBytes !== undefined && limits.MemoryBytes > 0) r.memoryMb = Math.round(limits.MemoryBytes / 1048576);
  if (limits.Pids !== undefined && limits.Pids > 0) r.pids = limits.Pids;
  return r;
}

/** Builds the `ContainerInstance` of a service from its current task and that task's node. */
export function toSwarmInstance(
  service: SwarmService,
  task: SwarmTask | undefined,
  node: SwarmNode | undefined,
  driver: string,
): ContainerInstance {
  const nodeDown = node !== undefined && node.Status?.State !== 'ready';
  const state = taskState(task, nodeDown);
  const labels = { ...(service.Spec.Labels ?? {}) };
  const created = Date.parse(labels[BERTH_LABELS.created] ?? service.CreatedAt ?? '');
  const instance: ContainerInstance = {
    id: service.ID,
    name: service.Spec.Name,
    sessionId: labels[BERTH_LABELS.session] ?? null,
    image: service.Spec.TaskTemplate.ContainerSpec.Image.replace(/@sha256:[a-f0-9]{64}$/, ''),
    state,
    status: statusText(task, state, node),
    endpoint: null,
    createdAt: new Date(Number.isNaN(created) ? 0 : created),
    labels,
    resources: resourcesOf(service),
    driver,
  };
  if (task !== undefined && (state === 'running' || state === 'exited')) {
    const started = Date.parse(task.Status?.Timestamp ?? '');
    if (state === 'running' && !Number.isNaN(started)) instance.startedAt = new Date(started);
    else {
      const c = Date.parse(task.CreatedAt ?? '');
      if (!Number.isNaN(c)) instance.startedAt = new Date(c);
    }
  }
  if (task?.NodeID !== undefined && task.NodeID !== '') instance.host = task.NodeID;
  return instance;
}
