import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWhen } from '@berth/core/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalDriver } from '../../local-driver.js';
import { probeSandbox } from '../sandbox-probe.js';
import { DENIED_SYSCALLS } from './denied-syscalls.js';

// From the attacker's side: a process in a sandboxed container (its main process, then an exec) makes the syscalls
// the default filter refuses, with python3's ctypes (the host's /usr is the container's), and reports each errno.
const support = probeSandbox();
const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : null;
const skip = !support.usable ? support.reason : arch === null ? `no seccomp filter for ${process.arch}` : null;

const PROBED = ['keyctl', 'add_key', 'unshare', 'setns', 'mount', 'bpf', 'perf_event_open', 'userfaultfd'] as const;
const nrs = Object.fromEntries(PROBED.map((n) => [n, DENIED_SYSCALLS[n][arch ?? 'x86_64']]));
const CLONE_NEWUSER = 0x10000000;
/** Prints `{"seccomp": <mode>, "<syscall>": <errno or 0>, …, "fork": 0, "newuser": <errno>}`. */
const PROBE = `
import ctypes, json, os
libc = ctypes.CDLL(None, use_errno=True)
out = {"seccomp": int(open("/proc/self/status").read().split("Seccomp:")[1].split()[0])}
for name, nr in json.loads(${JSON.stringify(JSON.stringify(nrs))}).items():
    ctypes.set_errno(0)
    r = libc.syscall(nr, ${CLONE_NEWUSER}, 0, 0, 0, 0)
    out[name] = 0 if r >= 0 else ctypes.get_errno()
pid = os.fork()
if pid == 0:
    os._exit(0)
out["fork"] = os.waitpid(pid, 0)[1]
out["newuser"] = 0 if os.system("unshare -U true 2>/dev/null") == 0 else 1
print(json.dumps(out), flush=True)
`;
const EPERM = 1;
const refused = { seccomp: 2, ...Object.fromEntries(PROBED.map((n) => [n, EPERM])), fork: 0, newuser: 1 };

describeWhen(skip, `${LocalDriver.name} seccomp filter, from inside a container`, () => {
  let home: string;
  let driver: LocalDriver | undefined;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-seccomp-'));
  });
  afterEach(async () => {
    if (driver !== undefined) {
      for (const c of await driver.listContainers()) await driver.removeContainer(c.id, { force: true });
      await driver.dispose();
      driver = undefined;
    }
    await rm(home, { recursive: true, force: true });
  });

  /** Runs the probe as the main process (then sleeps) and in an exec; returns both reports. */
  const probe = async (seccomp?: boolean): Promise<{ main: unknown; exec: unknown }> => {
    const d = new LocalDriver({ home, isolation: 'process', ...(seccomp === undefined ? {} : { seccomp }) });
    driver = d;
    const c = await d.createContainer({
      image: 'host',
      command: ['sh', '-c', 'python3 -c "$0" > /tmp/main.json; sleep 60', PROBE],
    });
    await d.startContainer(c.id);
    let main = '';
    for (let i = 0; i < 200 && main === ''; i += 1) {
      const r = await d.exec(c.id, { command: ['sh', '-c', 'cat /tmp/main.json 2>/dev/null; true'] });
      main = r.stdout.trim();
      if (main === '') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const exec = await d.exec(c.id, { command: ['python3', '-c', PROBE], timeoutMs: 20_000 });
    expect(exec.stderr).toBe('');
    return { main: JSON.parse(main), exec: JSON.parse(exec.stdout) };
  };

  describe('by default', () => {
    it('refuses the denied syscalls with EPERM in the main process and in an exec; fork, sh and python3 work', async () => {
      const { main, exec } = await probe();
      expect(main).toEqual(refused);
      expect(exec).toEqual(refused);
    }, 60_000);
  });

  describe('with seccomp: false', () => {
    it('installs no filter in the main process nor in an exec', async () => {
      const { main, exec } = await probe(false);
      expect(main).toMatchObject({ seccomp: 0, fork: 0 });
      expect(exec).toMatchObject({ seccomp: 0, fork: 0 });
      expect((main as Record<string, number>)['keyctl']).not.toBe(EPERM);
    }, 60_000);
  });
});
