import type { LogLine, OutputChunk, StatsSample } from '@berth/core';
import { ContainerConflictError } from '@berth/core';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { DockerDriver } from './docker-driver.js';
import { useDockerTestDriver } from './testing/docker-test-driver.js';
import { describeDocker } from './testing/docker-test-gate.js';
import type { DockerTestRun } from './testing/docker-test-run.js';

const IMAGE = 'berth/busybox:latest';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

await describeDocker(`${DockerDriver.name} streams`, () => {
  let driver: DockerDriver;
  let run: DockerTestRun;
  useDockerTestDriver((connected) => ({ driver, run } = connected));

  async function running(command: string[], extra: { tty?: boolean } = {}): Promise<string> {
    const c = await driver.createContainer({ image: IMAGE, command, labels: run.labels, ...extra });
    await driver.startContainer(c.id);
    return c.id;
  }

  describe('.logs$', () => {
    it('delivers 200k lines complete and in order to a slow consumer', async () => {
      const id = await running(['sh', '-c', 'seq 1 200000; echo done >&2']);
      await driver.waitContainer(id);
      let expected = 1;
      let outOfOrder = 0;
      let stderr: string[] = [];
      let count = 0;
      await new Promise<void>((resolve, reject) => {
        driver.logs$(id, { follow: true }).subscribe({
          next: (line: LogLine) => {
            if (line.stream === 'stderr') {
              stderr = [...stderr, line.text];
              return;
            }
            if (line.text !== String(expected)) outOfOrder++;
            expected++;
            count++;
            // a slow consumer: block the event loop now and then; the socket fills up meanwhile
            if (count % 50_000 === 0) {
              const until = Date.now() + 200;
              while (Date.now() < until) {
                // busy wait
              }
            }
          },
          error: reject,
          complete: resolve,
        });
      });
      expect(count).toBe(200_000);
      expect(outOfOrder).toBe(0);
      expect(stderr).toEqual(['done']);
    }, 120_000);

    it('splits stdout/stderr and parses the engine timestamps', async () => {
      const before = Date.now() - 5_000;
      const id = await running(['sh', '-c', 'echo out; echo err >&2']);
      await driver.waitContainer(id);
      const lines = await lastValueFrom(driver.logs$(id).pipe(toArray()));
      expect(lines.map((l) => [l.stream, l.text]).sort()).toEqual([
        ['stderr', 'err'],
        ['stdout', 'out'],
      ]);
      for (const l of lines) {
        expect(l.timestamp.getTime()).toBeGreaterThan(before);
        expect(l.timestamp.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
      }
      const text = await driver.getContainerLogs(id, { timestamps: true, stderr: false });
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z out\n$/);
    });

    it('reads TTY logs raw (one stream, no frame headers)', async () => {
      const id = await running(['sh', '-c', 'echo tty-out; echo tty-err >&2'], { tty: true });
      await driver.waitContainer(id);
      const lines = await lastValueFrom(driver.logs$(id).pipe(toArray()));
      expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:tty-out', 'stdout:tty-err']);
    });
  });

  describe('.stats$', () => {
    it('samples from one streaming request, with sane numbers', async () => {
      const id = await running(['sh', '-c', 'while true; do :; done']);
      // count the HTTP requests to the stats endpoint
      const modem = driver.docker.modem as { dial: (options: { path?: string }, cb: unknown) => unknown };
      const dial = modem.dial.bind(modem);
      const statsRequests: string[] = [];
      modem.dial = (options, cb) => {
        if (options.path?.includes('/stats') === true) statsRequests.push(options.path);
        return dial(options, cb);
      };
      try {
        const samples: StatsSample[] = await firstValueFrom(driver.stats$(id).pipe(take(3), toArray()));
        expect(statsRequests).toHaveLength(1);
        for (const s of samples) {
          expect(Number.isFinite(s.cpuPercent)).toBe(true);
          expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
          expect(s.memoryBytes).toBeGreaterThan(0);
          expect(s.pids).toBeGreaterThanOrEqual(1);
        }
        // a busy loop: the later samples see CPU use
        expect(samples[2]?.cpuPercent).toBeGreaterThan(1);
      } finally {
        modem.dial = dial;
      }
    }, 30_000);

    it('getStats reports CPU, memory and limit of a running container', async () => {
      const c = await driver.createContainer({
        image: IMAGE,
        command: ['sleep', '30'],
        labels: run.labels,
        resources: { memoryMb: 32 },
      });
      await driver.startContainer(c.id);
      const s = await driver.getStats(c.id);
      expect(s.memoryLimitBytes).toBe(32 * 1024 * 1024);
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
    });
  });

  describe('.exec', () => {
    it('pipes stdin and half-closes it', async () => {
      const id = await running(['sleep', '30']);
      const r = await driver.exec(id, { command: ['cat'], stdin: 'line1\nline2\n' });
      expect(r).toMatchObject({ exitCode: 0, stdout: 'line1\nline2\n', timedOut: false });
    });

    it('kills the whole process tree on timeout', async () => {
      const id = await running(['sleep', '60']);
      const r = await driver.exec(id, {
        command: ['sh', '-c', "trap '' TERM; sleep 50 & sleep 51; wait"],
        timeoutMs: 500,
      });
      expect(r.timedOut).toBe(true);
      expect(r.exitCode).toBe(137);
      const ps = await driver.exec(id, { command: ['ps', '-o', 'args'] });
      expect(ps.stdout).not.toMatch(/sleep 5[01]/);
    });

    it('streams demultiplexed output and accepts stdin through the handle', async () => {
      const id = await running(['sleep', '30']);
      const handle = driver.execStream(id, { command: ['sh', '-c', 'read x; echo "got $x"; echo e >&2'] });
      const chunks: OutputChunk[] = [];
      handle.output$.subscribe((c) => chunks.push(c));
      await handle.write('hello\n');
      await handle.end();
      const result = await handle.exit;
      expect(result).toMatchObject({ exitCode: 0, stdout: 'got hello\n', stderr: 'e\n' });
      const text = (s: string): string =>
        chunks
          .filter((c) => c.stream === s)
          .map((c) => new TextDecoder().decode(c.data))
          .join('');
      expect([text('stdout'), text('stderr')]).toEqual(['got hello\n', 'e\n']);
    });

    it('kill() ends a running command', async () => {
      const id = await running(['sleep', '60']);
      const handle = driver.execStream(id, { command: ['sleep', '55'] });
      await sleep(200);
      await handle.kill();
      expect((await handle.exit).exitCode).toBe(137);
    });

    it('throws ContainerConflictError in a stopped container', async () => {
      const c = await driver.createContainer({ image: IMAGE, command: ['true'], labels: run.labels });
      await expect(driver.exec(c.id, { command: ['true'] })).rejects.toThrow(ContainerConflictError);
    });
  });

  describe('files', () => {
    it('round-trips every byte value and creates parent directories without touching existing ones', async () => {
      const id = await running(['sleep', '30']);
      const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      await driver.putFiles(id, [{ path: '/tmp/a/b/c/bin.dat', content: bytes, mode: 0o600 }]);
      expect(Buffer.from(await driver.getFile(id, '/tmp/a/b/c/bin.dat')).equals(Buffer.from(bytes))).toBe(true);
      const modes = await driver.exec(id, {
        command: ['stat', '-c', '%a %n', '/tmp', '/tmp/a/b', '/tmp/a/b/c/bin.dat'],
      });
      expect(modes.stdout).toBe('1777 /tmp\n755 /tmp/a/b\n600 /tmp/a/b/c/bin.dat\n');
    });

    it('works on a stopped container', async () => {
      const c = await driver.createContainer({ image: IMAGE, command: ['true'], labels: run.labels });
      await driver.putFiles(c.id, [{ path: '/srv/x.txt', content: 'stopped' }]);
      expect(new TextDecoder().decode(await driver.getFile(c.id, '/srv/x.txt'))).toBe('stopped');
    });
  });
});
