import { ValidationError } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import {
  refuseSwarmGaps,
  SWARM_NO_NEW_PRIVILEGES_GAP,
  swarmSecurityGaps,
  validateSwarmExtras,
} from './swarm-container-spec.js';
import { toServiceSpec } from './to-service-spec.js';

const issuesOf = (fn: () => void): string[] => {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues.map((i) => i.path);
    throw err;
  }
  return [];
};

describe('validateSwarmExtras', () => {
  it('accepts Swarm constraints and spread descriptors', () => {
    expect(
      issuesOf(() =>
        validateSwarmExtras({
          placement: {
            constraints: ['node.labels.berth.node==2', 'node.hostname != db-1', 'node.role==worker', 'node.id==abc'],
            spreadOver: ['node.labels.zone'],
          },
          restart: { condition: 'on-failure', maxAttempts: 3, delayMs: 500 },
        }),
      ),
    ).toEqual([]);
  });

  it('lists every malformed part with its path', () => {
    expect(
      issuesOf(() =>
        validateSwarmExtras({
          placement: { constraints: ['node.labels.x=y', 'rm -rf /'], spreadOver: ['zone'], extra: 1 },
          restart: { condition: 'always', maxAttempts: -1 },
        }),
      ).sort(),
    ).toEqual(
      [
        'placement',
        'placement.constraints.0',
        'placement.constraints.1',
        'placement.spreadOver.0',
        'restart.condition',
        'restart.maxAttempts',
      ].sort(),
    );
  });
});

describe('refuseSwarmGaps', () => {
  it('refuses published ports and an explicit no-new-privileges, and lets a disk limit through unenforced', () => {
    expect(
      issuesOf(() =>
        refuseSwarmGaps({
          image: 'x',
          ports: [{ containerPort: 80 }],
          resources: { diskMb: 1 },
          security: { noNewPrivileges: true },
        }),
      ),
    ).toEqual(['ports', 'security.noNewPrivileges']);
  });

  it('lets the rest through', () => {
    expect(issuesOf(() => refuseSwarmGaps({ image: 'x', security: { noNewPrivileges: false } }))).toEqual([]);
  });

  it("names the seed's securityOpts entry when that is how the caller asked for no-new-privileges", () => {
    const given = { image: 'x', securityOpts: ['no-new-privileges:false', 'no-new-privileges'] };
    expect(issuesOf(() => refuseSwarmGaps({ image: 'x', security: { noNewPrivileges: true } }, { given }))).toEqual([
      'securityOpts.1',
    ]);
  });

  it('honours no-new-privileges when the nodes enforce it, and then reports no security gap', () => {
    const spec = { image: 'x', security: { noNewPrivileges: true } };
    expect(issuesOf(() => refuseSwarmGaps(spec, { nodesEnforceNoNewPrivileges: true }))).toEqual([]);
    expect(swarmSecurityGaps(true)).toEqual([]);
    expect(swarmSecurityGaps()).toEqual(['no-new-privileges (not settable on services before API 1.44)']);
  });

  it('explains the gap and the way out in its message', () => {
    let message = '';
    try {
      refuseSwarmGaps({ image: 'x', security: { noNewPrivileges: true } });
    } catch (err) {
      message = ValidationError.is(err) ? (err.issues[0]?.message ?? '') : '';
    }
    expect(message).toBe(SWARM_NO_NEW_PRIVILEGES_GAP);
    expect(message).toMatch(/API 1\.41.*--no-new-privileges.*nodesEnforceNoNewPrivileges: true/);
  });
});

describe('toServiceSpec', () => {
  it("writes extraHosts as the service's Hosts lines (address name), host-gateway included", () => {
    const body = toServiceSpec({ image: 'img', extraHosts: ['host.docker.internal:host-gateway', 'v6:fd00::1'] });
    expect(body.TaskTemplate.ContainerSpec.Hosts).toEqual(['host-gateway host.docker.internal', 'fd00::1 v6']);
    expect(toServiceSpec({ image: 'img' }).TaskTemplate.ContainerSpec.Hosts).toBeUndefined();
  });

  it('creates a one-replica service at 0 replicas, capabilities dropped, restart none, limits reserved, init', () => {
    const body = toServiceSpec({ image: 'img', command: ['sleep', '1'], resources: { cpu: 1, memoryMb: 10 } });
    expect(body.Mode).toEqual({ Replicated: { Replicas: 0 } });
    expect(body.TaskTemplate.ContainerSpec).toMatchObject({
      Args: ['sleep', '1'],
      CapabilityDrop: ['ALL'],
      CapabilityAdd: [],
      Init: true,
    });
    expect(body.TaskTemplate.RestartPolicy).toEqual({ Condition: 'none' });
    expect(body.TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 1e9, MemoryBytes: 10 * 1024 * 1024 },
      Reservations: { NanoCPUs: 1e9, MemoryBytes: 10 * 1024 * 1024 },
    });
    expect(body.Labels).toEqual(body.TaskTemplate.ContainerSpec.Labels);
    expect(body.Labels['berth.managed']).toBe('true');
  });

  it('merges driver placement, spec placement and extra constraints without duplicates', () => {
    const body = toServiceSpec(
      { image: 'img', placement: { constraints: ['node.role==worker'], spreadOver: ['node.labels.rack'] } },
      {
        placement: { constraints: ['node.role==worker', 'node.labels.pool==a'], spreadOver: ['node.labels.zone'] },
        extraConstraints: ['node.id==n1'],
      },
    );
    expect(body.TaskTemplate.Placement).toEqual({
      Constraints: ['node.role==worker', 'node.labels.pool==a', 'node.id==n1'],
      Preferences: [
        { Spread: { SpreadDescriptor: 'node.labels.zone' } },
        { Spread: { SpreadDescriptor: 'node.labels.rack' } },
      ],
    });
  });
});
