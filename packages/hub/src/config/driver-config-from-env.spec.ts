import { ValidationError } from '@berth/core';
import { driverConfigFromEnv } from './driver-config-from-env.js';

describe(driverConfigFromEnv.name, () => {
  it('reads the local home from the argument, else BERTH_HOME', async () => {
    await expect(driverConfigFromEnv('local', { BERTH_HOME: '/b' })).resolves.toEqual({ kind: 'local', home: '/b' });
    await expect(driverConfigFromEnv('local', { BERTH_HOME: '/b' }, '/a')).resolves.toEqual({
      kind: 'local',
      home: '/a',
    });
    await expect(driverConfigFromEnv('local', {})).resolves.toEqual({ kind: 'local' });
    await expect(driverConfigFromEnv('mock', { BERTH_HOME: '/b' })).resolves.toEqual({ kind: 'mock' });
  });

  it('reads DOCKER_HOST into the docker connection', async () => {
    await expect(driverConfigFromEnv('docker', { DOCKER_HOST: 'unix:///run/x.sock' })).resolves.toEqual({
      kind: 'docker',
      connection: { socketPath: '/run/x.sock' },
    });
  });

  it("reads the Docker client seed's variables: DOCKER_PORT, DOCKER_SECURE, STATS_INTERVAL, retries, timeout", async () => {
    await expect(
      driverConfigFromEnv('docker', {
        DOCKER_HOST: 'localhost',
        DOCKER_PORT: '2375',
        DOCKER_SECURE: 'false',
        DOCKER_TIMEOUT: '30000',
        STATS_INTERVAL: '5000',
        MAX_RETRIES: '3',
        RETRY_DELAY: '1000',
      }),
    ).resolves.toEqual({
      kind: 'docker',
      connection: { host: 'localhost', port: 2375, protocol: 'http' },
      statsIntervalMs: 5000,
      resilience: { defaultTimeoutMs: 30000, retry: { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 2000 } },
    });
  });

  it('refuses a bad DOCKER_PORT or STATS_INTERVAL with a ValidationError naming it', async () => {
    const err = await driverConfigFromEnv('docker', { DOCKER_PORT: 'x', STATS_INTERVAL: '5' }).catch((e: unknown) => e);
    expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual(['DOCKER_PORT', 'STATS_INTERVAL']);
  });

  it('reads several engines from BERTH_DOCKER_HOSTS (DOCKER_HOST then names none)', async () => {
    await expect(
      driverConfigFromEnv('docker', {
        DOCKER_HOST: 'unix:///ignored.sock',
        STATS_INTERVAL: '2000',
        BERTH_DOCKER_HOSTS: '[{"id":"a","url":"unix:///a.sock"},{"id":"host1","address":"192.168.1.10","port":2375}]',
      }),
    ).resolves.toEqual({
      kind: 'docker',
      hosts: [
        { id: 'a', name: 'a', connection: { socketPath: '/a.sock' } },
        { id: 'host1', name: 'host1', connection: { host: '192.168.1.10', port: 2375, protocol: 'http' } },
      ],
      statsIntervalMs: 2000,
    });
  });

  it('reads the swarm manager from DOCKER_HOST and the nodes from BERTH_SWARM_NODES', async () => {
    const config = await driverConfigFromEnv('swarm', {
      DOCKER_HOST: 'unix:///run/m.sock',
      BERTH_SWARM_NODES: '{"w1":{"socketPath":"/run/w1.sock"}}',
    });
    expect(config).toEqual({
      kind: 'swarm',
      manager: { socketPath: '/run/m.sock' },
      nodes: { w1: { socketPath: '/run/w1.sock' } },
    });
  });

  it('refuses a bad BERTH_SWARM_NODES with a ValidationError', async () => {
    await expect(driverConfigFromEnv('swarm', { BERTH_SWARM_NODES: '[1,' })).rejects.toBeInstanceOf(ValidationError);
  });
});
