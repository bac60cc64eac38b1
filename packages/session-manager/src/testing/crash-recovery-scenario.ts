import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContainerDriver } from '@berth/core';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SessionManager } from '../manager/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'fixtures', 'crash-child.mjs');
const BUILT = join(here, '..', '..', 'dist', 'esm', 'index.js');

interface ChildReport {
  ownerId: string;
  sessions: { id: string; containerId: string; fromWarmPool: boolean }[];
  containerIds: string[];
}

/** Runs the crash child with `args`, waits for its report line, then SIGKILLs it. */
async function runAndKillChild(args: Record<string, unknown>): Promise<ChildReport> {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const report = await new Promise<ChildReport>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as ChildReport);
    });
    void exited.then((code) => reject(new Error(`crash child exited early (${code}): ${err}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return report;
}

/**
 * A manager in a separate node process creates sessions and a warm pool and is killed with SIGKILL; a
 * new manager on a new driver instance must find and remove every container it left, from labels alone.
 */
export function runCrashRecoveryScenario(
  name: string,
  makeDriver: () => ContainerDriver,
  childArgs: Record<string, unknown>,
): void {
  describe(`${SessionManager.name} crash recovery on ${name}`, () => {
    const label = `crash-${Date.now().toString(36)}`;
    let driver: ContainerDriver | undefined;

    afterAll(async () => {
      if (driver === undefined) return;
      const left = await driver.listContainers({ labels: { 'test.run': label } });
      await Promise.all(left.map((c) => driver?.removeContainer(c.id, { force: true }).catch(() => undefined)));
      await driver.dispose();
    });

    it('finds and removes every container of a killed manager', async () => {
      expect(existsSync(BUILT)).toBe(true); // run `npm run build` first: the child imports packages/*/dist
      const report = await runAndKillChild({ ...childArgs, label, sessions: 2 });
      expect(report.containerIds.length).toBeGreaterThanOrEqual(3); // 2 sessions + 1 pool container
      driver = makeDriver();
      const before = await driver.listContainers({ labels: { 'test.run': label } });
      expect(before.map((c) => c.id).sort()).toEqual([...report.containerIds].sort());
      const manager = new SessionManager(driver);
      const recovery = await manager.start();
      expect(recovery.reaped.map((r) => r.containerId).sort()).toEqual(
        expect.arrayContaining([...report.containerIds].sort()),
      );
      expect(
        new Set(recovery.reaped.filter((r) => report.containerIds.includes(r.containerId)).map((r) => r.reason)),
      ).toEqual(new Set(['owner-gone']));
      await manager.dispose();
      const after = await driver.listContainers({ labels: { 'test.run': label } });
      expect(after.filter((c) => c.state !== 'removed')).toEqual([]);
    }, 120_000);
  });
}
