import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ContainerSpec, DriverUnavailableError } from '@berth/core';
import { describeWhen } from '@berth/core/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalDriver } from './local-driver.js';
import { probeSandbox } from './sandbox/index.js';
import { useAttackHost } from './testing/attack-host.js';
import {
  type AttackResult,
  processAlive as alive,
  attackCommands,
  confinementViolations,
} from './testing/sandbox-attacks.js';

// From the attacker's side: code inside a container of a root-run driver tries the host's files, processes and
// loopback. The same attacks with the driver run by an unprivileged user: sandbox.unprivileged.int.spec.ts.
const support = probeSandbox();

describeWhen(
  support.usable ? null : support.reason,
  `${LocalDriver.name} sandbox, from inside a container`,
  () => {
    let driver: LocalDriver;
    const host = useAttackHost({
      name: 'berth-sandbox',
      secret: 'TOP-SECRET-HOST-DATA',
      uid: process.getuid?.() ?? 0,
      setUp: ({ home }) => {
        driver = new LocalDriver({ home, isolation: 'process' });
      },
      tearDown: async () => {
        for (const c of await driver.listContainers()) await driver.removeContainer(c.id, { force: true });
        await driver.dispose();
      },
    });

    const run = async (spec: Partial<ContainerSpec> = {}): Promise<string> => {
      const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'], ...spec });
      await driver.startContainer(c.id);
      return c.id;
    };
    const attack = async (id: string): Promise<Record<string, AttackResult>> => {
      const out: Record<string, AttackResult> = {};
      for (const [name, command] of Object.entries(attackCommands(host.targets))) {
        const r = await driver.exec(id, { command, timeoutMs: 20_000 });
        out[name] = { exitCode: r.exitCode, stdout: r.stdout };
      }
      return out;
    };

    it("declares capabilities.isolation 'process' and says so in healthCheck()", async () => {
      expect(driver.capabilities.isolation).toBe('process');
      const health = await driver.healthCheck();
      expect(health.healthy).toBe(true);
      expect(health.details).toMatchObject({ isolation: 'process', sandbox: { mode: 'process' } });
    });

    it('keeps exec away from host files, host processes and the host loopback', async () => {
      const id = await run();
      const r = await attack(id);
      expect(confinementViolations(r, host.targets)).toEqual([]);
      expect(r['connectLoopback']?.stdout).not.toContain('pong');
      expect(r['connectLoopback']?.exitCode).not.toBe(0);
      // host side: nothing written, the host process survived, the container's /tmp got the file
      expect(existsSync(join(host.hostDir, 'planted'))).toBe(false);
      expect(existsSync(join(tmpdir(), host.targets.tmpName))).toBe(false);
      expect(new TextDecoder().decode(await driver.getFile(id, `/tmp/${host.targets.tmpName}`))).toBe('pwned\n');
      expect(alive(host.targets.hostPid)).toBe(true);
    });

    it('keeps the main process away from them too (same namespaces as exec)', async () => {
      const c = attackCommands(host.targets);
      const script = [
        `cat ${host.targets.secretFile} && echo READ`,
        `echo pwned > ${host.targets.hostDir}/planted && echo WROTE`,
        `kill -KILL ${host.targets.hostPid} && echo KILLED`,
        `${c['connectLoopback']?.slice(2).join(' ')} && echo CONNECTED`,
        'echo procs=$(ls /proc | grep -c "^[0-9][0-9]*$")',
      ].join('; ');
      const box = await driver.createContainer({ image: 'host', command: ['bash', '-c', script] });
      await driver.startContainer(box.id);
      expect((await driver.waitContainer(box.id)).exitCode).toBe(0);
      const logs = await driver.getContainerLogs(box.id);
      expect(logs).not.toMatch(/READ|WROTE|KILLED|CONNECTED|pong|TOP-SECRET/);
      expect(Number(/procs=(\d+)/.exec(logs)?.[1])).toBeLessThan(6);
      expect(existsSync(join(host.hostDir, 'planted'))).toBe(false);
      expect(alive(host.targets.hostPid)).toBe(true);
    });

    it("reaches the host loopback with network: 'host'", async () => {
      const id = await run({ network: 'host' });
      const r = await driver.exec(id, { command: attackCommands(host.targets)['connectLoopback'] ?? [] });
      expect(`${r.stdout}|${r.stderr}`).toBe('pong|');
      // and is still confined otherwise
      expect(confinementViolations(await attack(id), host.targets)).toEqual([]);
    });

    it('runs execs in the namespaces of the main process: same hostname, same processes', async () => {
      const id = await run({ command: ['sh', '-c', 'echo main-marker >/dev/null; exec sleep 60'] });
      const hostname = await driver.exec(id, { command: ['cat', '/proc/sys/kernel/hostname'] });
      expect(hostname.stdout.trim()).toBe(id.slice(0, 12));
      const cmdlines = await driver.exec(id, { command: ['sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "'] });
      expect(cmdlines.stdout).toContain('sleep 60');
      expect((await driver.exec(id, { command: ['pwd'], workingDir: '/work/sub' })).stdout).toBe('/work/sub\n');
    });

    it('binds volumes at their target; putFiles and exec see the same file', async () => {
      const volume = `sbx-vol-${process.pid}`;
      const id = await run({ volumes: [{ type: 'volume', source: volume, target: '/data/vol' }] });
      try {
        await driver.putFiles(id, [{ path: '/data/vol/in.txt', content: 'from putFiles' }]);
        expect((await driver.exec(id, { command: ['cat', '/data/vol/in.txt'] })).stdout).toBe('from putFiles');
        await driver.exec(id, { command: ['sh', '-c', 'echo from-exec > /data/vol/out.txt'] });
        expect(new TextDecoder().decode(await driver.getFile(id, '/data/vol/out.txt'))).toBe('from-exec\n');
        expect(await readFile(join(host.home, 'volumes', volume, 'data', 'out.txt'), 'utf8')).toBe('from-exec\n');
      } finally {
        for (const c of await driver.listContainers()) await driver.removeContainer(c.id, { force: true });
        await driver.removeVolume(volume).catch(() => undefined);
      }
    });

    it('refuses to start when a mount point was replaced by a symlink', async () => {
      const c = await driver.createContainer({
        image: 'host',
        command: ['sleep', '60'],
        volumes: [{ type: 'bind', source: host.hostDir, target: '/mnt/in/here' }],
      });
      await driver.startContainer(c.id);
      // the container replaces a directory on the way to its mount point with a link to a host directory
      await driver.exec(c.id, { command: ['sh', '-c', 'mv /mnt /mnt.old && ln -s /root /mnt'] });
      await driver.stopContainer(c.id, { timeoutMs: 0 });
      await expect(driver.startContainer(c.id)).rejects.toThrow(/mount point/);
    });
  },
  { requireEnv: 'BERTH_REQUIRE_SANDBOX', hint: 'run bash scripts/install-bubblewrap.sh' },
);

