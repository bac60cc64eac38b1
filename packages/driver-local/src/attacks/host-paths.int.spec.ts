import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describeWhen } from '@berth/core/testing';
import { expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';
import { probeSandbox } from '../sandbox/index.js';
import { StateLayout } from '../state/state-layout.js';
import { useAttackedLocalDriver } from '../testing/attacked-local-driver.js';

// From the attacker's side: the host paths of the driver's state (the rootfs, the volumes, the run directory) must
// not be readable in the environment or argv of any process of the sandbox — pid 1 (bwrap's init, a fork of bwrap)
// used to carry `--bind <host rootfs> /` in its cmdline and PWD=<host rootfs> in its environ; knowing that path
// is what lets an env variable (LD_PRELOAD …) aim at the container's files from the host side. (Mount sources in
// /proc/self/mountinfo are a known leak left, see the README.)
const support = probeSandbox();
const asRoot = process.getuid?.() === 0;

/** Every process in the PID namespace of host pid `init`, with its environ and cmdline (read from the host). */
function sandboxProcesses(init: number): { pid: number; environ: string; cmdline: string }[] {
  const ns = readlinkSync(`/proc/${init}/ns/pid`);
  const out: { pid: number; environ: string; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!(pid > 0)) continue;
    try {
      if (readlinkSync(`/proc/${pid}/ns/pid`) !== ns) continue;
      const read = (f: string): string => readFileSync(`/proc/${pid}/${f}`, 'utf8').replaceAll('\0', ' ');
      out.push({ pid, environ: read('environ'), cmdline: read('cmdline') });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describeWhen(
  support.usable ? (asRoot ? null : 'the driver does not run as root') : support.reason,
  `${LocalDriver.name} sandbox: no host path of the driver's state in the sandbox's processes`,
  () => {
    let driver: LocalDriver;
    const { host, run } = useAttackedLocalDriver(
      { name: 'berth-attack-paths', secret: 'PATHS-SECRET', uid: 0 },
      (d) => {
        driver = d;
      },
    );

    it('shows no host path in the environ or cmdline of any process of the sandbox (pid 1, main, exec)', async () => {
      const id = await run({
        volumes: [{ type: 'volume', source: `paths-${process.pid}`, target: '/data' }],
        workingDir: '/work/dir',
        extraHosts: ['db:10.0.0.2'],
      });
      const exec = driver.execStream(id, { command: ['sleep', '30'], workingDir: '/other' });
      try {
        // inside: what the container itself can read of its processes
        const inside = await driver.exec(id, {
          command: ['sh', '-c', 'for p in /proc/[0-9]*; do cat $p/cmdline $p/environ 2>/dev/null; echo; done'],
        });
        expect(inside.stdout).toContain('sleep');
        expect(inside.stdout).not.toContain(host.home);
        // from the host: everything in the sandbox's PID namespace, also what the container may not read (pid 1's
        // environ), as a container given CAP_SYS_PTRACE could
        const state = JSON.parse(readFileSync(new StateLayout(host.home).stateFile(id), 'utf8')) as { pid: number };
        const procs = sandboxProcesses(state.pid);
        expect(procs.map((p) => p.cmdline).some((c) => c.startsWith('sleep 30'))).toBe(true);
        const leaks = procs.filter((p) => p.environ.includes(host.home) || p.cmdline.includes(host.home));
        expect(leaks).toEqual([]);
      } finally {
        await exec.kill();
      }
    });
  },
  { requireEnv: 'BERTH_REQUIRE_SANDBOX', hint: 'run bash scripts/install-bubblewrap.sh (as root)' },
);
