import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceLimitError } from '@berth/core';
import { describeWhen } from '@berth/core/testing';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { MAX_EXEC_OUTPUT_BYTES } from '../exec/index.js';
import { LocalDriver } from '../local-driver.js';
import { probeSandbox } from '../sandbox/index.js';

// From the attacker's side: an exec's output is kept by the driver (the result's strings, output$'s replay), so a
// command inside a container that writes without end grew the driver's memory without bound (400 MB of output:
// 1.6 GB of driver RSS), whatever the container's own memory limit.
const support = probeSandbox();
const OVER = MAX_EXEC_OUTPUT_BYTES + 8 * 1024 * 1024;

describeWhen(
  support.usable ? null : support.reason,
  `${LocalDriver.name} sandbox: endless output from inside a container`,
  () => {
    let home: string;
    let driver: LocalDriver;
    let id: string;
    beforeEach(async () => {
      home = await mkdtemp(join(tmpdir(), 'berth-attack-output-'));
      driver = new LocalDriver({ home, isolation: 'process' });
      const c = await driver.createContainer({
        image: 'host',
        command: ['sleep', '120'],
        resources: { memoryMb: 64 },
      });
      await driver.startContainer(c.id);
      id = c.id;
    });
    afterEach(async () => {
      for (const c of await driver.listContainers({ state: ['created', 'running', 'exited', 'dead'] })) {
        await driver.removeContainer(c.id, { force: true });
      }
      await driver.dispose();
      await rm(home, { recursive: true, force: true });
    });

    it('exec: stops the command past MAX_EXEC_OUTPUT_BYTES with a ResourceLimitError; the container runs on', async () => {
      // endless: only the driver's bound stops it (the timeout is a backstop for a broken bound)
      const run = driver.exec(id, {
        command: ['sh', '-c', 'cat /dev/zero; echo; cat /dev/zero >&2'],
        timeoutMs: 120_000,
      });
      const err = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ResourceLimitError);
      expect(err).toMatchObject({ resource: 'exec output', limit: MAX_EXEC_OUTPUT_BYTES });
      expect((await driver.exec(id, { command: ['echo', 'still here'] })).stdout).toBe('still here\n');
    });

    it('execStream: errors output$ and rejects exit the same way', async () => {
      const handle = driver.execStream(id, { command: ['head', '-c', String(OVER), '/dev/zero'] });
      let streamed = 0;
      const outcome = new Promise<unknown>((resolve) => {
        handle.output$.subscribe({
          next: (c) => {
            streamed += c.data.length;
          },
          error: resolve,
          complete: () => resolve(null),
        });
      });
      await expect(handle.exit).rejects.toBeInstanceOf(ResourceLimitError);
      expect(await outcome).toBeInstanceOf(ResourceLimitError);
      expect(streamed).toBeLessThanOrEqual(MAX_EXEC_OUTPUT_BYTES);
    });
  },
  { requireEnv: 'BERTH_REQUIRE_SANDBOX', hint: 'run bash scripts/install-bubblewrap.sh' },
);
