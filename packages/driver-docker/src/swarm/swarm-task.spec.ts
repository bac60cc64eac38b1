import { describe, expect, it } from '@jest/globals';
import {
  currentTask,
  isTerminal,
  type SwarmNode,
  type SwarmService,
  type SwarmTask,
  taskState,
  toSwarmInstance,
} from './swarm-task.js';
import { toServiceSpec } from './to-service-spec.js';

const task = (
  id: string,
  state: string,
  desired: string,
  createdAt: string,
  extra: Partial<SwarmTask> = {},
): SwarmTask => ({
  ID: id,
  ServiceID: 'svc',
  NodeID: 'node-2',
  CreatedAt: createdAt,
  DesiredState: desired,
  Status: { State: state, Timestamp: createdAt, ContainerStatus: { ContainerID: `c-${id}`, ExitCode: 0 } },
  ...extra,
});

describe('currentTask', () => {
  it('is undefined for a service that never had a task', () => {
    expect(currentTask([])).toBeUndefined();
  });

  it('prefers the newest task Swarm wants running over a newer finished one', () => {
    const old = task('a', 'failed', 'shutdown', '2026-12-01T10:00:02Z');
    const live = task('b', 'running', 'running', '2026-12-01T10:00:01Z');
    expect(currentTask([old, live])?.ID).toBe('b');
  });

  it('falls back to the newest task when none should run', () => {
    const a = task('a', 'shutdown', 'shutdown', '2026-12-01T10:00:00Z');
    const b = task('b', 'complete', 'shutdown', '2026-12-01T10:00:05Z');
    expect(currentTask([a, b])?.ID).toBe('b');
  });
});

describe('taskState', () => {
  it.each([
    ['new', 'created'],
    ['pending', 'created'],
    ['assigned', 'created'],
    ['preparing', 'created'],
    ['starting', 'created'],
    ['running', 'running'],
    ['complete', 'exited'],
    ['failed', 'exited'],
    ['shutdown', 'exited'],
    ['rejected', 'dead'],
    ['orphaned', 'dead'],
  ])('maps task state %s to %s', (state, expected) => {
    expect(taskState(task('a', state, 'running', '2026-12-01T10:00:00Z'), false)).toBe(expected);
  });

  it('is created without a task', () => {
    expect(taskState(undefined, false)).toBe('created');
  });

  it('is dead for a live task on a node that is down, but keeps a finished task exited', () => {
    expect(taskState(task('a', 'running', 'running', '2026-12-01T10:00:00Z'), true)).toBe('dead');
    expect(taskState(task('a', 'complete', 'shutdown', '2026-12-01T10:00:00Z'), true)).toBe('exited');
  });

  it('knows the terminal states', () => {
    expect(isTerminal(task('a', 'failed', 'shutdown', ''))).toBe(true);
    expect(isTerminal(task('a', 'running', 'running', ''))).toBe(false);
  });
});

describe('toSwarmInstance', () => {
  const spec = toServiceSpec(
    { image: 'berth/busybox:latest', name: 'box', sessionId: 'ses-1', resources: { cpu: 0.5, memoryMb: 64, pids: 10 } },
    { now: new Date('2026-12-01T09:00:00Z') },
  );
  const service: SwarmService = { ID: 'svc', Spec: { ...spec, Name: 'box' }, CreatedAt: '2026-12-01T09:00:00Z' };
  const down: SwarmNode = { ID: 'node-2', Status: { State: 'down', Message: 'heartbeat failure' } };

  it('carries id, name, session, image, limits, creation time and host', () => {
    const c = toSwarmInstance(service, task('a', 'running', 'running', '2026-12-01T10:00:00Z'), undefined, 'swarm');
    expect(c).toMatchObject({
      id: 'svc',
      name: 'box',
      sessionId: 'ses-1',
      image: 'berth/busybox:latest',
      state: 'running',
      status: 'Up',
      driver: 'swarm',
      host: 'node-2',
      resources: { cpu: 0.5, memoryMb: 64, pids: 10 },
      createdAt: new Date('2026-12-01T09:00:00Z'),
    });
  });

  it('says why a container is dead when its node is down', () => {
    const c = toSwarmInstance(service, task('a', 'running', 'running', '2026-12-01T10:00:00Z'), down, 'swarm');
    expect(c.state).toBe('dead');
    expect(c.status).toBe('Dead: node node-2 is down (heartbeat failure)');
  });

  it("reports the exit code and Swarm's error of an exited task", () => {
    const t = task('a', 'failed', 'shutdown', '2026-12-01T10:00:00Z', {
      Status: { State: 'failed', Err: 'task: non-zero exit (3)', ContainerStatus: { ExitCode: 3 } },
    });
    expect(toSwarmInstance(service, t, undefined, 'swarm').status).toBe('Exited (3): task: non-zero exit (3)');
  });
});
