import { ContainerNotFoundError, DriverUnavailableError, type EngineEvent, ValidationError } from '@berth/core';
import { expectError } from '@berth/core/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MockDriver } from './mock-driver.js';

let mock: MockDriver;

beforeEach(() => {
  mock = new MockDriver({ seed: 1 });
});

afterEach(async () => {
  await mock.dispose();
});

/** Subscribes to engineEvents$ and returns the live list and the subscription. */
function listen(filter?: Parameters<NonNullable<MockDriver['engineEvents$']>>[0]) {
  const events: EngineEvent[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const subscription = mock.engineEvents$(filter).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => errors.push(e),
    complete: () => {
      completed = true;
    },
  });
  return { events, errors, subscription, completed: () => completed };
}

const actions = (events: EngineEvent[]): string[] => events.map((e) => `${e.type}:${e.action}`);

describe(`${MockDriver.name} optional operations`, () => {
  it('declares the inspect and engineEvents capabilities', () => {
    expect(mock.capabilities).toMatchObject({ inspect: true, engineEvents: true, systemInfo: true });
  });

  describe('inspectContainer', () => {
    it('reports the image id it was created from, the argv the image default fills in, user and ports', async () => {
      const [image] = await mock.listImages();
      const c = await mock.createContainer({
        image: image?.tags[0] ?? 'busybox:latest',
        security: { user: '1000:1000' },
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'udp', hostPort: 5353 }],
      });
      const details = await mock.inspectContainer(c.id);
      expect(details.imageId).toBe(image?.id);
      expect(details.command).toEqual(['sleep', 'infinity']);
      expect(details.user).toBe('1000:1000');
      expect(details.ports).toEqual([
        { privatePort: 80, type: 'tcp', publicPort: 49153, ip: '127.0.0.1' },
        { privatePort: 53, type: 'udp', publicPort: 5353, ip: '127.0.0.1' },
      ]);
      expect(details.endpoint).toBe('127.0.0.1:49153');
      expect(details.networkMode).toBe('bridge');
    });

    it('reports an OOM-killed run as such', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
      await mock.startContainer(c.id);
      await mock.oomKill(c.id);
      expect(await mock.inspectContainer(c.id)).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true });
    });

    it('goes through fault injection: failNext fails it, and a removed container is not found', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest' });
      mock.faults.failNext(1, new DriverUnavailableError('flaky'), { operation: 'inspectContainer' });
      await expectError(() => mock.inspectContainer(c.id), DriverUnavailableError);
      expect((await mock.inspectContainer(c.id)).id).toBe(c.id);
      await mock.removeContainer(c.id);
      await expectError(() => mock.inspectContainer(c.id), ContainerNotFoundError);
      expect(mock.callsTo('inspectContainer')).toHaveLength(3);
    });
  });

  describe('engineEvents$', () => {
    it('reports image pulls, build tags and removals', async () => {
      mock.addImage('registry.example/app:1');
      const { events } = listen({ types: ['image'] });
      await mock.pullImage('registry.example/app:1');
      await mock.buildImage({
        context: [{ path: 'Dockerfile', content: 'FROM busybox:latest\n' }],
        tags: ['kit:built'],
      });
      await mock.removeImage('registry.example/app:1');
      expect(actions(events)).toEqual(['image:pull', 'image:tag', 'image:untag', 'image:delete']);
      expect(events[0]).toMatchObject({ id: 'registry.example/app:1', name: 'registry.example/app:1' });
      expect(events[1]?.id).toMatch(/^sha256:/);
    });

    it("reports a container's health changes and carries its labels, so a label filter selects it", async () => {
      const { events } = listen({ labels: { team: 'a' } });
      const mine = await mock.createContainer({ image: 'busybox:latest', labels: { team: 'a' } });
      await mock.createContainer({ image: 'busybox:latest', labels: { team: 'b' } });
      await mock.startContainer(mine.id);
      mock.setHealth(mine.id, false);
      expect(actions(events)).toEqual(['container:create', 'container:start', 'container:health_status: unhealthy']);
      expect(events.every((e) => e.id === mine.id && e.attributes['team'] === 'a')).toBe(true);
    });

    it('reports a volume a mount creates, as engines do', async () => {
      const { events } = listen({ types: ['volume'] });
      await mock.createContainer({ image: 'busybox:latest', volumes: [{ source: 'auto-vol', target: '/data' }] });
      expect(events.map((e) => [e.id, e.action])).toEqual([['auto-vol', 'create']]);
    });

    it('refuses a bad filter with ValidationError', () => {
      const { errors } = listen({ types: ['service' as never] });
      expect(errors).toHaveLength(1);
      expect(ValidationError.is(errors[0])).toBe(true);
    });

    it('errors when the engine goes down (faults.down) and completes on dispose', async () => {
      const down = listen();
      mock.faults.down();
      expect(down.errors[0]).toBeInstanceOf(DriverUnavailableError);
      mock.faults.up();
      const live = listen();
      await mock.dispose();
      expect(live.completed()).toBe(true);
      expect(mock.pendingTimers).toBe(0);
    });
  });

  describe('spec.extraHosts', () => {
    it('writes them into /etc/hosts, host-gateway as the bridge gateway inspectContainer reports (read-only root too)', async () => {
      const c = await mock.createContainer({
        image: 'busybox:latest',
        command: ['sleep', '60'],
        readonlyRootfs: true,
        extraHosts: ['host.docker.internal:host-gateway', 'db:10.0.0.5'],
      });
      await mock.startContainer(c.id);
      const hosts = (await mock.exec(c.id, { command: ['cat', '/etc/hosts'] })).stdout;
      const gateway = Object.values((await mock.inspectContainer(c.id)).networks)[0]?.gateway;
      expect(hosts).toContain(`${gateway}\thost.docker.internal\n`);
      expect(hosts).toContain('10.0.0.5\tdb\n');
    });

    it('refuses a bad entry with ValidationError before creating anything', async () => {
      await expectError(() => mock.createContainer({ image: 'busybox:latest', extraHosts: ['db'] }), ValidationError);
      expect(await mock.listContainers()).toEqual([]);
    });
  });
});
