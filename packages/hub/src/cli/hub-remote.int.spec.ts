import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDriver } from '@berth/core';
import { LocalDriver } from '@berth/driver-local';
import { SessionManager } from '@berth/session-manager';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import { HubServer } from '../server/index.js';
import { type BerthOutput, startBerth as start } from '../testing/berth-in-process.js';

const READER = 'reader-token-0123456789';
const PRODUCER = 'producer-token-0123456789';
const OPERATOR = 'operator-token-0123456789';

/** Runs `berth …` in-process to its end (rejects with what the CLI threw). */
function berth(...args: string[]): Promise<BerthOutput> {
  return start(...args).done;
}

describe('berth --hub (ps, logs -f, stats, run against a running hub)', () => {
  let home: string;
  let driver: ContainerDriver;
  let hub: HubServer;
  let url: string;
  const containers: string[] = [];
  const savedToken = process.env.BERTH_HUB_TOKEN;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-cli-hub-'));
    driver = new LocalDriver({ home: join(home, 'local') });
    hub = new HubServer({
      drivers: { local: driver },
      sessions: new SessionManager(driver, { reapIntervalMs: 60_000 }),
      config: { port: 0, authToken: READER, producerToken: PRODUCER, operatorToken: OPERATOR },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
      statsIntervalMs: 100,
    });
    ({ url } = await hub.start());
    process.env.BERTH_HUB_TOKEN = READER;
  });

  afterEach(async () => {
    if (savedToken === undefined) delete process.env.BERTH_HUB_TOKEN;
    else process.env.BERTH_HUB_TOKEN = savedToken;
    for (const id of containers.splice(0)) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await hub.close();
    await rm(home, { recursive: true, force: true });
  });

  it('ps lists the hub’s managed containers', async () => {
    const c = await driver.createContainer({
      image: 'host',
      command: ['sleep', '30'],
      labels: { 'berth.test': 'cli' },
    });
    containers.push(c.id);
    const { stdout, code } = await berth('--json', 'ps', '--hub', url);
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as { containers: { id: string; hostId: string }[] };
    expect(listed.containers).toEqual(expect.arrayContaining([expect.objectContaining({ id: c.id, hostId: 'local' })]));
  });

  it('ps reads the hub from BERTH_HUB_URL without --hub', async () => {
    const c = await driver.createContainer({ image: 'host', command: ['sleep', '30'] });
    containers.push(c.id);
    process.env.BERTH_HUB_URL = url;
    try {
      const { stdout } = await berth('ps');
      expect(stdout).toContain(c.id.slice(0, 12));
      expect(stdout).toContain('local');
    } finally {
      delete process.env.BERTH_HUB_URL;
    }
  });

  it('logs -f prints a container’s lines from the hub until it exits', async () => {
    const c = await driver.createContainer({
      image: 'host',
      command: ['sh', '-c', 'echo one; echo two >&2; echo three'],
    });
    containers.push(c.id);
    await driver.startContainer(c.id);
    const { stdout, stderr, code } = await berth('logs', '-f', '--hub', url, c.id);
    expect(code).toBe(0);
    expect(stdout).toBe('one\nthree\n');
    expect(stderr).toBe('two\n');
  });

  it('logs -f follows a producer-only id, waiting for its producer', async () => {
    const producer = await HubClient.connect(url, { token: PRODUCER });
    producer.send({ type: 'log', containerID: 'job-7', data: { level: 'info', message: 'from the producer' } });
    producer.send({ type: 'ping' });
    await producer.next((m) => m.type === 'pong');
    const following = start('logs', '-f', '--hub', url, 'job-7');
    // the follower replays the kept line once subscribed; only then may the producer end the channel
    while (following.stdout() === '') {
      producer.send({ type: 'ping' });
      await producer.next((m) => m.type === 'pong');
    }
    producer.send({ type: 'complete', containerID: 'job-7' });
    const { stdout, code } = await following.done;
    await producer.close();
    expect(code).toBe(0);
    expect(stdout).toBe('from the producer\n');
  });

  it('stats --once prints one sample from the hub', async () => {
    const c = await driver.createContainer({ image: 'host', command: ['sleep', '30'] });
    containers.push(c.id);
    await driver.startContainer(c.id);
    const { stdout, code } = await berth('--json', 'stats', '--once', '--hub', url, c.id);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ containerId: c.id, pids: expect.any(Number) });
  });

  it('run -c runs code in a hub session with the operator token and exits with its code', async () => {
    process.env.BERTH_HUB_TOKEN = OPERATOR;
    const { stdout, stderr, code } = await berth('run', '--hub', url, '--lang', 'bash', '-c', 'echo hi; exit 3');
    expect(stdout).toBe('hi\n');
    expect(stderr).toContain('berth: exit code 3');
    expect(code).toBe(3);
  });

  it('run streams stdout and stderr lines apart, and --json gives the exact output', async () => {
    process.env.BERTH_HUB_TOKEN = OPERATOR;
    const streamed = await berth('run', '--hub', url, '--', 'sh', '-c', 'echo out; echo err >&2; echo "a b"');
    expect(streamed.stdout).toBe('out\na b\n');
    expect(streamed.stderr).toContain('err\n');
    const { stdout, code } = await berth('--json', 'run', '--hub', url, '--lang', 'bash', '-c', 'printf x');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ exitCode: 0, stdout: 'x', stderr: '' });
  });

  it('run refuses a reader token with the hub’s forbidden error', async () => {
    await expect(berth('run', '--hub', url, '--lang', 'bash', '-c', 'true')).rejects.toMatchObject({
      code: 'BERTH_HUB_FORBIDDEN',
    });
  });

  it('refuses a URL that is not ws:// (usage)', async () => {
    await expect(berth('ps', '--hub', 'http://127.0.0.1:1')).rejects.toMatchObject({ code: 2 });
  });
});
