import type { ContainerInstance } from '../../contract/index.js';
import { describeWith } from '../capability-gate.js';
import type { ConformanceContext } from '../conformance-context.js';
import { collect } from '../helpers/collect.js';
import { describe, expect, it } from '../runner/index.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
const seq = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** Logs: order, stream separation, tail, timestamps, since, and logs$ with and without follow. */
export function logsCases(ctx: ConformanceContext): void {
  const { driver, timeoutMs } = ctx;
  /** Runs `script` to completion and returns the container. */
  const ran = async (script: string, extra = {}): Promise<ContainerInstance> => {
    const c = await ctx.run(['sh', '-c', script], extra);
    await driver.waitContainer(c.id);
    return c;
  };

  describe('getContainerLogs', () => {
    it(
      'keeps the order of 500 lines, exactly',
      async () => {
        const c = await ran('seq 1 500');
        expect(lines(await driver.getContainerLogs(c.id))).toEqual(seq(1, 500));
      },
      timeoutMs,
    );

    it(
      'includes stdout and stderr by default',
      async () => {
        const c = await ran('echo out; echo err >&2');
        expect(lines(await driver.getContainerLogs(c.id)).sort()).toEqual(['err', 'out']);
      },
      timeoutMs,
    );

    it(
      'omits stderr with { stderr: false }',
      async () => {
        const c = await ran('echo out; echo err >&2');
        expect(lines(await driver.getContainerLogs(c.id, { stderr: false }))).toEqual(['out']);
      },
      timeoutMs,
    );

    it(
      'omits stdout with { stdout: false }',
      async () => {
        const c = await ran('echo out; echo err >&2');
        expect(lines(await driver.getContainerLogs(c.id, { stdout: false }))).toEqual(['err']);
      },
      timeoutMs,
    );

    it(
      'returns only the last lines with tail',
      async () => {
        const c = await ran('seq 1 10');
        expect(lines(await driver.getContainerLogs(c.id, { tail: 3 }))).toEqual(['8', '9', '10']);
      },
      timeoutMs,
    );

    it(
      'prefixes each line with a parseable timestamp with { timestamps: true }',
      async () => {
        const c = await ran('echo alpha; echo beta');
        const got = lines(await driver.getContainerLogs(c.id, { timestamps: true }));
        expect(got).toHaveLength(2);
        for (const [i, line] of got.entries()) {
          const space = line.indexOf(' ');
          expect(space).toBeGreaterThan(0);
          expect(Number.isNaN(new Date(line.slice(0, space)).getTime())).toBe(false);
          expect(line.slice(space + 1)).toBe(i === 0 ? 'alpha' : 'beta');
        }
      },
      timeoutMs,
    );

    it(
      'returns nothing for since in the future',
      async () => {
        const c = await ran('echo hello');
        const since = new Date(Date.now() + 3_600_000);
        expect(lines(await driver.getContainerLogs(c.id, { since }))).toEqual([]);
      },
      timeoutMs,
    );

    it(
      'returns everything for since in the past',
      async () => {
        const since = new Date(Date.now() - 3_600_000);
        const c = await ran('echo hello');
        expect(lines(await driver.getContainerLogs(c.id, { since }))).toEqual(['hello']);
      },
      timeoutMs,
    );

    it(
      'keeps a last line that has no trailing newline',
      async () => {
        const c = await ran('echo first; echo -n last');
        expect(lines(await driver.getContainerLogs(c.id))).toEqual(['first', 'last']);
        const got = await collect(driver.logs$(c.id, { follow: false }));
        expect(got.map((l) => l.text)).toEqual(['first', 'last']);
      },
      timeoutMs,
    );

    it(
      'returns only the lines before until',
      async () => {
        const c = await ran('echo early; sleep 1; echo late');
        const stamped = lines(await driver.getContainerLogs(c.id, { timestamps: true }));
        const at = (text: string): number => {
          const line = stamped.find((l) => l.endsWith(` ${text}`)) ?? '';
          return new Date(line.slice(0, line.indexOf(' '))).getTime();
        };
        // Half-way between the two lines, about half a second from each.
        const until = new Date((at('early') + at('late')) / 2);
        expect(Number.isNaN(until.getTime())).toBe(false);
        expect(lines(await driver.getContainerLogs(c.id, { until }))).toEqual(['early']);
        const streamed = await collect(driver.logs$(c.id, { follow: false, until }));
        expect(streamed.map((l) => l.text)).toEqual(['early']);
      },
      timeoutMs,
    );

    it(
      'returns nothing for a container that never started',
      async () => {
        const c = await ctx.create(['echo', 'never']);
        expect(lines(await driver.getContainerLogs(c.id))).toEqual([]);
      },
      timeoutMs,
    );

    it(
      'passes spec.env to the main process',
      async () => {
        const c = await ran('echo $GREETING', { env: { GREETING: 'hello from env' } });
        expect(lines(await driver.getContainerLogs(c.id))).toEqual(['hello from env']);
      },
      timeoutMs,
    );
  });

  describeWith(ctx, 'main process working directory', ['isolation'], () => {
    it(
      'runs the main process in spec.workingDir, as pwd shows',
      async () => {
        const c = await ran('pwd', { workingDir: '/tmp' });
        expect(lines(await driver.getContainerLogs(c.id))).toEqual(['/tmp']);
      },
      timeoutMs,
    );
  });

  describe('logs$', () => {
    it(
      'completes with every line when follow is false',
      async () => {
        const c = await ran('seq 1 20');
        const got = await collect(driver.logs$(c.id, { follow: false }));
        expect(got.map((l) => l.text)).toEqual(seq(1, 20));
      },
      timeoutMs,
    );

    it(
      'emits LogLines with stream, text and timestamp',
      async () => {
        const c = await ran('echo out; echo err >&2');
        const got = await collect(driver.logs$(c.id, { follow: false }));
        expect(got).toHaveLength(2);
        for (const line of got) {
          expect(line.timestamp).toBeInstanceOf(Date);
          expect(Number.isNaN(line.timestamp.getTime())).toBe(false);
        }
        expect(got.find((l) => l.text === 'out')?.stream).toBe('stdout');
        expect(got.find((l) => l.text === 'err')?.stream).toBe('stderr');
      },
      timeoutMs,
    );

    it(
      'honours tail',
      async () => {
        const c = await ran('seq 1 10');
        const got = await collect(driver.logs$(c.id, { follow: false, tail: 2 }));
        expect(got.map((l) => l.text)).toEqual(['9', '10']);
      },
      timeoutMs,
    );

    it(
      'follows a running container and completes when it exits',
      async () => {
        const c = await ctx.run(['sh', '-c', 'echo started; sleep 1; echo done']);
        const got = await collect(driver.logs$(c.id, { follow: true }));
        expect(got.map((l) => l.text)).toEqual(['started', 'done']);
      },
      timeoutMs,
    );

    it(
      'completes at once when following an exited container',
      async () => {
        const c = await ran('echo only');
        const got = await collect(driver.logs$(c.id, { follow: true }));
        expect(got.map((l) => l.text)).toEqual(['only']);
      },
      timeoutMs,
    );
  });
}
