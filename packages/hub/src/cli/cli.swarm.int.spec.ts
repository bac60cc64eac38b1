import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwarmDriver } from '@berth/driver-docker';
import { describeSwarm, holdSwarmTestLock } from '@berth/driver-docker/testing';
import { afterAll, expect, it, jest } from '@jest/globals';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(here, '../../dist/esm/cli/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

jest.setTimeout(120_000);

await describeSwarm('berth CLI on Swarm (BERTH_DRIVER=swarm)', (swarm) => {
  holdSwarmTestLock();
  const label = `cli-swarm-${Date.now().toString(36)}`;
  const nodes = JSON.stringify(swarm.options.nodes);
  // The CLI finds the manager through DOCKER_HOST: name the manager the gate found, not whatever engine the
  // environment names (with DOCKER_HOST pointing nowhere the gate still found the swarm and the CLI did not).
  const found = swarm.options.manager;
  const manager = `unix://${found !== undefined && 'socketPath' in found ? found.socketPath : '/var/run/docker.sock'}`;
  const berth = (args: string[], extra: Record<string, string> = {}): Promise<Run> =>
    new Promise((done) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        BERTH_DRIVER: 'swarm',
        DOCKER_HOST: manager,
        BERTH_SWARM_NODES: nodes,
        ...extra,
      };
      const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('close', (code) => done({ code, stdout, stderr }));
    });

  afterAll(async () => {
    const driver = await SwarmDriver.connect(swarm.options);
    const left = await driver.listContainers({ labels: { 'test.run': label } });
    await Promise.all(left.map((c) => driver.removeContainer(c.id, { force: true }).catch(() => undefined)));
    await driver.dispose();
  });

  it('runs python in a session on the swarm, prints its output and leaves no service behind', async () => {
    const before = await SwarmDriver.connect(swarm.options);
    const count = (await before.listContainers()).length;
    const r = await berth(['run', '-c', 'print(6 * 7)']);
    expect(r).toMatchObject({ code: 0, stdout: '42\n' });
    expect((await before.listContainers()).length).toBe(count);
    await before.dispose();
  });

  it('lists swarm containers with ps, with the node they run on', async () => {
    const driver = await SwarmDriver.connect(swarm.options);
    const c = await driver.createContainer({
      image: 'berth/busybox:latest',
      command: ['sleep', '120'],
      labels: { 'test.run': label },
      placement: { constraints: ['node.labels.berth.node==2'] },
    });
    await driver.startContainer(c.id);
    const r = await berth(['ps', '--json']);
    expect(r.code).toBe(0);
    const { containers } = JSON.parse(r.stdout) as { containers: { id: string; hostId: string; state: string }[] };
    expect(containers).toContainEqual(
      expect.objectContaining({ id: c.id, state: 'running', hostId: swarm.workerNodeId }),
    );
    await driver.removeContainer(c.id, { force: true });
    await driver.dispose();
  });

  it('refuses a malformed BERTH_SWARM_NODES, naming it, with exit 2', async () => {
    const r = await berth(['ps'], { BERTH_SWARM_NODES: '{not json' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('BERTH_SWARM_NODES');
  });
});
