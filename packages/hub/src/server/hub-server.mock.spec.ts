import { MockDriver } from '@berth/driver-mock';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import { HubServer } from './hub-server.js';

describe(`${HubServer.name} on the mock driver`, () => {
  let mock: MockDriver;
  let sessions: SessionManager;
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
    sessions = new SessionManager(mock);
    hub = new HubServer({
      drivers: { mock },
      sessions,
      config: { port: 0, producerToken: 'producer-token-0123456789' },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await hub.close();
  });

  describe('subscribe { containerID }', () => {
    it('opens one driver logs$ for three subscribers and releases it when they leave', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sh', '-c', 'echo hi; sleep 60'] });
      await mock.startContainer(c.id);
      const readers = await Promise.all([connect(), connect(), connect()]);
      for (const r of readers) r.send({ type: 'subscribe', containerID: c.id, since: 0 });
      await Promise.all(readers.map((r) => r.next((m) => m.type === 'subscribed')));
      await Promise.all(readers.map((r) => r.next((m) => m.type === 'status' && m.data.state === 'running')));
      expect(mock.callsTo('logs$')).toHaveLength(1);
      await Promise.all(readers.map((r) => r.close()));
      const again = await connect();
      again.send({ type: 'subscribe', containerID: c.id });
      await again.next((m) => m.type === 'subscribed');
      await again.next((m) => m.type === 'status');
      expect(mock.callsTo('logs$')).toHaveLength(2);
    });

    it('finds the container by host id and refuses an unknown host with BERTH_HUB_UNKNOWN_HOST', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
      const reader = await connect();
      reader.send({ type: 'subscribe', containerID: c.id, hostId: 'mock' });
      await reader.next((m) => m.type === 'subscribed');
      reader.send({ type: 'subscribe', containerID: c.id, hostId: 'elsewhere' });
      const error = await reader.next((m) => m.type === 'error');
      expect(error.data).toMatchObject({ code: 'BERTH_HUB_UNKNOWN_HOST', details: { hostId: 'elsewhere' } });
    });

    it('ends with status completed and complete carrying the exit code', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sh', '-c', 'seq 1 3; exit 2'] });
      const reader = await connect();
      reader.send({ type: 'subscribe', containerID: c.id, since: 0 });
      await reader.next((m) => m.type === 'status' && m.data.state === 'starting');
      await mock.startContainer(c.id);
      const complete = await reader.next((m) => m.type === 'complete');
      expect(complete).toMatchObject({ containerID: c.id, hostId: 'mock', data: { exitCode: 2 } });
      const lines = reader.inbox.filter((m) => m.type === 'log').map((m) => (m.data as { text: string }).text);
      expect(lines).toEqual(['1', '2', '3']);
      expect(reader.inbox.some((m) => m.type === 'status' && m.data.state === 'error')).toBe(true);
    });

    it('keeps no channel when the client leaves while the container is being resolved', async () => {
      const c = await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let asked: () => void = () => undefined;
      const lookedUp = new Promise<void>((resolve) => {
        asked = resolve;
      });
      const getContainer = mock.getContainer.bind(mock);
      mock.getContainer = async (id) => {
        asked();
        await gate;
        return getContainer(id);
      };
      const reader = await connect();
      reader.send({ type: 'subscribe', containerID: c.id });
      await lookedUp;
      await reader.close();
      while (hub.connectionCount > 0) await new Promise((r) => setTimeout(r, 10));
      release();
      await new Promise((r) => setTimeout(r, 50));
      expect((await hub.metrics.channels.get()).values[0]?.value).toBe(0);
      expect(mock.callsTo('logs$')).toHaveLength(0);
    });
  });

  describe('subscribe { sessionId }', () => {
    it('streams the output of code runs in a session', async () => {
      const session = await sessions.createSession({ agentType: 'shell' });
      const reader = await connect();
      reader.send({ type: 'subscribe', sessionId: session.id });
      await reader.next((m) => m.type === 'subscribed');
      await sessions.exec(session.id, { command: ['echo', 'from-session'] });
      const line = await reader.next((m) => m.type === 'log');
      expect(line).toMatchObject({ sessionId: session.id, data: { text: 'from-session', stream: 'stdout' } });
    });

    it('keeps a producer-fed channel of a session the manager does not know', async () => {
      const producer = await HubClient.connect(url, { token: 'producer-token-0123456789' });
      clients.push(producer);
      producer.send({ type: 'publish', sessionId: 'external', data: { kind: 'log', stream: 'stdout', text: 'hello' } });
      producer.send({ type: 'ping' });
      await producer.next((m) => m.type === 'pong');
      const reader = await connect();
      reader.send({ type: 'subscribe', sessionId: 'external', since: 0 });
      const line = await reader.next((m) => m.type === 'log');
      expect(line.data).toMatchObject({ text: 'hello' });
      reader.send({ type: 'ping' });
      await reader.next((m) => m.type === 'pong');
      expect(reader.inbox.some((m) => m.type === 'error')).toBe(false);
    });

    it('answers an unknown session with BERTH_SESSION_NOT_FOUND', async () => {
      const reader = await connect();
      reader.send({ type: 'subscribe', sessionId: 'ses-unknown' });
      const error = await reader.next((m) => m.type === 'error');
      expect(error).toMatchObject({ sessionId: 'ses-unknown', data: { code: 'BERTH_SESSION_NOT_FOUND' } });
    });
  });
});
