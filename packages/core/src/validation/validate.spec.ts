import type { z } from 'zod';
import type { ContainerSpec } from '../contract/index.js';
import { ValidationError } from '../errors/index.js';
import type { ContainerSpecSchema } from './schemas.js';
import {
  validateContainerFilter,
  validateContainerSpec,
  validateExecSpec,
  validateFileEntries,
  validateLogOptions,
  validateNetworkSpec,
  validateStatsStreamOptions,
  validateStopOptions,
  validateVolumeSpec,
} from './validate.js';

// Compile-time guard: every ContainerSpec the types allow is accepted by the schema's input type.
const _specFitsSchema = (s: ContainerSpec): z.input<typeof ContainerSpecSchema> => s;
void _specFitsSchema;

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe(validateContainerSpec.name, () => {
  it('accepts a full valid spec', () => {
    const spec: ContainerSpec = {
      image: 'registry.example.com:5000/team/app:1.2.3',
      command: ['sh', '-c', 'echo hi'],
      env: { A: '1', EMPTY: '' },
      sessionId: 's1',
      labels: { 'berth.host': 'h1', 'com.example/x': 'y' },
      resources: { cpu: 0.5, memoryMb: 128, pids: 64, diskMb: 1024 },
      volumes: [
        { source: 'data', target: '/data' },
        { source: '/tmp', target: '/host-tmp', type: 'bind', readOnly: true },
      ],
      security: {
        readOnly: true,
        noNewPrivileges: true,
        user: '1000:1000',
        capabilities: { drop: ['ALL'], add: ['CAP_NET_BIND_SERVICE'] },
      },
      ports: [{ containerPort: 8080, hostPort: 18080, protocol: 'tcp', hostIp: '127.0.0.1' }],
      workingDir: '/work',
      healthcheck: { command: ['true'], intervalMs: 1000 },
    };
    expect(validateContainerSpec(spec)).toBe(spec);
  });

  it.each([
    ['busybox'],
    ['busybox:latest'],
    ['library/busybox:1.36'],
    ['localhost:5000/a/b_c__d-e:tag'],
    [`alpine@sha256:${'a'.repeat(64)}`],
  ])('accepts image %s', (image) => {
    expect(() => validateContainerSpec({ image })).not.toThrow();
  });

  it.each([[''], ['UPPER'], ['a b'], ['name:'], ['-lead'], ['a//b'], ['x@sha256:zz']])('rejects image %p', (image) => {
    expect(issuesOf(() => validateContainerSpec({ image })).map((i) => i.path)).toEqual(['image']);
  });

  it('lists every bad field with its path at once', () => {
    const issues = issuesOf(() =>
      validateContainerSpec({
        image: '',
        env: { 'A=B': 'x', N: 5 },
        resources: { memoryMb: -1, pids: 1.5, cpu: -2 },
        volumes: [
          { source: 'v', target: 'relative' },
          { source: 'v', target: '/a/../etc' },
        ],
        security: { capabilities: { add: ['NOT_A_CAP'] } },
        labels: { 'bad key!': 'v' },
      }),
    );
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual(
      [
        'image',
        'env.A=B',
        'env.N',
        'resources.memoryMb',
        'resources.pids',
        'resources.cpu',
        'volumes.0.target',
        'volumes.1.target',
        'security.capabilities.add.0',
        'labels.bad key!',
      ].sort(),
    );
  });

  describe('when one field breaks one rule', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['an empty image', { image: '' }, 'image'],
      ['a malformed image', { image: 'Bad Image' }, 'image'],
      ['a negative memory limit', { resources: { memoryMb: -64 } }, 'resources.memoryMb'],
      ['a non-integer memory limit', { resources: { memoryMb: 1.5 } }, 'resources.memoryMb'],
      ['a non-integer pids limit', { resources: { pids: 2.5 } }, 'resources.pids'],
      ['a negative disk limit', { resources: { diskMb: -1 } }, 'resources.diskMb'],
      ['a negative cpu', { resources: { cpu: -0.5 } }, 'resources.cpu'],
      ['an infinite memory limit', { resources: { memoryMb: Number.POSITIVE_INFINITY } }, 'resources.memoryMb'],
      ['a NaN cpu', { resources: { cpu: Number.NaN } }, 'resources.cpu'],
      ['a numeric env value', { env: { PORT: 8080 } }, 'env.PORT'],
      ['an undefined env value', { env: { X: undefined } }, 'env.X'],
      ['an env name with "="', { env: { 'A=B': 'x' } }, 'env.A=B'],
      ['an empty env name', { env: { '': 'x' } }, 'env.'],
      ['a relative volume target', { volumes: [{ source: 'data', target: 'data' }] }, 'volumes.0.target'],
      ['a volume target with ".."', { volumes: [{ source: 'data', target: '/data/../etc' }] }, 'volumes.0.target'],
      ['a volume target ending in ".."', { volumes: [{ source: 'data', target: '/data/..' }] }, 'volumes.0.target'],
      ['an unknown capability to add', { security: { capabilities: { add: ['FLY'] } } }, 'security.capabilities.add.0'],
      [
        'an unknown capability to drop',
        { security: { capabilities: { drop: ['ALL', 'CAP_NOPE'] } } },
        'security.capabilities.drop.1',
      ],
      ['a label key with a space', { labels: { 'my label': 'v' } }, 'labels.my label'],
      ['a label key starting with "."', { labels: { '.hidden': 'v' } }, 'labels..hidden'],
      ['an empty label key', { labels: { '': 'v' } }, 'labels.'],
      ['a non-string label value', { labels: { ok: 1 } }, 'labels.ok'],
    ])('rejects %s with its path', (_what, fields, path) => {
      const issues = issuesOf(() => validateContainerSpec({ image: 'busybox', ...fields }));
      expect(issues.map((i) => i.path)).toEqual([path]);
    });
  });

  it('rejects unknown fields instead of silently dropping them', () => {
    expect(issuesOf(() => validateContainerSpec({ image: 'a', imgae: 'typo' }))[0]?.message).toMatch(/imgae/);
  });

  it('rejects a non-object', () => {
    expect(issuesOf(() => validateContainerSpec(null))).toHaveLength(1);
  });

  it('rejects a relative bind source', () => {
    const issues = issuesOf(() =>
      validateContainerSpec({ image: 'a', volumes: [{ source: 'rel', target: '/x', type: 'bind' }] }),
    );
    expect(issues.map((i) => i.path)).toEqual(['volumes.0.source']);
  });
});

