import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import { HubServer } from './hub-server.js';

describe(`${HubServer.name} subscription limit`, () => {
  let mock: MockDriver;
  let hub: HubServer;
  let url: string;
  const clients: HubClient[] = [];

  beforeEach(async () => {
    mock = new MockDriver({ acceptAnyImage: true });
    hub = new HubServer({
      drivers: { mock },
      config: { port: 0, maxSubscriptionsPerClient: 2 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await hub.close();
    await mock.dispose();
  });

  it('refuses one channel too many with BERTH_RESOURCE_LIMIT, keeps the connection, and allows re-subscribing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
      await mock.startContainer(c.id);
      ids.push(c.id);
    }
    const reader = await HubClient.connect(url);
    clients.push(reader);
    for (const id of ids.slice(0, 2)) {
      reader.send({ type: 'subscribe', containerID: id });
      await reader.next((m) => m.type === 'subscribed' && m.containerID === id);
    }
    reader.send({ type: 'subscribe', containerID: ids[2] as string });
    const error = await reader.next((m) => m.type === 'error');
    expect(error.data).toMatchObject({ code: 'BERTH_RESOURCE_LIMIT' });
    // the refused container got no upstream: only the first two are followed
    expect(mock.callsTo('logs$')).toHaveLength(2);
    // re-subscribing to a followed channel is not a new one
    reader.send({ type: 'subscribe', containerID: ids[0] as string, since: 0 });
    await reader.next((m) => m.type === 'subscribed' && m.containerID === ids[0]);
    // after leaving one, the third fits
    reader.send({ type: 'unsubscribe', containerID: ids[1] as string });
    await reader.next((m) => m.type === 'unsubscribed');
    reader.send({ type: 'subscribe', containerID: ids[2] as string });
    await reader.next((m) => m.type === 'subscribed' && m.containerID === ids[2]);
  });

  it('reads MAX_SUBSCRIPTIONS from the environment', async () => {
    const { loadHubConfig } = await import('../config/index.js');
    expect(loadHubConfig({ MAX_SUBSCRIPTIONS: '5' }).config.maxSubscriptionsPerClient).toBe(5);
    expect(loadHubConfig({}).config.maxSubscriptionsPerClient).toBe(256);
    expect(() => loadHubConfig({ MAX_SUBSCRIPTIONS: '0' })).toThrow(/MAX_SUBSCRIPTIONS/);
  });
});
