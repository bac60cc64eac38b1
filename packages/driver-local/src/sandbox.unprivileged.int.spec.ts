import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContainerSpec } from '@berth/core';
import { describeWhen } from '@berth/core/testing';
import { expect, it } from '@jest/globals';
import { LocalDriver } from './local-driver.js';
import { probeSandbox } from './sandbox/index.js';
import { useAttackHost } from './testing/attack-host.js';
import {
  type AttackResult,
  processAlive as alive,
  attackCommands,
  confinementViolations,
} from './testing/sandbox-attacks.js';

// The attacks of sandbox.int.spec.ts with the driver run by an unprivileged user: the BUILT package in a child
// process of uid 65534 (test-fixtures/run-in-container.mjs), so bwrap adds a user namespace. Needs root (to
// switch users) and `npm run build` (jest's `built` project runs it when the build is older than the sources).
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const support = probeSandbox();
const asRoot = process.getuid?.() === 0;
/** The unprivileged user the driver runs as. */
const NOBODY = 65534;

const builtDriver = join(pkgDir, 'dist', 'esm', 'index.js');
describeWhen(
  !support.usable
    ? support.reason
    : !asRoot
      ? 'switching to an unprivileged user needs root'
      : !existsSync(builtDriver)
        ? 'the package is not built (npm run build)'
        : null,
  `${LocalDriver.name} sandbox, run by an unprivileged user (uid ${NOBODY})`,
  () => {
    const host = useAttackHost({ name: 'berth-sandbox-nobody', secret: 'NOBODY-HOST-SECRET', uid: NOBODY });

    /** Runs the attacks with the built driver in a child process of uid 65534 (async: the pong server is ours). */
    const runAsNobody = async (
      spec: Partial<ContainerSpec>,
    ): Promise<{ isolation: string; results: Record<string, AttackResult> }> => {
      const input = JSON.stringify({ home: join(host.home, 'state'), spec, commands: attackCommands(host.targets) });
      const child = spawn(
        'setpriv',
        [
          `--reuid=${NOBODY}`,
          `--regid=${NOBODY}`,
          '--clear-groups',
          process.execPath,
          join(pkgDir, 'test-fixtures', 'run-in-container.mjs'),
        ],
        { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
      });
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString('utf8');
      });
      child.stdin.end(input);
      const code = await new Promise<number | null>((r) => child.on('close', r));
      if (code !== 0) throw new Error(`the unprivileged driver failed (${code}): ${err}`);
      return JSON.parse(out.trim().split('\n').pop() ?? '{}');
    };

    it('keeps exec away from host files, host processes and the host loopback', async () => {
      const { isolation, results } = await runAsNobody({});
      expect(isolation).toBe('process');
      expect(confinementViolations(results, host.targets)).toEqual([]);
      expect(results['connectLoopback']?.stdout).not.toContain('pong');
      expect(existsSync(join(host.hostDir, 'planted'))).toBe(false);
      expect(existsSync(join(tmpdir(), host.targets.tmpName))).toBe(false);
      expect(alive(host.targets.hostPid)).toBe(true);
    });

    it("reaches the host loopback with network: 'host'", async () => {
      const { results } = await runAsNobody({ network: 'host' });
      expect(results['connectLoopback']?.stdout).toBe('pong');
      expect(confinementViolations(results, host.targets)).toEqual([]);
    });
  },
  { requireEnv: 'BERTH_REQUIRE_SANDBOX', hint: 'run bash scripts/install-bubblewrap.sh, then npm run build' },
);
