import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerSecurityError } from '@berth/core';
import { describeWhen } from '@berth/core/testing';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';
import { probeSandbox } from '../sandbox/index.js';
import { useAttackedLocalDriver } from '../testing/attacked-local-driver.js';
import { cgroupDirsOf } from '../testing/cgroup-dirs.js';
import { processAlive } from '../testing/sandbox-attacks.js';

// From the attacker's side: what code inside a container of a root-run driver (default security options) tries
// beyond sandbox.int.spec.ts's files/processes/loopback — kernel interfaces, privileges, the driver's own state and
// environment, a neighbour container, the files API — and what removing the container leaves behind.
const support = probeSandbox();
const asRoot = process.getuid?.() === 0;
/** A variable of the driver's environment that no container may see. */
const TOKEN_ENV = 'BERTH_ATTACK_HOST_TOKEN';
const TOKEN = 'host-token-must-not-leak';

describeWhen(
  support.usable ? (asRoot ? null : 'the driver does not run as root') : support.reason,
  `${LocalDriver.name} sandbox: what code inside cannot reach`,
  () => {
    let driver: LocalDriver;
    const { host, run } = useAttackedLocalDriver(
      { name: 'berth-attack-reach', secret: 'REACH-HOST-SECRET', uid: 0 },
      (d) => {
        driver = d;
      },
    );
    beforeAll(() => {
      process.env[TOKEN_ENV] = TOKEN;
    });
    afterAll(() => {
      delete process.env[TOKEN_ENV];
    });

    const sh = async (id: string, script: string): Promise<{ exitCode: number; out: string }> => {
      const r = await driver.exec(id, { command: ['bash', '-c', script], timeoutMs: 20_000 });
      return { exitCode: r.exitCode, out: `${r.stdout}${r.stderr}` };
    };
    /** Runs each probe; returns the names of those that printed `ESCAPED`. */
    const escaped = async (id: string, probes: Record<string, string>): Promise<string[]> => {
      const out: string[] = [];
      for (const [name, script] of Object.entries(probes)) {
        if ((await sh(id, `{ ${script}; } >/dev/null 2>&1 && echo ESCAPED`)).out.includes('ESCAPED')) out.push(name);
      }
      return out;
    };

    it('holds no capability, has no-new-privileges, and every privileged operation fails', async () => {
      const id = await run();
      const status = (await sh(id, 'grep -E "^(CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):" /proc/self/status')).out;
      expect(status).toMatch(/CapPrm:\s+0{16}\n/);
      expect(status).toMatch(/CapEff:\s+0{16}\n/);
      expect(status).toMatch(/CapBnd:\s+0{16}\n/);
      expect(status).toMatch(/CapAmb:\s+0{16}\n/);
      expect(status).toMatch(/NoNewPrivs:\s+1/);
      const probes = {
        mountTmpfs: 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m',
        remountRootRw: 'mount -o remount,rw /usr',
        bindHostDir: 'mkdir -p /tmp/b && mount --bind /proc/1/root /tmp/b',
        unshareUserns: 'unshare -U -r true',
        unshareMount: 'unshare -m true',
        chroot: 'chroot / true',
        mknodDisk: 'mknod /tmp/disk b 254 0',
        setHostname: 'hostname pwned',
        chownFile: 'touch /tmp/f && chown 1:1 /tmp/f',
        switchUser: 'setpriv --reuid=65534 --regid=65534 --clear-groups true',
      };
      expect(await escaped(id, probes)).toEqual([]);
    });

    // setuid-root binaries of the host run without their owner's uid: the binds are nosuid, and no-new-privileges
    for (const noNewPrivileges of [true, false]) {
      it(`gains no uid from the host's setuid binaries (noNewPrivileges: ${noNewPrivileges})`, async () => {
        const id = await run({ security: { user: '65534:65534', noNewPrivileges } });
        const names = ['passwd', 'su', 'chfn', 'newgrp', 'gpasswd', 'chsh'];
        const r = await sh(
          id,
          `for b in ${names.join(' ')}; do [ -u /usr/bin/$b ] && (sleep 3 | /usr/bin/$b >/dev/null 2>&1 &); done; sleep 1; ` +
            'for p in /proc/[0-9]*; do c=$(cat $p/comm 2>/dev/null); ' +
            `case $c in ${names.join('|')}) echo "$c $(grep ^Uid: $p/status)";; esac; done`,
        );
        const lines = r.out.split('\n').filter((l) => /^[a-z]+ Uid:/.test(l));
        expect(lines.length).toBeGreaterThan(0); // at least one setuid binary was caught running
        for (const line of lines) expect(line).toMatch(/Uid:\s+65534\s+65534\s+65534\s+65534$/);
      });
    }

    it('has no host devices, no /sys, and no writable kernel interface in /proc', async () => {
      const id = await run();
      const probes = {
        blockDevice: 'ls /dev | grep -Eq "^(sd|vd|nvme|xvd|loop|dm-)"',
        devMem: 'test -e /dev/mem -o -e /dev/kmem -o -e /dev/port',
        sys: 'test -e /sys/fs/cgroup -o -e /sys/kernel',
        sysctlWrite: 'echo 5 > /proc/sys/kernel/printk_ratelimit',
        sysrq: 'echo h > /proc/sysrq-trigger',
        kcore: 'head -c 1 /proc/kcore',
        kmsg: 'timeout 1 head -c 1 /proc/kmsg',
        cgroupWrite: 'mkdir -p /tmp/cg && mount -t cgroup2 none /tmp/cg',
      };
      expect(await escaped(id, probes)).toEqual([]);
    });

    it("sees neither the driver's environment nor its state nor a neighbour container", async () => {
      const neighbour = await run({ command: ['sh', '-c', 'echo neighbour-secret > /tmp/n; exec sleep 60'] });
      const id = await run();
      const neighbourPids = readdirSync('/proc').filter((p) => {
        try {
          return /^\d+$/.test(p) && readFileSync(`/proc/${p}/environ`, 'latin1').includes(neighbour);
        } catch {
          return false;
        }
      });
      expect(neighbourPids.length).toBeGreaterThan(0);
      const env = await sh(id, 'cat /proc/[0-9]*/environ 2>/dev/null | tr "\\0" "\\n"; env');
      expect(env.out).not.toContain(TOKEN);
      expect(env.out).not.toContain(neighbour);
      const probes: Record<string, string> = {
        driverHome: `ls ${host.home}/containers`,
        neighbourRootfs: `cat ${host.home}/containers/${neighbour}/rootfs/tmp/n`,
        neighbourFile: 'grep -rqs -D skip neighbour-secret / --exclude-dir=proc --exclude-dir=usr --exclude-dir=dev',
        rootHome: 'ls /root',
        work: 'ls /work',
        engineSockets: 'ls /var/run/docker.sock /run/docker.sock /run/containerd/containerd.sock',
        hostRun: 'ls /run /var/run /home /var/lib',
      };
      for (const pid of neighbourPids) {
        probes[`seeNeighbour${pid}`] = `test -e /proc/${pid}`;
        probes[`killNeighbour${pid}`] = `kill -STOP ${pid}`;
        probes[`ptraceNeighbour${pid}`] = `timeout 5 strace -qq -e trace=none -p ${pid}`;
      }
      expect(await escaped(id, probes)).toEqual([]);
      for (const pid of neighbourPids.map(Number)) expect(processAlive(pid)).toBe(true);
      expect((await driver.exec(neighbour, { command: ['cat', '/tmp/n'] })).stdout).toBe('neighbour-secret\n');
    });

    it('gets nothing of the host through the files API: .., absolute paths and its own symlinks', async () => {
      const id = await run();
      await sh(
        id,
        `ln -s ${host.targets.secretFile} /tmp/to-secret; ln -s / /tmp/to-root; ln -s ${host.hostDir} /tmp/to-dir`,
      );
      await expect(driver.getFile(id, '/tmp/to-secret')).rejects.toBeInstanceOf(ContainerSecurityError);
      await expect(driver.getFile(id, `/tmp/to-root${host.targets.secretFile}`)).rejects.toBeInstanceOf(
        ContainerSecurityError,
      );
      await expect(driver.getFile(id, `/../../..${host.targets.secretFile}`)).rejects.toThrow();
      await expect(driver.putFiles(id, [{ path: '/tmp/to-dir/planted', content: 'x' }])).rejects.toBeInstanceOf(
        ContainerSecurityError,
      );
      await expect(driver.putFiles(id, [{ path: '../../planted', content: 'x' }])).rejects.toThrow();
      expect(existsSync(join(host.hostDir, 'planted'))).toBe(false);
    });

    it('leaves no process, cgroup, directory or mount behind once removed', async () => {
      const id = await run({ resources: { pids: 64, memoryMb: 128 } });
      // background processes, one in a session of its own, and an exec's leftover
      await sh(id, '(setsid sleep 300 &) ; (sleep 300 &) ; true');
      const cgroupsBefore = cgroupDirsOf(id);
      expect(cgroupsBefore.length).toBeGreaterThan(0);
      await driver.removeContainer(id, { force: true });
      const marked = readdirSync('/proc').filter((p) => {
        try {
          return /^\d+$/.test(p) && readFileSync(`/proc/${p}/environ`, 'latin1').includes(id);
        } catch {
          return false;
        }
      });
      expect(marked).toEqual([]);
      expect(existsSync(join(host.home, 'containers', id))).toBe(false);
      expect(cgroupDirsOf(id)).toEqual([]);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(id);
    });
  },
  { requireEnv: 'BERTH_REQUIRE_SANDBOX', hint: 'run bash scripts/install-bubblewrap.sh (as root)' },
);
