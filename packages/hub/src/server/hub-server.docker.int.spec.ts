import type { ContainerDriver } from '@berth/core';
import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import { HubServer } from './hub-server.js';

await describeDocker(`${HubServer.name} on Docker`, () => {
  let driver: ContainerDriver;
  let hub: HubServer;
  let url: string;
  const clients: HubClient[] = [];
  const containers: string[] = [];

  beforeAll(async () => {
    driver = await DockerDriver.connect();
    hub = new HubServer({
      drivers: { docker: driver },
      config: { port: 0, ringBufferSize: 20_000 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    for (const id of containers.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
  });

  afterAll(async () => {
    await hub.close();
  });

  it('delivers 10k lines of a container complete and in order to 20 subscribers', async () => {
    const c = await driver.createContainer({
      image: 'berth/busybox:latest',
      command: ['sh', '-c', 'seq 1 10000'],
      labels: { 'berth.test': 'hub' },
    });
    containers.push(c.id);
    const subscribers = await Promise.all(Array.from({ length: 20 }, () => HubClient.connect(url)));
    clients.push(...subscribers);
    const received = subscribers.map(() => [] as string[]);
    const done = subscribers.map(
      (client, i) =>
        new Promise<void>((resolve) => {
          client.onMessage((m) => {
            if (m.type === 'log') received[i]?.push(m.data.text);
            if (m.type === 'complete') resolve();
          });
        }),
    );
    for (const client of subscribers) client.send({ type: 'subscribe', containerID: c.id, since: 0 });
    await driver.startContainer(c.id);
    await Promise.all(done);
    const expected = Array.from({ length: 10_000 }, (_, i) => String(i + 1));
    for (const lines of received) expect(lines).toEqual(expected);
  }, 120_000);
});
