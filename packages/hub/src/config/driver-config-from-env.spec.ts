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
