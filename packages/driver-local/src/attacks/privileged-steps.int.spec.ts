import { describeWhen } from '@berth/core/testing';
import { expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';
import { probeSandbox } from '../sandbox/index.js';
import { useAttackedLocalDriver } from '../testing/attacked-local-driver.js';

// From the attacker's side, against what runs inside a container *before* the privilege drop: an exec enters the
// container's root with nsenter holding every capability of the (root) driver, then runs `/bin/sh` (to enter a
// working directory), `mkdir`, `chown` and `setpriv` there; a start runs bwrap's `/bin/sh` wrapper the same way.
// Code that chose any of those files (or the ELF interpreter and libraries they load) would run as full root on
// the host's kernel. Also: the host's global sysctls in /proc/sys, writable by uid 0 without capabilities.
const support = probeSandbox();
const asRoot = process.getuid?.() === 0;

/** Shell that records the capabilities it runs with into `/tmp/pwn`, then becomes `real` with the same argv. */
const recorder = (real: string): string =>
  `#!/usr/bin/bash\ngrep CapEff /proc/self/status >> /tmp/pwn\nexec ${real} "$@"\n`;

describeWhen(
  support.usable
    ? asRoot
      ? null
      : 'the driver does not run as root (these attacks aim at its capabilities)'
    : support.reason,
  `${LocalDriver.name} sandbox: code inside cannot choose what runs before the privilege drop`,
  () => {
    let driver: LocalDriver;
    const { run } = useAttackedLocalDriver({ name: 'berth-attack-priv', secret: 'PRIV-HOST-SECRET', uid: 0 }, (d) => {
      driver = d;
    });

    const sh = (id: string, script: string, workingDir?: string) =>
      driver.exec(id, { command: ['bash', '-c', script], ...(workingDir === undefined ? {} : { workingDir }) });
    /** The CapEff lines the planted programs recorded (none when they never ran). */
    const recorded = async (id: string): Promise<string[]> =>
      (await sh(id, 'cat /tmp/pwn 2>/dev/null')).stdout.split('\n').filter((l) => l.startsWith('CapEff'));
    const privileged = (lines: string[]): string[] => lines.filter((l) => !/CapEff:\s+0+$/.test(l));

    it("cannot move, remove or replace the host's top-level links (/bin, /lib64 …)", async () => {
      const id = await run();
      const r = await sh(
        id,
        'for d in /bin /sbin /lib /lib32 /lib64 /libx32; do [ -e $d ] || continue; ' +
          'mv $d $d.old 2>/dev/null && echo MOVED $d; rm $d 2>/dev/null && echo REMOVED $d; ' +
          'echo x > $d/berth-planted 2>/dev/null && echo WROTE $d; done; true',
      );
      expect(r.stdout).toBe('');
      expect((await sh(id, 'test -x /bin/sh && test -e /lib64 -o ! -e /usr/lib64')).exitCode).toBe(0);
    });

    it('runs no /bin/sh of its own with capabilities, in an exec or at the next start', async () => {
      const id = await run();
      // replace /bin by a directory of its own whose sh records its capabilities
      await sh(
        id,
        `mv /bin /bin.host 2>/dev/null || rm -rf /bin 2>/dev/null; mkdir -p /bin && cp -a /usr/bin/. /bin/ 2>/dev/null; ` +
          `printf '%s' '${recorder('/usr/bin/dash')}' > /bin/sh.new && chmod 755 /bin/sh.new && mv -f /bin/sh.new /bin/sh`,
      );
      // an exec in another directory goes through `/bin/sh` before setpriv
      expect((await sh(id, 'true', '/elsewhere')).exitCode).toBe(0);
      // a restart runs bwrap's wrapper, `/bin/sh`, with bwrap's capabilities
      await driver.stopContainer(id, { timeoutMs: 0 });
      await driver.startContainer(id);
      expect(privileged(await recorded(id))).toEqual([]);
    });

    it("runs no setpriv or mkdir of its own found through the spec's PATH", async () => {
      // a PATH naming a directory the container writes (a common spec: tools installed into the working tree)
      const id = await run({ env: { PATH: '/work/bin:/usr/sbin:/usr/bin:/sbin:/bin' } });
      for (const tool of ['setpriv', 'mkdir', 'chown']) {
        await driver.putFiles(id, [{ path: `/work/bin/${tool}`, content: recorder(`/usr/bin/${tool}`), mode: 0o755 }]);
      }
      // setpriv runs in every exec; mkdir when the exec's working directory is new
      expect((await sh(id, 'true', '/fresh/dir')).exitCode).toBe(0);
      expect((await sh(id, 'true')).exitCode).toBe(0);
      expect(privileged(await recorded(id))).toEqual([]);
    });

    it("cannot write the host's global sysctls through /proc/sys", async () => {
      const id = await run();
      // writes back the value it reads: harmless if it gets through, but it must not
      const r = await sh(
        id,
        'v=$(cat /proc/sys/kernel/printk_ratelimit) && echo "$v" > /proc/sys/kernel/printk_ratelimit',
      );
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(/Read-only file system/);
      const core = await sh(id, 'cat /proc/sys/kernel/core_pattern > /proc/sys/kernel/core_pattern');
      expect(core.exitCode).not.toBe(0);
    });
  },
  { requireEnv: 'BERTH_REQUIRE_SANDBOX', hint: 'run bash scripts/install-bubblewrap.sh (as root)' },
);