describe(validateExecSpec.name, () => {
  it('rejects an empty command, non-string env and bad timeout', () => {
    const paths = issuesOf(() => validateExecSpec({ command: [], env: { X: 1 }, timeoutMs: 0 })).map((i) => i.path);
    expect(paths.sort()).toEqual(['command', 'env.X', 'timeoutMs']);
  });
  it('accepts stdin as bytes', () => {
    expect(() => validateExecSpec({ command: ['cat'], stdin: new Uint8Array([1]) })).not.toThrow();
  });
});

describe(validateVolumeSpec.name, () => {
  it('rejects names with slashes', () => {
    expect(issuesOf(() => validateVolumeSpec({ name: 'a/b' })).map((i) => i.path)).toEqual(['name']);
  });
});

describe(validateNetworkSpec.name, () => {
  it('accepts a simple network', () => {
    expect(validateNetworkSpec({ name: 'net-1', internal: true })).toEqual({ name: 'net-1', internal: true });
  });
});

describe(validateStopOptions.name, () => {
  it('passes undefined and a zero grace period', () => {
    expect(validateStopOptions(undefined)).toBeUndefined();
    expect(validateStopOptions({ timeoutMs: 0 })).toEqual({ timeoutMs: 0 });
  });
  it('rejects a negative or fractional timeoutMs', () => {
    expect(issuesOf(() => validateStopOptions({ timeoutMs: -1 })).map((i) => i.path)).toEqual(['timeoutMs']);
    expect(issuesOf(() => validateStopOptions({ timeoutMs: 1.5 })).map((i) => i.path)).toEqual(['timeoutMs']);
  });
});

describe(validateLogOptions.name, () => {
  it('rejects a negative tail, an invalid Date and a non-boolean flag', () => {
    const paths = issuesOf(() => validateLogOptions({ tail: -1, since: new Date(Number.NaN), follow: 'yes' }));
    expect(paths.map((i) => i.path).sort()).toEqual(['follow', 'since', 'tail']);
  });
});

describe(validateStatsStreamOptions.name, () => {
  it('rejects a zero interval', () => {
    expect(issuesOf(() => validateStatsStreamOptions({ intervalMs: 0 })).map((i) => i.path)).toEqual(['intervalMs']);
  });
});

describe(validateFileEntries.name, () => {
  it('rejects a non-array', () => {
    expect(issuesOf(() => validateFileEntries(null))).toHaveLength(1);
  });
  it('lists the bad field of each entry', () => {
    const issues = issuesOf(() =>
      validateFileEntries([
        { path: '', content: 'x' },
        { path: '/a', content: 5 },
        { path: '/b', content: new Uint8Array([1]), mode: -1 },
      ]),
    );
    expect(issues.map((i) => i.path)).toEqual(['0.path', '1.content', '2.mode']);
  });
});

describe(validateContainerFilter.name, () => {
  it('accepts one state or several', () => {
    expect(() => validateContainerFilter({ state: 'running' })).not.toThrow();
    expect(() => validateContainerFilter({ state: ['running', 'exited'] })).not.toThrow();
  });
  it('rejects an unknown state', () => {
    expect(issuesOf(() => validateContainerFilter({ state: 'nope' })).map((i) => i.path)).toEqual(['state']);
  });
});
