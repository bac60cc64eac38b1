import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContainerSpec } from '@berth/core';
import { describeWhen } from '@berth/core/testing';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { LocalDriver } from './local-driver.js';
import { probeSandbox } from './sandbox/index.js';
import {
  type AttackResult,
  type AttackTargets,
  processAlive as alive,
  attackCommands,
  confinementViolations,
  hostSleeper,
  pongServer,
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
    let home: string;
    let hostDir: string;
    let service: { server: Server; port: number };
    let sleeper: ChildProcess;
    let targets: AttackTargets;
    const tmpName = `berth-sandbox-nobody-${process.pid}-${Date.now()}`;

    beforeAll(async () => {
      service = await pongServer();
    });
    afterAll(async () => {
      await new Promise((r) => service.server.close(r));
    });
    beforeEach(async () => {
      home = await mkdtemp(join(tmpdir(), 'berth-sandbox-nobody-'));
      hostDir = await mkdtemp(join(tmpdir(), 'berth-sandbox-nobody-host-'));
      // everything belongs to the unprivileged user: on the host it could read, write and kill all of it
      const secretFile = join(hostDir, 'secret');
      await writeFile(secretFile, 'NOBODY-HOST-SECRET\n', { mode: 0o600 });
      for (const p of [home, hostDir, secretFile]) await chown(p, NOBODY, NOBODY);
      await chmod(hostDir, 0o700);
      sleeper = hostSleeper(NOBODY);
      targets = {
        secretFile,
        secret: 'NOBODY-HOST-SECRET',
        hostDir,
        tmpName,
        hostPid: sleeper.pid ?? 0,
        port: service.port,
      };
    });
    afterEach(async () => {
      sleeper.kill('SIGKILL');
      await rm(home, { recursive: true, force: true });
      await rm(hostDir, { recursive: true, force: true });
      await rm(join(tmpdir(), tmpName), { force: true });
    });

    /** Runs the attacks with the built driver in a child process of uid 65534 (async: the pong server is ours). */
    const runAsNobody = async (
      spec: Partial<ContainerSpec>,
    ): Promise<{ isolation: string; results: Record<string, AttackResult> }> => {
      const input = JSON.stringify({ home: join(home, 'state'), spec, commands: attackCommands(targets) });
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
      expect(confinementViolations(results, targets)).toEqual([]);
      expect(results['connectLoopback']?.stdout).not.toContain('pong');
      expect(existsSync(join(hostDir, 'planted'))).toBe(false);
      expect(existsSync(join(tmpdir(), tmpName))).toBe(false);
      expect(alive(targets.hostPid)).toBe(true);
    });

    it("reaches the host loopback with network: 'host'", async () => {
      const { results } = await runAsNobody({ network: 'host' });
      expect(results['connectLoopback']?.stdout).toBe('pong');
      expect(confinementViolations(results, targets)).toEqual([]);
    });
  },
  { requireEnv: 'BERTH_REQUIRE_SANDBOX', hint: 'run bash scripts/install-bubblewrap.sh, then npm run build' },
);
