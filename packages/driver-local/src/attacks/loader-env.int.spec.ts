import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeWhen } from '@berth/core/testing';
import { beforeAll, expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';
import { probeSandbox } from '../sandbox/index.js';
import { useAttackedLocalDriver } from '../testing/attacked-local-driver.js';
import {
  buildLoaderAttackLibs,
  type LoaderAttackLibs,
  loaderAttackUnavailable,
  privilegedLines,
  unprivilegedLines,
} from '../testing/loader-attack.js';

// From the attacker's side, against the loader: a container's env (spec or exec) naming LD_PRELOAD, LD_AUDIT or
// LD_LIBRARY_PATH used to reach every step of the sandbox's wrapper — the cgroup wrapper and bwrap on the host, the
// `cd` wrapper, mkdir and setpriv inside — all running with every capability of the (root) driver, before the drop.
// The attacker's library records the capabilities of each process that loads it (see testing/loader-attack.ts):
// no line may show any. The env must still reach the container's command (a Python agent sets LD_LIBRARY_PATH).
const support = probeSandbox();
const asRoot = process.getuid?.() === 0;

describeWhen(
  support.usable
    ? asRoot
      ? loaderAttackUnavailable()
      : 'the driver does not run as root (these attacks aim at its capabilities)'
    : support.reason,
  `${LocalDriver.name} sandbox: loader variables of a container reach its command only, after the privilege drop`,
  () => {
    let driver: LocalDriver;
    const { host } = useAttackedLocalDriver({ name: 'berth-attack-loader', secret: 'LOADER-SECRET', uid: 0 }, (d) => {
      driver = d;
    });
    let libs: LoaderAttackLibs;
    beforeAll(() => {
      libs = buildLoaderAttackLibs();
    }, 60_000);

    const volume = `loader-${process.pid}`;
    /** The volume's directory on the host: a path the attacker can name (unlike its rootfs, whose id comes later). */
    const volumeOnHost = (): string => join(host.home, 'volumes', volume, 'data');
    /** Creates a container with `env` and the volume at /vol, plants `files` in it, starts it; its id. */
    const planted = async (env: Record<string, string>, files: Record<string, Uint8Array>): Promise<string> => {
      const c = await driver.createContainer({
        image: 'host',
        command: ['sleep', '60'],
        env,
        volumes: [{ type: 'volume', source: volume, target: '/vol' }],
      });
      await driver.putFiles(
        c.id,
        Object.entries(files).map(([path, content]) => ({ path, content, mode: 0o755 })),
      );
      await driver.startContainer(c.id);
      return c.id;
    };
    const pwn = async (): Promise<string> => readFile(join(volumeOnHost(), 'pwn'), 'utf8').catch(() => '');

    it('runs no LD_PRELOAD library of the spec with capabilities, in the start or an exec, by container or host path', async () => {
      // the container path for the steps inside the sandbox, the host path for those outside (cgroup wrapper, bwrap)
      const id = await planted({ LD_PRELOAD: `/vol/evil.so ${volumeOnHost()}/evil.so` }, { '/vol/evil.so': libs.evil });
      expect((await driver.exec(id, { command: ['true'], workingDir: '/fresh' })).exitCode).toBe(0);
      await driver.restartContainer(id, { timeoutMs: 0 });
      expect((await driver.exec(id, { command: ['true'] })).exitCode).toBe(0);
      const lines = await pwn();
      expect(privilegedLines(lines)).toEqual([]);
      // and the container's own processes still got it: the main process (both starts) and the execs
      expect(unprivilegedLines(lines).filter((l) => l.endsWith(' sleep')).length).toBeGreaterThanOrEqual(2);
      expect(unprivilegedLines(lines).filter((l) => l.endsWith(' true')).length).toBeGreaterThanOrEqual(2);
    });

    it("runs no LD_AUDIT or LD_PRELOAD library of an exec's env with capabilities", async () => {
      const id = await planted({}, { '/vol/evil.so': libs.evil });
      const r = await driver.exec(id, {
        command: ['cat', '/proc/self/status'],
        env: { LD_AUDIT: '/vol/evil.so', LD_PRELOAD: `/vol/evil.so:${volumeOnHost()}/evil.so` },
        workingDir: '/elsewhere',
      });
      expect(r.exitCode).toBe(0);
      const lines = await pwn();
      expect(privilegedLines(lines)).toEqual([]);
      expect(unprivilegedLines(lines).some((l) => l.includes(' audit ') && l.endsWith(' cat'))).toBe(true);
      expect(unprivilegedLines(lines).some((l) => l.includes(' ctor ') && l.endsWith(' cat'))).toBe(true);
    });

    it("loads no library of the spec's LD_LIBRARY_PATH into setpriv while it holds capabilities, yet the command gets the path", async () => {
      // a libcap-ng.so.0 of the container's (setpriv links libcap-ng) that records, then defers to the real one
      const id = await planted(
        { LD_LIBRARY_PATH: `/vol:${volumeOnHost()}` },
        { '/vol/libcap-ng.so.0': libs.fakeCapNg, '/vol/libcapreal.so': libs.realCapNg },
      );
      expect((await driver.exec(id, { command: ['printenv', 'LD_LIBRARY_PATH'] })).stdout).toBe(
        `/vol:${volumeOnHost()}\n`,
      );
      // the container's own setpriv (no capability left to it) does load the container's library
      const dump = await driver.exec(id, { command: ['setpriv', '--dump'], workingDir: '/new' });
      expect(dump).toMatchObject({ exitCode: 0 });
      const lines = await pwn();
      expect(privilegedLines(lines)).toEqual([]);
      expect(unprivilegedLines(lines).some((l) => l.endsWith(' setpriv'))).toBe(true);
    });

    it('refuses an env name the last step cannot pass on, naming the field', async () => {
      await expect(
        driver.createContainer({ image: 'host', command: ['true'], env: { 'my.var': 'x' } }),
      ).rejects.toMatchObject({ code: 'BERTH_VALIDATION', issues: [expect.objectContaining({ path: 'env.my.var' })] });
    });
  },
  {
    requireEnv: 'BERTH_REQUIRE_SANDBOX',
    hint: 'run bash scripts/install-bubblewrap.sh (as root) and install a C compiler',
  },
);
