import {
  BERTH_LABELS,
  type DriverEvent,
  DriverUnavailableError,
  ImageNotFoundError,
  type PullProgress,
  ValidationError,
} from '@berth/core';
import { collect, expectError } from '@berth/core/testing';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MockDriver } from './mock-driver.js';

let mock: MockDriver;

beforeEach(() => {
  mock = new MockDriver({ seed: 1 });
});

afterEach(async () => {
  await mock.dispose();
  jest.useRealTimers();
});

const run = async (command: string[], extra: { image?: string; env?: Record<string, string> } = {}) => {
  const c = await mock.createContainer({
    image: extra.image ?? 'busybox:latest',
    command,
    ...(extra.env ? { env: extra.env } : {}),
  });
  await mock.startContainer(c.id);
  return c;
};

describe(MockDriver.name, () => {
  describe('constructor', () => {
    /** Options the types forbid, as a caller without TypeScript could pass them. */
    const bad = (options: unknown) => options as never;

    it.each<[string, unknown, string[]]>([
      ['a NaN seed', { seed: Number.NaN }, ['seed']],
      ['a malformed image', { images: ['busybox', 'Not An Image'] }, ['images.1']],
      ['images that are not an array', { images: 'busybox' }, ['images']],
      ['an empty default command', { defaultCommand: [] }, ['defaultCommand']],
      ['a negative host memory', { hostMemoryBytes: -1 }, ['hostMemoryBytes']],
      ['an unknown option', { sede: 1 }, ['sede']],
      ['null', null, ['']],
    ])('throws ValidationError for %s', async (_what, options, paths) => {
      const err = await expectError(() => new MockDriver(bad(options)), ValidationError);
      expect(err.issues.map((i) => i.path)).toEqual(paths);
    });
  });

  describe('when called with malformed options', () => {
    it('rejects a negative stop timeout, a negative tail and an unknown state filter with ValidationError', async () => {
      const c = await run(['sleep', '60']);
      await expectError(() => mock.stopContainer(c.id, { timeoutMs: -1 }), ValidationError);
      await expectError(() => mock.getContainerLogs(c.id, { tail: -1 }), ValidationError);
      await expectError(() => mock.listContainers({ state: 'nope' as never }), ValidationError);
    });

    it('rejects null options with ValidationError instead of a TypeError', async () => {
      const c = await run(['sleep', '60']);
      await expectError(() => mock.stopContainer(c.id, null as never), ValidationError);
      await expectError(() => mock.getContainerLogs(c.id, null as never), ValidationError);
    });

    it('errors logs$ and stats$ with ValidationError', async () => {
      const c = await run(['sleep', '60']);
      await expectError(() => collect(mock.logs$(c.id, { tail: 1.5 })), ValidationError);
      await expectError(() => collect(mock.stats$(c.id, { intervalMs: 0 })), ValidationError);
    });

    it.each<[string, unknown, string[]]>([
      ['an unknown event type', { types: ['bogus'] }, ['types.0']],
      ['types that are not an array', { types: 'created' }, ['types']],
      ['labels that are not a record', { labels: 5 }, ['labels']],
      ['a numeric containerId', { containerId: 5 }, ['containerId']],
      ['null', null, ['']],
    ])('errors events$ with ValidationError for %s', async (_what, eventFilter, paths) => {
      const err = await expectError(() => collect(mock.events$(eventFilter as never)), ValidationError);
      expect(err.issues.map((i) => i.path)).toEqual(paths);
    });

    it('accepts a well-formed event filter', async () => {
      const seen: DriverEvent[] = [];
      const sub = mock.events$({ types: ['created'], labels: { team: 'a' } }).subscribe((e) => seen.push(e));
      try {
        const c = await mock.createContainer({ image: 'busybox', command: ['true'], labels: { team: 'a' } });
        expect(seen.map((e) => [e.type, e.containerId])).toEqual([['created', c.id]]);
      } finally {
        sub.unsubscribe();
      }
    });
  });

  describe('.createContainer', () => {
    it('gives seeded 64-hex ids, the same for the same seed', async () => {
      const other = new MockDriver({ seed: 1 });
      const a = await mock.createContainer({ image: 'busybox', command: ['true'] });
      const b = await other.createContainer({ image: 'busybox', command: ['true'] });
      expect(a.id).toMatch(/^[0-9a-f]{64}$/);
      expect(b.id).toBe(a.id);
      await other.dispose();
    });

    it('stores the session id as the berth.session label and reports resources', async () => {
      const c = await mock.createContainer({
        image: 'busybox',
        sessionId: 's1',
        resources: { memoryMb: 64, cpu: 0.5 },
      });
      expect(c.labels[BERTH_LABELS.session]).toBe('s1');
      expect(c.sessionId).toBe('s1');
      expect(c.resources).toEqual({ memoryMb: 64, cpu: 0.5 });
    });

    it('throws ImageNotFoundError for an image the registry does not know, until addImage', async () => {
      await expectError(() => mock.createContainer({ image: 'my-agent:1' }), ImageNotFoundError);
      mock.addImage('my-agent:1');
      expect((await mock.createContainer({ image: 'my-agent:1' })).image).toBe('my-agent:1');
    });
  });

  describe('.stopContainer', () => {
    it('ends a TERM-respecting process with 143', async () => {
      const c = await run(['sleep', '60']);
      await mock.stopContainer(c.id);
      expect((await mock.waitContainer(c.id)).exitCode).toBe(143);
    });

    it('kills a process that traps TERM with 137 after timeoutMs, in virtual time', async () => {
      jest.useFakeTimers();
      const c = await run(['sh', '-c', "trap '' TERM; sleep 60"]);
      await jest.advanceTimersByTimeAsync(0);
      let stopped = false;
      const stopping = mock.stopContainer(c.id, { timeoutMs: 5000 }).then(() => {
        stopped = true;
      });
      await jest.advanceTimersByTimeAsync(4999);
      expect(stopped).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await stopping;
      expect((await mock.waitContainer(c.id)).exitCode).toBe(137);
    });

    it('emits exited (with the code) then stopped', async () => {
      const events: DriverEvent[] = [];
      const subscription = mock.events$({ types: ['exited', 'stopped'] }).subscribe((e) => events.push(e));
      const c = await run(['sleep', '60']);
      await mock.stopContainer(c.id);
      subscription.unsubscribe();
      expect(events.map((e) => [e.type, e.exitCode])).toEqual([
        ['exited', 143],
        ['stopped', undefined],
      ]);
    });
  });

  describe('with fake timers', () => {
    it('finishes a sleep 3600 container instantly', async () => {
      jest.useFakeTimers();
      const c = await run(['sh', '-c', 'echo start; sleep 3600; echo end; exit 4']);
      const waiting = mock.waitContainer(c.id);
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect((await waiting).exitCode).toBe(4);
      expect(await mock.getContainerLogs(c.id)).toBe('start\nend\n');
    });

    it('emits stats$ every intervalMs and releases its timer on unsubscribe', async () => {
      jest.useFakeTimers();
      const c = await run(['sleep', 'infinity']);
      const samples: number[] = [];
      const subscription = mock.stats$(c.id, { intervalMs: 1000 }).subscribe((s) => samples.push(s.pids));
      await jest.advanceTimersByTimeAsync(3000);
      expect(samples).toHaveLength(4);
      const before = mock.pendingTimers;
      subscription.unsubscribe();
      expect(mock.pendingTimers).toBe(before - 1);
    });

    it('times out an exec in virtual time', async () => {
      jest.useFakeTimers();
      const c = await run(['sleep', 'infinity']);
      const result = mock.exec(c.id, { command: ['sleep', '100'], timeoutMs: 2000 });
      await jest.advanceTimersByTimeAsync(2000);
      expect(await result).toMatchObject({ exitCode: 137, timedOut: true });
    });
  });

  describe('.onExec', () => {
    it('scripts a command by name, with stdin and env, also inside sh -c', async () => {
      mock.onExec('python', ({ stdin, env, argv }) => ({
        exitCode: 2,
        stdout: `${argv[1]}:${stdin}:${env['MODE']}\n`,
      }));
      const c = await run(['sleep', 'infinity'], { env: { MODE: 'test' } });
      expect(await mock.exec(c.id, { command: ['python', 'x.py'], stdin: 'in' })).toMatchObject({
        exitCode: 2,
        stdout: 'x.py:in:test\n',
      });
      expect((await mock.exec(c.id, { command: ['sh', '-c', 'python y.py || echo failed'] })).stdout).toBe(
        'y.py::test\nfailed\n',
      );
    });

    it('matches an argv prefix, a RegExp and a predicate; the newest wins; the remover works', async () => {
      mock.onExec(['git', 'clone'], () => ({ stdout: 'prefix' }));
      mock.onExec(/^git status/, () => ({ stdout: 'regexp' }));
      const remove = mock.onExec(
        (argv) => argv.includes('--magic'),
        () => ({ stdout: 'predicate' }),
      );
      const c = await run(['sleep', 'infinity']);
      expect((await mock.exec(c.id, { command: ['git', 'clone', 'url'] })).stdout).toBe('prefix');
      expect((await mock.exec(c.id, { command: ['git', 'status', '--magic'] })).stdout).toBe('predicate');
      remove();
      expect((await mock.exec(c.id, { command: ['git', 'status', '--magic'] })).stdout).toBe('regexp');
    });

    it('streams what a handler writes and honours kill through its signal', async () => {
      mock.onExec('server', async ({ writeStdout, signal }) => {
        writeStdout('ready\n');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      });
      const c = await run(['sleep', 'infinity']);
      const handle = mock.execStream(c.id, { command: ['server'] });
      const first = await collect(handle.output$, { until: (chunks) => chunks.length >= 1 });
      expect(new TextDecoder().decode(first[0]?.data)).toBe('ready\n');
      await handle.kill();
      expect((await handle.exit).exitCode).toBe(137);
    });

    it('hands an interactive handler each stdin chunk as it is written, then null at EOF', async () => {
      const echoed: string[] = [];
      mock.onExec('repl', async ({ readStdinChunk, writeStdout }) => {
        for (let chunk = await readStdinChunk(); chunk !== null; chunk = await readStdinChunk()) {
          const text = new TextDecoder().decode(chunk);
          echoed.push(text);
          writeStdout(`got ${text}`);
        }
      });
      const c = await run(['sleep', 'infinity']);
      const handle = mock.execStream(c.id, { command: ['repl'] });
      await handle.write('a\n');
      const first = await collect(handle.output$, { until: (chunks) => chunks.length >= 1 });
      expect(new TextDecoder().decode(first[0]?.data)).toBe('got a\n'); // answered before stdin ended
      await handle.write('b\n');
      await handle.end();
      expect(await handle.exit).toMatchObject({ exitCode: 0, stdout: 'got a\ngot b\n' });
      expect(echoed).toEqual(['a\n', 'b\n']);
    });

    it('rejects the exec with the BerthError a handler throws', async () => {
      mock.onExec('explode', () => {
        throw new DriverUnavailableError('scripted outage');
      });
      const c = await run(['sleep', 'infinity']);
      await expectError(() => mock.exec(c.id, { command: ['explode'] }), DriverUnavailableError);
    });
  });

  describe('.onImage', () => {
    it('writes canned logs and exits with the scripted code', async () => {
      mock.onImage('crashy:1', { logs: ['booting', { stream: 'stderr', text: 'panic' }], exitCode: 3 });
      const c = await run(['anything'], { image: 'crashy:1' });
      expect((await mock.waitContainer(c.id)).exitCode).toBe(3);
      expect(await mock.getContainerLogs(c.id, { stderr: false })).toBe('booting\n');
      expect(await mock.getContainerLogs(c.id, { stdout: false })).toBe('panic\n');
    });

    it('scripts stats and execs of containers of the image', async () => {
      mock.onImage('agent:1', {
        stats: (_id, tick) => ({ cpuPercent: 10 + tick, memoryBytes: 1024, memoryLimitBytes: 4096 }),
        exec: [['whoami', () => ({ stdout: 'agent\n' })]],
      });
      const c = await run(['sleep', 'infinity'], { image: 'agent:1' });
      expect(await mock.getStats(c.id)).toMatchObject({ cpuPercent: 10, memoryPercent: 25 });
      expect((await mock.getStats(c.id)).cpuPercent).toBe(11);
      expect((await mock.exec(c.id, { command: ['whoami'] })).stdout).toBe('agent\n');
    });
  });

  describe('.calls', () => {
    it('records operation, args, time and outcome of every call', async () => {
      const c = await mock.createContainer({ image: 'busybox', command: ['true'] });
      await mock.startContainer(c.id);
      await mock.startContainer('nope').catch(() => undefined);
      const starts = mock.callsTo('startContainer');
      expect(starts.map((s) => [s.args[0], s.result])).toEqual([
        [c.id, 'ok'],
        ['nope', 'error'],
      ]);
      expect(starts[0]?.at).toBeInstanceOf(Date);
      expect(mock.calls.map((call) => call.operation)).toEqual(['createContainer', 'startContainer', 'startContainer']);
      mock.resetCalls();
      expect(mock.calls).toEqual([]);
    });
  });

  describe('.logs$', () => {
    it('follows until the container exits, then completes', async () => {
      jest.useFakeTimers();
      const c = await run(['sh', '-c', 'echo one; sleep 5; echo two >&2; sleep 5']);
      const lines: string[] = [];
      let completed = false;
      mock.logs$(c.id, { follow: true }).subscribe({
        next: (l) => lines.push(`${l.stream}:${l.text}`),
        complete: () => {
          completed = true;
        },
      });
      await jest.advanceTimersByTimeAsync(5000);
      expect(lines).toEqual(['stdout:one', 'stderr:two']);
      expect(completed).toBe(false);
      await jest.advanceTimersByTimeAsync(5000);
      expect(completed).toBe(true);
    });
  });

  describe('.putFiles', () => {
    it('is binary-safe and visible to cat and > in the mini shell', async () => {
      const c = await run(['sleep', 'infinity']);
      const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
      await mock.putFiles(c.id, [{ path: '/work/data.bin', content: bytes }]);
      expect(await mock.getFile(c.id, '/work/data.bin')).toEqual(bytes);
      await mock.exec(c.id, { command: ['sh', '-c', 'cat /work/data.bin > /work/copy.bin'] });
      expect(await mock.getFile(c.id, '/work/copy.bin')).toEqual(bytes);
    });
  });

  describe('.oomKill', () => {
    it('emits oom then exited 137 and reports oomKilled', async () => {
      const events: string[] = [];
      const subscription = mock.events$({ types: ['oom', 'exited'] }).subscribe((e) => events.push(e.type));
      const c = await run(['sleep', 'infinity']);
      await mock.oomKill(c.id);
      subscription.unsubscribe();
      expect(events).toEqual(['oom', 'exited']);
      expect(await mock.waitContainer(c.id)).toMatchObject({ exitCode: 137, oomKilled: true });
    });
  });

  describe('health checks', () => {
    it('turns healthy when the first probe, one interval after the start, passes and emits a health event', async () => {
      jest.useFakeTimers();
      const healthy: boolean[] = [];
      mock.events$({ types: ['health'] }).subscribe((e) => healthy.push(e.healthy === true));
      const c = await mock.createContainer({
        image: 'busybox',
        command: ['sleep', 'infinity'],
        healthcheck: { command: ['true'], intervalMs: 1000 },
      });
      await mock.startContainer(c.id);
      expect(await mock.isContainerHealthy(c.id)).toBe(false);
      await jest.advanceTimersByTimeAsync(999);
      expect(await mock.isContainerHealthy(c.id)).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(await mock.isContainerHealthy(c.id)).toBe(true);
      mock.setHealth(c.id, false);
      expect(await mock.isContainerHealthy(c.id)).toBe(false);
      expect(healthy).toEqual([true, false]);
    });
  });

  describe('.pullImage', () => {
    it('reports progress and adds the image to listImages', async () => {
      jest.useFakeTimers();
      mock.addImage('python:3.12');
      const progress: PullProgress[] = [];
      const pulling = mock.pullImage('python:3.12', { onProgress: (p) => progress.push(p) });
      await jest.advanceTimersByTimeAsync(100);
      await pulling;
      expect(progress.at(-1)?.status).toContain('Downloaded newer image');
      expect((await mock.listImages()).flatMap((i) => i.tags)).toContain('python:3.12');
    });
  });

  describe('.dispose', () => {
    it('clears every timer, completes streams and rejects pending waits', async () => {
      const c = await run(['sleep', '3600']);
      let completed = false;
      mock.stats$(c.id, { intervalMs: 100 }).subscribe({ complete: () => (completed = true) });
      const waiting = mock.waitContainer(c.id);
      expect(mock.pendingTimers).toBeGreaterThan(0);
      await mock.dispose();
      expect(mock.pendingTimers).toBe(0);
      expect(completed).toBe(true);
      await expectError(() => waiting, DriverUnavailableError);
      await expectError(() => mock.listContainers(), DriverUnavailableError);
    });
  });
});
