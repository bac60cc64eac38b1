import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@berth/core';
import { dockerHostsFromConfig, dockerHostsFromEnv } from './docker-hosts-config.js';

function issuePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues.map((i) => i.path);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe(dockerHostsFromConfig.name, () => {
  describe('when given each spelling', () => {
    it('reads Berth connections, DOCKER_HOST urls and the seed host shapes alike', () => {
      expect(
        dockerHostsFromConfig([
          { id: 'a', connection: { socketPath: '/var/run/docker.sock' } },
          { id: 'b', url: 'tcp://10.0.0.2:2375' },
          { id: 'c', host: 'h', port: 2376, protocol: 'https' },
          { id: 'host1', address: '192.168.1.10', port: 2375 },
          { hostId: 'local-docker', host: 'localhost', port: 2375, name: 'Local Docker Host' },
          { id: 'tls', address: 'docker.internal', secure: true },
        ]),
      ).toEqual([
        { id: 'a', name: 'a', connection: { socketPath: '/var/run/docker.sock' } },
        { id: 'b', name: 'b', connection: { host: '10.0.0.2', port: 2375, protocol: 'http' } },
        { id: 'c', name: 'c', connection: { host: 'h', port: 2376, protocol: 'https' } },
        { id: 'host1', name: 'host1', connection: { host: '192.168.1.10', port: 2375, protocol: 'http' } },
        {
          id: 'local-docker',
          name: 'Local Docker Host',
          connection: { host: 'localhost', port: 2375, protocol: 'http' },
        },
        { id: 'tls', name: 'tls', connection: { host: 'docker.internal', port: 2376, protocol: 'https' } },
      ]);
    });
    it('accepts { hosts: [...] }', () => {
      expect(dockerHostsFromConfig({ hosts: [{ id: 'a', socketPath: '/s' }] })).toHaveLength(1);
    });
  });

  describe('when entries are bad', () => {
    it('lists every bad entry', () => {
      expect(
        issuePaths(() =>
          dockerHostsFromConfig([
            { id: 'a', socketPath: '/s' },
            { id: 'a', socketPath: '/t' },
            { id: 'bad id', socketPath: '/s' },
            { id: 'p', address: 'h', port: 70000 },
            { id: 'u', url: 'ftp://x' },
            { id: 'n' },
          ]),
        ),
      ).toEqual(['hosts[1].id', 'hosts[2].id', 'hosts[3].port', 'hosts[4].url.DOCKER_HOST', 'hosts[5]']);
    });
    it('refuses an empty list and a non-list', () => {
      expect(issuePaths(() => dockerHostsFromConfig([]))).toEqual(['hosts']);
      expect(issuePaths(() => dockerHostsFromConfig({ a: 1 }))).toEqual(['hosts']);
    });
  });
});

describe(dockerHostsFromEnv.name, () => {
  it('is undefined when neither variable is set', () => {
    expect(dockerHostsFromEnv({})).toBeUndefined();
  });
  it('reads BERTH_DOCKER_HOSTS as JSON', () => {
    expect(dockerHostsFromEnv({ BERTH_DOCKER_HOSTS: '[{"id":"a","url":"unix:///s"}]' })).toEqual([
      { id: 'a', name: 'a', connection: { socketPath: '/s' } },
    ]);
  });
  it('reads BERTH_DOCKER_HOSTS_FILE, naming the file in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-hosts-'));
    try {
      const good = join(dir, 'hosts.json');
      writeFileSync(good, JSON.stringify({ hosts: [{ id: 'x', socketPath: '/s' }] }));
      expect(dockerHostsFromEnv({ BERTH_DOCKER_HOSTS_FILE: good })?.[0]?.id).toBe('x');
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify([{ id: 'x' }]));
      expect(issuePaths(() => dockerHostsFromEnv({ BERTH_DOCKER_HOSTS_FILE: bad }))).toEqual([`${bad}[0]`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses bad JSON, a missing file, and both variables at once', () => {
    expect(issuePaths(() => dockerHostsFromEnv({ BERTH_DOCKER_HOSTS: '[' }))).toEqual(['BERTH_DOCKER_HOSTS']);
    expect(issuePaths(() => dockerHostsFromEnv({ BERTH_DOCKER_HOSTS_FILE: '/nonexistent/h.json' }))).toEqual([
      'BERTH_DOCKER_HOSTS_FILE',
    ]);
    expect(issuePaths(() => dockerHostsFromEnv({ BERTH_DOCKER_HOSTS: '[]', BERTH_DOCKER_HOSTS_FILE: '/x' }))).toEqual([
      'BERTH_DOCKER_HOSTS',
    ]);
  });
});