describe(`${LocalDriver.name} without a usable bubblewrap`, () => {
  let home: string;
  let fakeBin: string;
  const savedPath = process.env['PATH'];
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-nobwrap-'));
    // a bwrap that cannot create namespaces, first on the PATH
    fakeBin = join(home, 'bin');
    await mkdir(fakeBin);
    await writeFile(
      join(fakeBin, 'bwrap'),
      '#!/bin/sh\n[ "$1" = --version ] && { echo bubblewrap 0.0-fake; exit 0; }\necho "bwrap: No permissions to creating new namespace" >&2\nexit 1\n',
      { mode: 0o755 },
    );
  });
  afterEach(async () => {
    process.env['PATH'] = savedPath;
    await rm(home, { recursive: true, force: true });
  });
  const construct = (options: ConstructorParameters<typeof LocalDriver>[0]): LocalDriver => {
    process.env['PATH'] = `${fakeBin}:${savedPath ?? ''}`;
    try {
      return new LocalDriver({ home: join(home, 'state'), ...options });
    } finally {
      process.env['PATH'] = savedPath;
    }
  };

  it('says so in healthCheck() and refuses to create containers', async () => {
    const driver = construct({ isolation: 'process' });
    try {
      const health = await driver.healthCheck();
      expect(health.healthy).toBe(false);
      expect(health.details).toMatchObject({ sandbox: { mode: 'refused' } });
      expect(String(health.details?.['error'])).toMatch(/cannot create namespaces/);
      await expect(driver.createContainer({ image: 'host', command: ['true'] })).rejects.toThrow(
        DriverUnavailableError,
      );
      expect(await driver.listContainers()).toEqual([]);
    } finally {
      await driver.dispose();
    }
  });

  it('refuses outright with requireIsolation: true', () => {
    expect(() => construct({ isolation: 'process', requireIsolation: true })).toThrow(DriverUnavailableError);
  });

  it("runs unsandboxed with the isolation: 'none' opt-in, and declares it", async () => {
    const driver = construct({ isolation: 'none' });
    try {
      expect(driver.capabilities.isolation).toBe('none');
      expect((await driver.healthCheck()).healthy).toBe(true);
      const c = await driver.createContainer({ image: 'host', command: ['sh', '-c', 'exit 3'] });
      await driver.startContainer(c.id);
      expect((await driver.waitContainer(c.id)).exitCode).toBe(3);
      await driver.removeContainer(c.id, { force: true });
    } finally {
      await driver.dispose();
    }
  });
});
