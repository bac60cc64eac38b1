import { ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { HubServer } from '../server/index.js';
import { HubClient } from './hub-client.js';

describe(HubClient.name, () => {
  let hub: HubServer;
  let url: string;

  beforeEach(async () => {
    hub = new HubServer({
      drivers: { mock: new MockDriver({ acceptAnyImage: true }) },
      config: { port: 0 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    await hub.close();
  });

  describe('.connect', () => {
    it('refuses an inboxLimit that is not a positive integer with ValidationError', async () => {
      await expect(HubClient.connect(url, { inboxLimit: 0 })).rejects.toThrow(ValidationError);
    });
  });

  describe('inbox', () => {
    it('keeps at most inboxLimit messages, dropping (and counting) the oldest', async () => {
      const client = await HubClient.connect(url, { inboxLimit: 2 });
      for (let i = 1; i <= 5; i++) client.send({ type: 'ping', data: i });
      await client.next((m) => m.type === 'pong' && m.data === 5);
      // 1…4 arrived while nobody waited: only the newest two stay
      expect(client.inbox.map((m) => (m.type === 'pong' ? m.data : m.type))).toEqual([3, 4]);
      expect(client.inboxDropped).toBe(2);
      await client.close();
    });
  });
});
