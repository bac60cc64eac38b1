import type { ContainerDriver } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';

/**
 * Every request that names a `hostId` answers one the hub does not serve the way `getSystemInfo` does: an `error`
 * frame `BERTH_HUB_UNKNOWN_HOST` with the docker-client seed's "Unknown host: …" wording and the hosts served, and
 * the connection stays open. A host inside a multi-host driver (a pool's engine) is a host the hub serves.
 */

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';
const OPERATOR = 'operator-token-0123456789';

/** A mock driver that says it is a pool of the engines `members` (as `DockerHostPool.hostIds`), tagging its containers. */
function poolOf(mock: MockDriver, members: string[]): ContainerDriver {
  // the mock's own method: the hub's monitoring wraps the driver's methods in place
  const list = mock.listContainers.bind(mock);
  return new Proxy(mock, {
    get(target, prop) {
      if (prop === 'hostIds') return members;
      if (prop === 'listContainers') {
        return async () => (await list()).map((c, i) => ({ ...c, host: members[i % members.length] }));
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as ContainerDriver;
}

describe(`${HubServer.name}: an unknown hostId`, () => {
  let single: MockDriver;
  let pooled: MockDriver;
  let hub: HubServer;
  let url: string;
  const clients: HubClient[] = [];

  const connect = async (token = READER) => {
    const client = await HubClient.connect(url, { token });
    clients.push(client);
    return client;
  };

  /** The `error` answering what was just sent, then proof the connection still answers. */
  const refusal = async (c: HubClient): Promise<ServerMessage> => {
    const error = await c.next((m) => m.type === 'error');
    c.send({ type: 'ping', data: 'still-open' });
    await c.next((m) => m.type === 'pong');
    return error;
  };

  const expectUnknownHost = (m: ServerMessage, hostId: string) => {
    expect(m).toMatchObject({
      type: 'error',
      data: { code: 'BERTH_HUB_UNKNOWN_HOST', details: { hostId, hosts: ['one', 'pool', 'e1', 'e2'] } },
    });
    expect((m.data as { message: string }).message).toMatch(new RegExp(`^Unknown host: ${hostId}`));
  };

  beforeEach(async () => {
    single = new MockDriver({ acceptAnyImage: true });
    pooled = new MockDriver({ acceptAnyImage: true });
    hub = new HubServer({
      drivers: { one: single, pool: poolOf(pooled, ['e1', 'e2']) },
      config: { port: 0, authToken: READER, producerToken: PRODUCER, operatorToken: OPERATOR },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
    });
    ({ url } = await hub.start());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await hub.close();
  });

  it('listContainers answers BERTH_HUB_UNKNOWN_HOST, not BERTH_VALIDATION', async () => {
    const c = await connect();
    c.send({ type: 'listContainers', hostId: 'nope' });
    expectUnknownHost(await refusal(c), 'nope');
  });

  it("listContainers lists one engine of a pool by that engine's id", async () => {
    for (let i = 0; i < 2; i++) {
      const created = await pooled.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
      await pooled.startContainer(created.id);
    }
    const c = await connect();
    c.send({ type: 'listContainers', hostId: 'e2' });
    const list = await c.next((m) => m.type === 'containerList');
    const { containers } = list.data as { containers: { hostId: string }[] };
    expect(containers.map((x) => x.hostId)).toEqual(['e2']);
  });

  it('subscribe answers BERTH_HUB_UNKNOWN_HOST, not not-found', async () => {
    const created = await single.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
    const c = await connect();
    c.send({ type: 'subscribe', containerID: created.id, hostId: 'nope' });
    expectUnknownHost(await refusal(c), 'nope');
  });

  it('unsubscribe answers BERTH_HUB_UNKNOWN_HOST, not "not subscribed"', async () => {
    const c = await connect();
    c.send({ type: 'unsubscribe', containerID: 'abc', hostId: 'nope' });
    expectUnknownHost(await refusal(c), 'nope');
  });

  it('containerAction answers BERTH_HUB_UNKNOWN_HOST, not not-found', async () => {
    const created = await single.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
    const c = await connect(OPERATOR);
    c.send({ type: 'containerAction', containerID: created.id, hostId: 'nope', action: 'stop' });
    expectUnknownHost(await refusal(c), 'nope');
  });

  it("a producer's publish and seed log answer BERTH_HUB_UNKNOWN_HOST instead of opening a channel no one can reach", async () => {
    const c = await connect(PRODUCER);
    c.send({ type: 'publish', containerID: 'abc', hostId: 'nope', data: { kind: 'log', stream: 'stdout', text: 'x' } });
    expectUnknownHost(await refusal(c), 'nope');
    c.send({ type: 'log', containerID: 'abc', hostId: 'nope', data: { message: 'x' } });
    expectUnknownHost(await refusal(c), 'nope');
  });

  it('accepts the engine of a pool as a host (subscribe by the engine id)', async () => {
    const created = await pooled.createContainer({ image: 'busybox:latest', command: ['sleep', '60'] });
    const c = await connect();
    c.send({ type: 'listContainers', hostId: 'e1' });
    await c.next((m) => m.type === 'containerList');
    c.send({ type: 'subscribe', containerID: created.id, hostId: 'e1' });
    const answer = await c.next((m) => m.type === 'subscribed' || m.type === 'error');
    expect(answer.data).not.toMatchObject({ code: 'BERTH_HUB_UNKNOWN_HOST' });
  });
});
