import { ValidationError } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { swarmNodesFromEnv } from './swarm-nodes-from-env.js';

const pathsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    swarmNodesFromEnv(env);
  } catch (err) {
    if (ValidationError.is(err)) return err.issues.map((i) => i.path);
    throw err;
  }
  return [];
};

describe(swarmNodesFromEnv.name, () => {
  it('is empty when unset or blank', () => {
    expect(swarmNodesFromEnv({})).toEqual({});
    expect(swarmNodesFromEnv({ BERTH_SWARM_NODES: '  ' })).toEqual({});
  });

  it('reads socket and TCP endpoints per node', () => {
    expect(
      swarmNodesFromEnv({
        BERTH_SWARM_NODES: JSON.stringify({
          abc123: { socketPath: '/var/run/w.sock' },
          'worker-2': { host: '10.0.0.12', port: 2375, protocol: 'http' },
        }),
      }),
    ).toEqual({
      abc123: { socketPath: '/var/run/w.sock' },
      'worker-2': { host: '10.0.0.12', port: 2375, protocol: 'http' },
    });
  });

  it('refuses JSON that is not an object', () => {
    expect(pathsOf({ BERTH_SWARM_NODES: '{nope' })).toEqual(['BERTH_SWARM_NODES']);
    expect(pathsOf({ BERTH_SWARM_NODES: '["a"]' })).toEqual(['BERTH_SWARM_NODES']);
  });

  it('names every bad node entry', () => {
    const paths = pathsOf({
      BERTH_SWARM_NODES: JSON.stringify({ good: { socketPath: '/s' }, 'bad name!': {}, w2: { host: 'h', port: 0 } }),
    });
    expect(paths).toContain('BERTH_SWARM_NODES.bad name!');
    expect(paths.some((p) => p.startsWith('BERTH_SWARM_NODES.w2'))).toBe(true);
    expect(paths.some((p) => p.includes('good'))).toBe(false);
  });
});
