import { toCreateOptions } from './to-create-options.js';

describe(toCreateOptions.name, () => {
  const now = new Date('2026-12-01T12:00:00.000Z');

  describe('with a minimal spec', () => {
    const o = toCreateOptions({ image: 'busybox' }, { now });

    it('drops every capability and sets no-new-privileges with `=` (dockerd deprecates `:`)', () => {
      expect(o.HostConfig?.CapDrop).toEqual(['ALL']);
      expect(o.HostConfig?.CapAdd).toEqual([]);
      expect(o.HostConfig?.SecurityOpt).toEqual(['no-new-privileges=true']);
    });
    it("puts Berth's labels on it", () => {
      expect(o.Labels).toEqual({ 'berth.managed': 'true', 'berth.created': '2026-12-01T12:00:00.000Z' });
    });
    it('sets no limits and no command', () => {
      expect(o.HostConfig?.Memory).toBeUndefined();
      expect(o.Cmd).toBeUndefined();
    });
  });

  describe('with every field', () => {
    const o = toCreateOptions(
      {
        image: 'busybox',
        name: 'full',
        sessionId: 's1',
        command: ['sleep', '1'],
        entrypoint: ['/bin/sh', '-c'],
        env: { A: '1' },
        labels: { team: 'x' },
        resources: { cpu: 0.5, memoryMb: 64, pids: 32, diskMb: 100 },
        volumes: [
          { source: 'v', target: '/data', readOnly: true },
          { source: '/tmp', target: '/host', type: 'bind' },
        ],
        network: 'net1',
        security: {
          readOnly: true,
          noNewPrivileges: false,
          user: '1000:1000',
          capabilities: { drop: ['CAP_NET_RAW'], add: ['NET_ADMIN'] },
        },
        ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'udp', hostPort: 5353, hostIp: '0.0.0.0' }],
        workingDir: '/work',
        healthcheck: { command: ['true'], intervalMs: 1000, timeoutMs: 500, retries: 2, startPeriodMs: 100 },
        tty: true,
      },
      { now },
    );

    it('maps resources to NanoCpus, Memory (= MemorySwap), PidsLimit and StorageOpt', () => {
      expect(o.HostConfig).toMatchObject({
        NanoCpus: 500_000_000,
        Memory: 64 * 1024 * 1024,
        MemorySwap: 64 * 1024 * 1024,
        PidsLimit: 32,
        StorageOpt: { size: '100M' },
      });
    });
    it('maps mounts with type and read-only flag', () => {
      expect(o.HostConfig?.Mounts).toEqual([
        { Type: 'volume', Source: 'v', Target: '/data', ReadOnly: true },
        { Type: 'bind', Source: '/tmp', Target: '/host', ReadOnly: false },
      ]);
    });
    it('binds ports to 127.0.0.1 unless told otherwise', () => {
      expect(o.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {} });
      expect(o.HostConfig?.PortBindings).toEqual({
        '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
        '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }],
      });
    });
    it('maps security, user, network, tty and working dir', () => {
      expect(o.HostConfig).toMatchObject({
        ReadonlyRootfs: true,
        SecurityOpt: [],
        CapDrop: ['NET_RAW'],
        CapAdd: ['NET_ADMIN'],
        NetworkMode: 'net1',
      });
      expect(o).toMatchObject({ User: '1000:1000', Tty: true, WorkingDir: '/work', name: 'full' });
    });
    it('maps command, entrypoint, env and labels', () => {
      expect(o).toMatchObject({ Cmd: ['sleep', '1'], Entrypoint: ['/bin/sh', '-c'], Env: ['A=1'] });
      expect(o.Labels).toMatchObject({ team: 'x', 'berth.session': 's1', 'berth.managed': 'true' });
    });
    it('maps the health check to nanoseconds', () => {
      expect(o.Healthcheck).toEqual({
        Test: ['CMD', 'true'],
        Interval: 1e9,
        Timeout: 5e8,
        Retries: 2,
        StartPeriod: 1e8,
      });
    });
  });

  describe('with extraHosts', () => {
    it("maps them to HostConfig.ExtraHosts as given (host-gateway is the engine's to resolve)", () => {
      const extraHosts = ['host.docker.internal:host-gateway', 'db:10.0.0.5'];
      expect(toCreateOptions({ image: 'busybox', extraHosts }).HostConfig?.ExtraHosts).toEqual(extraHosts);
    });
    it('sets none without them', () => {
      expect(toCreateOptions({ image: 'busybox' }).HostConfig?.ExtraHosts).toBeUndefined();
    });
  });
});
