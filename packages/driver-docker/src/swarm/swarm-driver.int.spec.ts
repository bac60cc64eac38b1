import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ContainerConflictError,
  type ContainerInstance,
  type DriverEvent,
  DriverUnavailableError,
  ImageNotFoundError,
  ValidationError,
} from '@berth/core';
import { eventually } from '@berth/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import Docker from 'dockerode';
import { describeSwarm } from '../testing/swarm-test-gate.js';
import { holdSwarmTestLock } from '../testing/swarm-test-lock.js';
import type { SwarmContainerSpec } from './swarm-container-spec.js';
import { SwarmDriver } from './swarm-driver.js';
import type { SwarmService, SwarmTask } from './swarm-task.js';

const run = promisify(execFile);
const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'scripts');
const IMAGE = 'berth/busybox:latest';
const ON_NODE_2 = ['node.labels.berth.node==2'];
const ON_NODE_1 = ['node.labels.berth.node==1'];

/** Swarm state settles in seconds; node loss takes its heartbeat timeout. */
const SOON = { timeoutMs: 60_000 };
const NODE_LOSS = { timeoutMs: 120_000 };

jest.setTimeout(240_000);

await describeSwarm(SwarmDriver.name, (swarm) => {
  const label = { 'berth.test': `swarm-int-${Date.now().toString(36)}` };
  const manager = new Docker({ socketPath: '/var/run/docker.sock' });
  const worker = new Docker({ socketPath: swarm.workerSocket });
  let driver: SwarmDriver;

  const create = (extra: Partial<SwarmContainerSpec> = {}): Promise<ContainerInstance> =>
    driver.createContainer({ image: IMAGE, command: ['sleep', '300'], labels: label, ...extra });
  const runOn = async (constraints: string[], extra: Partial<SwarmContainerSpec> = {}): Promise<ContainerInstance> => {
    const c = await create({ ...extra, placement: { constraints } });
    await driver.startContainer(c.id);
    return c;
  };
  const tasksOf = async (id: string): Promise<SwarmTask[]> =>
    (await manager.listTasks({ filters: { service: [id] } })) as SwarmTask[];

  holdSwarmTestLock();
  beforeAll(async () => {
    driver = await SwarmDriver.connect(swarm.options);
  });

  afterEach(async () => {
    const left = await driver.listContainers({ labels: label });
    await Promise.all(left.map((c) => driver.removeContainer(c.id, { force: true }).catch(() => undefined)));
  });

  afterAll(async () => {
    await driver?.dispose();
    for (const d of [manager, worker]) (d.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  });

  describe('placement', () => {
    it('spreads 8 containers created at once over both nodes', async () => {
      const created = await Promise.all(Array.from({ length: 8 }, () => create()));
      await Promise.all(created.map((c) => driver.startContainer(c.id)));
      const listed = await driver.listContainers({ labels: label, state: 'running' });
      expect(listed).toHaveLength(8);
      const perNode = new Map<string, number>();
      for (const c of listed) perNode.set(c.host ?? '?', (perNode.get(c.host ?? '?') ?? 0) + 1);
      expect([...perNode.keys()].sort()).toEqual([swarm.managerNodeId, swarm.workerNodeId].sort());
    });

    it('pins a container to node 2 with a constraint; exec, files and stats work there', async () => {
      const c = await runOn(ON_NODE_2);
      const got = await driver.getContainer(c.id);
      expect(got).toMatchObject({ state: 'running', host: swarm.workerNodeId });
      expect((await driver.exec(c.id, { command: ['sh', '-c', 'echo hi; echo err >&2'] })).stdout).toBe('hi\n');
      await driver.putFiles(c.id, [{ path: '/tmp/in/x.txt', content: 'on node 2' }]);
      expect(new TextDecoder().decode(await driver.getFile(c.id, '/tmp/in/x.txt'))).toBe('on node 2');
      const stats = await driver.getStats(c.id);
      expect(stats.containerId).toBe(c.id);
      expect(stats.memoryBytes).toBeGreaterThan(0);
      // the task container really is on node 2's engine, not node 1's
      const cid = (await tasksOf(c.id)).find((t) => t.Status?.State === 'running')?.Status?.ContainerStatus
        ?.ContainerID;
      expect(cid).toBeDefined();
      await expect(worker.getContainer(cid as string).inspect()).resolves.toBeDefined();
      await expect(manager.getContainer(cid as string).inspect()).rejects.toThrow();
    });

    it('applies the driver-wide placement under the spec', async () => {
      const pinned = await SwarmDriver.connect({ ...swarm.options, placement: { constraints: ON_NODE_1 } });
      try {
        const c = await pinned.createContainer({ image: IMAGE, command: ['sleep', '300'], labels: label });
        await pinned.startContainer(c.id);
        expect((await pinned.getContainer(c.id))?.host).toBe(swarm.managerNodeId);
      } finally {
        await pinned.dispose();
      }
    });

    it('fails startContainer at once with Swarm reason when no node satisfies the constraints', async () => {
      const c = await create({ placement: { constraints: ['node.labels.berth.node==9'] } });
      const err = await driver.startContainer(c.id).catch((e: unknown) => e);
      expect(ContainerConflictError.is(err)).toBe(true);
      expect(String((err as Error).message)).toMatch(/no suitable node/);
      expect((await driver.getContainer(c.id))?.state).not.toBe('running');
    });

    it('turns a task rejected for a missing image into ImageNotFoundError', async () => {
      const only = 'berth/only-on-node-1:latest';
      await manager.getImage(IMAGE).tag({ repo: 'berth/only-on-node-1', tag: 'latest' });
      try {
        const c = await create({ image: only, placement: { constraints: ON_NODE_2 } });
        const err = await driver.startContainer(c.id).catch((e: unknown) => e);
        expect(ImageNotFoundError.is(err)).toBe(true);
      } finally {
        await manager
          .getImage(only)
          .remove()
          .catch(() => undefined);
      }
    });

    it('refuses an image no node has and no registry knows', async () => {
      await expect(create({ image: 'berth/no-such-image:never' })).rejects.toBeInstanceOf(ImageNotFoundError);
    });
  });

  describe('spec mapping', () => {
    it('maps the spec onto the service and its task container (checked with inspect on the node)', async () => {
      const c = await runOn(ON_NODE_2, {
        env: { MODE: 'swarm' },
        workingDir: '/tmp',
        resources: { cpu: 0.5, memoryMb: 64, pids: 50 },
        security: { readOnly: true, user: '1000:1000', capabilities: { add: ['NET_BIND_SERVICE'] } },
      });
      const service = (await manager.getService(c.id).inspect()) as SwarmService;
      const t = service.Spec.TaskTemplate;
      expect(service.Spec.Labels).toMatchObject({ ...label, 'berth.managed': 'true' });
      expect(t.ContainerSpec).toMatchObject({
        Image: IMAGE,
        Args: ['sleep', '300'],
        Env: ['MODE=swarm'],
        Dir: '/tmp',
        User: '1000:1000',
        ReadOnly: true,
        CapabilityDrop: ['ALL'],
        CapabilityAdd: ['CAP_NET_BIND_SERVICE'],
        Labels: expect.objectContaining(label),
      });
      expect(t.Resources).toEqual({
        Limits: { NanoCPUs: 500_000_000, MemoryBytes: 64 * 1024 * 1024, Pids: 50 },
        Reservations: { NanoCPUs: 500_000_000, MemoryBytes: 64 * 1024 * 1024 },
      });
      expect(t.RestartPolicy).toMatchObject({ Condition: 'none' });
      const cid = (await tasksOf(c.id)).find((x) => x.Status?.State === 'running')?.Status?.ContainerStatus
        ?.ContainerID as string;
      const info = await worker.getContainer(cid).inspect();
      expect(info.HostConfig).toMatchObject({
        NanoCpus: 500_000_000,
        Memory: 64 * 1024 * 1024,
        PidsLimit: 50,
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        CapAdd: ['CAP_NET_BIND_SERVICE'],
      });
      expect(info.Config.User).toBe('1000:1000');
      expect((await driver.exec(c.id, { command: ['id', '-u'] })).stdout).toBe('1000\n');
      expect(await driver.getContainer(c.id)).toMatchObject({ resources: { cpu: 0.5, memoryMb: 64, pids: 50 } });
    });

    it('refuses what Swarm cannot express, naming every field', async () => {
      const err = await create({
        ports: [{ containerPort: 80 }],
        resources: { diskMb: 10 },
        security: { noNewPrivileges: true },
        placement: { constraints: ['node.labels.x=y'] },
      }).catch((e: unknown) => e);
      expect(ValidationError.is(err)).toBe(true);
      // placement is checked first; the gaps on their own:
      const gaps = await create({
        ports: [{ containerPort: 80 }],
        resources: { diskMb: 10 },
        security: { noNewPrivileges: true },
      }).catch((e: unknown) => e);
      // a disk limit is no gap: accepted and not enforced
      expect((gaps as ValidationError).issues.map((i) => i.path).sort()).toEqual(
        ['ports', 'security.noNewPrivileges'].sort(),
      );
      expect(await driver.listContainers({ labels: label })).toEqual([]);
    });

    it('restarts the task when the spec asks for restarts', async () => {
      const c = await runOn(ON_NODE_1, {
        command: ['sh', '-c', 'sleep 1; exit 1'],
        restart: { condition: 'on-failure', delayMs: 100 },
      });
      await eventually(async () => expect((await tasksOf(c.id)).length).toBeGreaterThanOrEqual(2), SOON);
    });
  });

  describe('stop', () => {
    it('keeps the exit status of a stopped task: 143 through docker-init, still there once Swarm has cleaned up', async () => {
      const c = await runOn(ON_NODE_2, { command: ['sh', '-c', 'echo ready; sleep 300'] });
      const cid = (await tasksOf(c.id)).find((t) => t.Status?.State === 'running')?.Status?.ContainerStatus
        ?.ContainerID as string;
      expect((await worker.getContainer(cid).inspect()).HostConfig.Init).toBe(true);
      await eventually(async () => expect(await driver.getContainerLogs(c.id)).toBe('ready\n'), SOON);
      await driver.stopContainer(c.id, { timeoutMs: 8_000 });
      // Swarm deletes a task caught by scale-down while still desired `running` about a second after it ends:
      // give it well over that, then the task (and so the exit code) must still be there
      await new Promise((r) => setTimeout(r, 3_000));
      expect((await driver.getContainer(c.id))?.state).toBe('exited');
      expect((await driver.waitContainer(c.id)).exitCode).toBe(143);
      expect((await tasksOf(c.id)).map((t) => t.DesiredState)).toEqual(['shutdown']);
      await driver.startContainer(c.id);
      expect((await driver.getContainer(c.id))?.state).toBe('running');
    });
  });

  describe('nodes', () => {
    it('names the node when no engine endpoint is configured for it', async () => {
      const c = await runOn(ON_NODE_2);
      const blind = await SwarmDriver.connect({
        manager: { socketPath: '/var/run/docker.sock' },
        overlayNetworks: false,
      });
      try {
        const err = await blind.exec(c.id, { command: ['true'] }).catch((e: unknown) => e);
        expect(DriverUnavailableError.is(err)).toBe(true);
        expect(String((err as Error).message)).toContain(swarm.workerNodeId);
        // lifecycle and logs still go through the manager
        expect((await blind.getContainer(c.id))?.state).toBe('running');
      } finally {
        await blind.dispose();
      }
    });

    it('reports the swarm in healthCheck', async () => {
      const health = await driver.healthCheck();
      expect(health.healthy).toBe(true);
      expect(health.details).toMatchObject({ managerNodeId: swarm.managerNodeId, nodesReady: 2, nodesDown: 0 });
      expect(health.details['nodes']).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: swarm.workerNodeId,
            state: 'ready',
            availability: 'active',
            engineKnown: true,
          }),
        ]),
      );
    });

    it('draining node 2 shuts its run-once tasks down (exited) and moves restartable ones to node 1', async () => {
      // no constraints: Swarm's spread puts some of each kind on node 2
      const once = await Promise.all(Array.from({ length: 4 }, () => runOn([])));
      const restartable = await Promise.all(
        Array.from({ length: 4 }, () => runOn([], { restart: { condition: 'any', delayMs: 100 } })),
      );
      const onNode2 = async (cs: ContainerInstance[]): Promise<string[]> =>
        (await Promise.all(cs.map((c) => driver.getContainer(c.id))))
          .filter((c) => c?.host === swarm.workerNodeId)
          .map((c) => c?.id as string);
      const onceOn2 = await onNode2(once);
      const movableOn2 = await onNode2(restartable);
      expect(onceOn2.length).toBeGreaterThan(0);
      expect(movableOn2.length).toBeGreaterThan(0);
      const node = manager.getNode(swarm.workerNodeId);
      const setAvailability = async (availability: 'drain' | 'active'): Promise<void> => {
        const n = (await node.inspect()) as { Version: { Index: number }; Spec: Record<string, unknown> };
        await node.update({ _query: { version: n.Version.Index }, _body: { ...n.Spec, Availability: availability } });
      };
      try {
        await setAvailability('drain');
        for (const id of onceOn2) {
          await eventually(async () => expect(await driver.getContainer(id)).toMatchObject({ state: 'exited' }), SOON);
        }
        for (const id of movableOn2) {
          await eventually(
            async () =>
              expect(await driver.getContainer(id)).toMatchObject({ state: 'running', host: swarm.managerNodeId }),
            SOON,
          );
          expect((await driver.exec(id, { command: ['echo', 'moved'] })).stdout).toBe('moved\n');
        }
        // what ran on node 1 is untouched
        const stayed = once.filter((c) => !onceOn2.includes(c.id));
        for (const c of stayed) expect((await driver.getContainer(c.id))?.state).toBe('running');
      } finally {
        await setAvailability('active');
      }
    });

    it("turns node 2's containers dead when its dockerd is killed, while node 1 keeps serving", async () => {
      const on2 = await runOn(ON_NODE_2);
      const on1 = await runOn(ON_NODE_1);
      const events: DriverEvent[] = [];
      const sub = driver.events$({ labels: label }).subscribe((e) => events.push(e));
      await run('bash', [join(SCRIPTS, 'swarm-up.sh'), 'worker-stop', 'KILL']);
      try {
        await eventually(async () => {
          const c = await driver.getContainer(on2.id);
          expect(c?.state).toBe('dead');
          expect(c?.status).toMatch(/node .* is (down|unknown)/);
        }, NODE_LOSS);
        await expect(driver.waitContainer(on2.id)).resolves.toMatchObject({ exitCode: 255 });
        // the loss reached events$ too: an `exited` with 255 from node 2, so a session manager drops the session
        await eventually(
          async () =>
            expect(events).toContainEqual(
              expect.objectContaining({ type: 'exited', containerId: on2.id, exitCode: 255, host: swarm.workerNodeId }),
            ),
          SOON,
        );
        expect(events.some((e) => e.containerId === on1.id && e.type === 'exited')).toBe(false);
        expect((await driver.exec(on1.id, { command: ['echo', 'still here'] })).stdout).toBe('still here\n');
        const fresh = await runOn(ON_NODE_1);
        expect((await driver.getContainer(fresh.id))?.state).toBe('running');
        expect((await driver.healthCheck()).details).toMatchObject({ nodesDown: 1 });
      } finally {
        await run('bash', [join(SCRIPTS, 'swarm-up.sh'), 'worker-start']);
        await eventually(async () => {
          const n = (await manager.getNode(swarm.workerNodeId).inspect()) as { Status?: { State?: string } };
          expect(n.Status?.State).toBe('ready');
        }, NODE_LOSS);
      }
      try {
        // the events$ stream of node 2's engine reconnected by itself: a container started there now is reported
        const back = await runOn(ON_NODE_2);
        await eventually(
          async () =>
            expect(events.filter((e) => e.containerId === back.id).map((e) => e.type)).toEqual(
              expect.arrayContaining(['created', 'started']),
            ),
          SOON,
        );
        expect(events.find((e) => e.containerId === back.id && e.type === 'started')?.host).toBe(swarm.workerNodeId);
      } finally {
        sub.unsubscribe();
      }
    });
  });
});
