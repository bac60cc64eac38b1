import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';

type Logs = Extract<ServerMessage, { type: 'logs' }>;

describe(`${HubServer.name} subscribe { batch: true }`, () => {
  let mock: MockDriver;
  let hub: HubServer;
  let url: string;
  const clients: HubClient[] = [];

  const connect = async () => {
    const client = await HubClient.connect(url);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    mock = new MockDriver({ acceptAnyImage: true });
    hub = new HubServer({
      drivers: { mock },
      config: { port: 0 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await hub.close();
  });

  it('sends a container’s lines as logs frames of at most 1000 lines, in order, before its final status and complete', async () => {
    const c = await mock.createContainer({ image: 'busybox:latest', command: ['seq', '1', '2500'] });
    const reader = await connect();
    reader.send({ type: 'subscribe', containerID: c.id, since: 0, batch: true });
    await reader.next((m) => m.type === 'subscribed');
    await mock.startContainer(c.id);
    await reader.next((m) => m.type === 'complete');
    const frames = reader.inbox.filter((m) => m.type === 'log' || m.type === 'logs');
    expect(frames.every((m) => m.type === 'logs')).toBe(true);
    const batches = frames as Logs[];
    expect(Math.max(...batches.map((m) => m.data.lines.length))).toBeLessThanOrEqual(1000);
    const lines = batches.flatMap((m) => m.data.lines);
    expect(lines.map((l) => l.text)).toEqual(Array.from({ length: 2500 }, (_, i) => String(i + 1)));
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(lines[0]).toEqual({ seq: 1, stream: 'stdout', text: '1', timestamp: expect.any(String) });
    const lastBatch = reader.inbox.lastIndexOf(batches[batches.length - 1] as ServerMessage);
    const finalStatus = reader.inbox.findIndex((m) => m.type === 'status' && m.data.state === 'completed');
    expect(finalStatus).toBeGreaterThan(lastBatch);
  });

  it('keeps one log frame a line, with the seed’s level and message, for a subscriber that did not ask', async () => {
    const c = await mock.createContainer({ image: 'busybox:latest', command: ['seq', '1', '3'] });
    const batched = await connect();
    const seed = await connect();
    batched.send({ type: 'subscribe', containerID: c.id, since: 0, batch: true });
    seed.send({ type: 'subscribe', containerID: c.id, since: 0 });
    await Promise.all([batched, seed].map((r) => r.next((m) => m.type === 'subscribed')));
    await mock.startContainer(c.id);
    await Promise.all([batched, seed].map((r) => r.next((m) => m.type === 'complete')));
    expect(seed.inbox.some((m) => m.type === 'logs')).toBe(false);
    expect(seed.inbox.filter((m) => m.type === 'log').map((m) => m.data)).toEqual(
      ['1', '2', '3'].map((text, i) => ({ seq: i + 1, stream: 'stdout', text, level: 'info', message: text })),
    );
    const texts = (batched.inbox.filter((m) => m.type === 'logs') as Logs[]).flatMap((m) =>
      m.data.lines.map((l) => l.text),
    );
    expect(texts).toEqual(['1', '2', '3']);
  });

  it('refuses a batch that is not a boolean with BERTH_VALIDATION', async () => {
    const reader = await connect();
    reader.send({ type: 'subscribe', containerID: 'x', batch: 'yes' } as never);
    const error = await reader.next((m) => m.type === 'error');
    expect(error.data).toMatchObject({ code: 'BERTH_VALIDATION' });
  });
});
