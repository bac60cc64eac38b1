import { hostname } from 'node:os';
import { BERTH_LABELS, SessionLimitError, SessionNotFoundError, ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { jest } from '@jest/globals';
import { firstValueFrom, take, toArray } from 'rxjs';
import { ContextNotFoundError, SessionDeadError } from '../errors/index.js';
import type { SessionEvent } from '../session/index.js';
import { SessionManager } from './session-manager.js';

const IMAGE = 'berth/runtime:bookworm';
const deadOwner = `${hostname()}:999999:dead`;

function newMock(): MockDriver {
  const mock = new MockDriver({ images: [IMAGE, 'busybox:latest'] });
  mock.onExec('python3', async ({ argv, container, cwd }) => {
    const code = new TextDecoder().decode(await mock.getFile(container.id, `${cwd}/${argv[1]}`));
    return { stdout: `python ran: ${code}\n` };
  });
  return mock;
}

/** A promise the test settles. */
function deferred(): { promise: Promise<undefined>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<undefined>((r) => {
    resolve = () => r(undefined);
  });
  return { promise, resolve };
}

describe(SessionManager.name, () => {
  let mock: MockDriver;
  let manager: SessionManager;

  beforeEach(() => {
    mock = newMock();
    manager = new SessionManager(mock);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await manager.dispose();
    await mock.dispose();
  });

  describe('constructor', () => {
    it('throws ValidationError for bad options', () => {
      expect(() => new SessionManager(mock, { maxSessions: -1 })).toThrow(ValidationError);
      expect(() => new SessionManager(mock, { labels: { 'berth.session': 'x' } })).toThrow(ValidationError);
    });
  });

  describe('.createSession', () => {
    it('creates, starts and probes a labelled container, then reports ready', async () => {
      const events: SessionEvent[] = [];
      manager.events$.subscribe((e) => events.push(e));
      const s = await manager.createSession({ agentType: 'python' });
      expect(s).toMatchObject({
        status: 'ready',
        agentType: 'python',
        image: IMAGE,
        fromWarmPool: false,
        driver: 'mock',
      });
      const c = await mock.getContainer(s.containerId);
      expect(c?.state).toBe('running');
      expect(c?.labels).toMatchObject({
        [BERTH_LABELS.managed]: 'true',
        [BERTH_LABELS.session]: s.id,
        [BERTH_LABELS.owner]: manager.ownerId,
        [BERTH_LABELS.created]: s.createdAt.toISOString(),
        [BERTH_LABELS.expires]: s.expiresAt.toISOString(),
        'berth.agentType': 'python',
        'berth.pool': 'false',
      });
      const probe = mock.callsTo('exec').map((call) => call.args[1]);
      expect(probe).toContainEqual(expect.objectContaining({ command: ['true'] }));
      expect(events.map((e) => e.type)).toEqual(['created', 'ready']);
    });

    it('applies the safe security defaults', async () => {
      await manager.createSession({ agentType: 'python' });
      const [spec] = mock.callsTo('createContainer').map((call) => call.args[0]);
      expect(spec).toMatchObject({ security: { capabilities: { drop: ['ALL'], add: [] } } });
      // left to the contract's default (on) rather than demanded, so drivers with a declared gap still run sessions
      expect((spec as { security?: { noNewPrivileges?: boolean } }).security?.noNewPrivileges).toBeUndefined();
    });

    it('adds back the Linux capabilities of security.capabilities.add, and only those', async () => {
      await manager.createSession({
        agentType: 'python',
        capabilities: ['python'],
        security: { capabilities: { add: ['NET_BIND_SERVICE'] } },
      });
      const [spec] = mock.callsTo('createContainer').map((call) => call.args[0]);
      expect(spec).toMatchObject({ security: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } });
    });

    it('keeps agent capabilities as the berth.capabilities label and chooses the image by them', async () => {
      const byCapability = new SessionManager(mock, { images: { javascript: 'busybox:latest' } });
      try {
        const s = await byCapability.createSession({
          agentType: 'code-executor',
          capabilities: ['rust', 'javascript'],
        });
        expect(s).toMatchObject({ image: 'busybox:latest', capabilities: ['rust', 'javascript'] });
        expect((await mock.getContainer(s.containerId))?.labels['berth.capabilities']).toBe('rust,javascript');
      } finally {
        await byCapability.dispose();
      }
    });

    it('never gives a session with agent capabilities a warm-pool container', async () => {
      const warm = new SessionManager(mock, { warmPool: { [IMAGE]: 1 } });
      try {
        await warm.warmUp();
        const s = await warm.createSession({ agentType: 'python', capabilities: ['python'] });
        expect(s.fromWarmPool).toBe(false);
        expect(warm.warmPoolAvailable(IMAGE)).toBe(1);
      } finally {
        await warm.dispose();
      }
    });

    it('throws ValidationError for bad session options', async () => {
      await expect(manager.createSession({ agentType: '' })).rejects.toBeInstanceOf(ValidationError);
      await expect(manager.createSession({ agentType: 'x', labels: { 'berth.pool': 'x' } })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(manager.createSession({ agentType: 'x', timeoutMs: 0 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('removes the container and rethrows when the readiness probe fails', async () => {
      mock.onExec('true', () => ({ exitCode: 1 }));
      const quick = new SessionManager(mock, { readinessTimeoutMs: 100 });
      await expect(quick.createSession({ agentType: 'python' })).rejects.toMatchObject({ code: 'BERTH_TIMEOUT' });
      expect(await mock.listContainers()).toEqual([]);
      await quick.dispose();
    });
  });

  describe('when maxSessions is reached', () => {
    beforeEach(async () => {
      await manager.dispose();
      manager = new SessionManager(mock, { maxSessions: 1 });
    });

    it('throws SessionLimitError at once', async () => {
      await manager.createSession({ agentType: 'python' });
      await expect(manager.createSession({ agentType: 'python' })).rejects.toMatchObject({
        code: SessionLimitError.code,
      });
    });

    it('waits up to waitMs for a slot when asked', async () => {
      const first = await manager.createSession({ agentType: 'python' });
      const second = manager.createSession({ agentType: 'python' }, { waitMs: 10_000 });
      await manager.cleanupSession(first.id);
      await expect(second).resolves.toMatchObject({ status: 'ready' });
    });

    it('throws SessionLimitError when the wait times out', async () => {
      await manager.createSession({ agentType: 'python' });
      await expect(manager.createSession({ agentType: 'python' }, { waitMs: 20 })).rejects.toMatchObject({
        code: SessionLimitError.code,
      });
    });
  });

  describe('.executeCode', () => {
    it('writes the code to a file and runs the interpreter on it', async () => {
      const s = await manager.createSession({ agentType: 'python' });
      const r = await manager.executeCode(s.id, { language: 'python', code: 'print("hi")' });
      expect(r).toMatchObject({ exitCode: 0, stdout: 'python ran: print("hi")\n', timedOut: false });
      const exec = mock
        .callsTo('execStream')
        .map((call) => call.args[1])
        .at(-1);
      expect(exec).toMatchObject({ command: ['python3', 'run-1.py'] });
    });

    it("gives the seed's output: stdout and stderr as written, in arrival order, beside stdout and stderr", async () => {
      mock.onExec('sh', ({ writeStdout, writeStderr }) => {
        writeStdout('a\n');
        writeStderr('b\n');
        writeStdout('c');
      });
      const s = await manager.createSession({ agentType: 'python' });
      const r = await manager.executeCode(s.id, {
        language: 'bash',
        code: 'echo a; echo b >&2; printf c',
        timeout: 5000,
      });
      expect(r).toMatchObject({ stdout: 'a\nc', stderr: 'b\n', output: 'a\nb\nc' });
    });

    it('streams each output line to logs$ while the run is still going', async () => {
      const gate = deferred();
      mock.onExec('python3', async ({ writeStdout, writeStderr }) => {
        writeStdout('first line\n');
        writeStderr('warn');
        await gate.promise;
        writeStdout('sec');
        writeStdout('ond\ntail');
      });
      const s = await manager.createSession({ agentType: 'python' });
      let settled = false;
      const run = manager.executeCode(s.id, { language: 'python', code: 'x' }).finally(() => {
        settled = true;
      });
      const first = await firstValueFrom(manager.logs$(s.id));
      expect(first).toMatchObject({ stream: 'stdout', text: 'first line' });
      expect(settled).toBe(false);
      gate.resolve();
      const result = await run;
      expect(result).toMatchObject({
        exitCode: 0,
        stdout: 'first line\nsecond\ntail',
        stderr: 'warn',
        timedOut: false,
      });
      const lines = await firstValueFrom(manager.logs$(s.id).pipe(take(4), toArray()));
      expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual([
        'stdout:first line',
        'stdout:second',
        'stdout:tail',
        'stderr:warn',
      ]);
    });

    it('closes stdin when no stdin is given, and passes stdin when it is', async () => {
      mock.onExec('python3', async ({ readStdin }) => ({ stdout: `[${new TextDecoder().decode(await readStdin())}]` }));
      const s = await manager.createSession({ agentType: 'python' });
      expect((await manager.executeCode(s.id, { language: 'python', code: 'x' })).stdout).toBe('[]');
      expect((await manager.executeCode(s.id, { language: 'python', code: 'x', stdin: 'in' })).stdout).toBe('[in]');
    });

    it('transpiles typescript on the host and runs it with node', async () => {
      let seen = '';
      mock.onExec('node', async ({ argv, container, cwd }) => {
        seen = new TextDecoder().decode(await mock.getFile(container.id, `${cwd}/${argv[1]}`));
      });
      const s = await manager.createSession({ agentType: 'ts' });
      await manager.executeCode(s.id, { language: 'typescript', code: 'const n: number = 1;\nconsole.log(n);' });
      expect(seen).toContain('const n = 1;');
      expect(seen).not.toContain(': number');
    });

    it('runs bash through sh with session and run env', async () => {
      const s = await manager.createSession({ agentType: 'bash', env: { A: 'session' } });
      let env: Record<string, string> = {};
      mock.onExec('sh', ({ env: e }) => {
        env = e;
        return { stdout: 'ok\n' };
      });
      const r = await manager.executeCode(s.id, { language: 'bash', code: 'echo $A $B', env: { B: 'run' } });
      expect(r.stdout).toBe('ok\n');
      expect(env).toMatchObject({ A: 'session', B: 'run' });
    });

    it('reports a timeout and keeps the session usable', async () => {
      const s = await manager.createSession({ agentType: 'python' });
      const hang = mock.onExec(
        'python3',
        ({ signal }) => new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined))),
      );
      const r = await manager.executeCode(s.id, { language: 'python', code: 'while True: pass', timeoutMs: 50 });
      expect(r.timedOut).toBe(true);
      hang();
      const next = await manager.executeCode(s.id, { language: 'python', code: 'print(1)' });
      expect(next).toMatchObject({ exitCode: 0, timedOut: false });
    });

    it('serialises runs of one session and runs sessions in parallel', async () => {
      const log: string[] = [];
      mock.onExec('python3', async ({ container }) => {
        const tag = container.sessionId ?? '?';
        log.push(`start ${tag}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        log.push(`end ${tag}`);
      });
      const [a, b] = await Promise.all([
        manager.createSession({ agentType: 'python' }),
        manager.createSession({ agentType: 'python' }),
      ]);
      const run = (id: string) => manager.executeCode(id, { language: 'python', code: 'x' });
      await Promise.all([run(a.id), run(a.id)]);
      expect(log).toEqual([`start ${a.id}`, `end ${a.id}`, `start ${a.id}`, `end ${a.id}`]);
      log.length = 0;
      await Promise.all([run(a.id), run(b.id)]);
      expect(log.slice(0, 2).sort()).toEqual([`start ${a.id}`, `start ${b.id}`].sort());
    });

    it('throws SessionNotFoundError for an unknown session and ValidationError for bad input', async () => {
      await expect(manager.executeCode('nope', { language: 'python', code: '' })).rejects.toBeInstanceOf(
        SessionNotFoundError,
      );
      await expect(manager.executeCode('nope', { language: 'ruby' as 'python', code: '' })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it('emits executing then completed with the result', async () => {
      const s = await manager.createSession({ agentType: 'python' });
      const events: SessionEvent[] = [];
      manager.events$.subscribe((e) => events.push(e));
      await manager.executeCode(s.id, { language: 'python', code: '1' });
      expect(events.map((e) => e.type)).toEqual(['executing', 'completed']);
      expect(events[1]?.result?.exitCode).toBe(0);
    });
  });

  describe('.execStream', () => {
    it('waits in the session queue: the next run starts once its exit settles', async () => {
      const gate = deferred();
      const serving = deferred();
      let streamDone = false;
      const order: string[] = [];
      mock.onExec('serve', async ({ writeStdout }) => {
        writeStdout('up\n');
        serving.resolve();
        await gate.promise;
        streamDone = true;
      });
      mock.onExec('python3', () => {
        order.push(streamDone ? 'run after stream' : 'run overlapped stream');
      });
      const s = await manager.createSession({ agentType: 'python' });
      const handle = manager.execStream(s.id, { command: ['serve'] });
      await serving.promise;
      const run = manager.executeCode(s.id, { language: 'python', code: 'x' });
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve)); // let a non-queued run go
      expect(order).toEqual([]);
      expect((await manager.getSession(s.id)).status).toBe('busy');
      gate.resolve();
      expect(await handle.exit).toMatchObject({ exitCode: 0, stdout: 'up\n' });
      await run;
      expect(order).toEqual(['run after stream']);
    });

    it('streams output to output$ and logs$ and forwards stdin once started', async () => {
      mock.onExec('cat', async ({ readStdin }) => ({ stdout: new TextDecoder().decode(await readStdin()) }));
      const s = await manager.createSession({ agentType: 'bash' });
      const handle = manager.execStream(s.id, { command: ['cat'] });
      await handle.write('a\nb');
      await handle.end();
      const chunks = await firstValueFrom(handle.output$.pipe(toArray()));
      expect(chunks.map((c) => new TextDecoder().decode(c.data)).join('')).toBe('a\nb');
      expect((await handle.exit).stdout).toBe('a\nb');
      const lines = await firstValueFrom(manager.logs$(s.id).pipe(take(2), toArray()));
      expect(lines.map((l) => l.text)).toEqual(['a', 'b']);
    });

    it('never starts a command killed while it waits in the queue', async () => {
      const gate = deferred();
      mock.onExec('python3', () => gate.promise);
      const s = await manager.createSession({ agentType: 'python' });
      const run = manager.executeCode(s.id, { language: 'python', code: 'x' });
      const handle = manager.execStream(s.id, { command: ['never'] });
      await handle.kill();
      gate.resolve();
      await run;
      expect(await handle.exit).toMatchObject({ exitCode: 137, stdout: '' });
      expect(mock.callsTo('execStream').map((call) => call.args[1])).not.toContainEqual(
        expect.objectContaining({ command: ['never'] }),
      );
    });

    it('rejects exit with SessionDeadError when the container died while it was queued', async () => {
      const gate = deferred();
      mock.onExec('python3', () => gate.promise);
      const s = await manager.createSession({ agentType: 'python' });
      const run = manager.executeCode(s.id, { language: 'python', code: 'x' });
      const handle = manager.execStream(s.id, { command: ['true'] });
      await mock.exitContainer(s.containerId, 1);
      gate.resolve();
      await run.catch(() => undefined);
      await expect(handle.exit).rejects.toBeInstanceOf(SessionDeadError);
      await expect(firstValueFrom(handle.output$)).rejects.toBeInstanceOf(SessionDeadError);
    });
  });

  describe('when the container dies', () => {
    it('marks the session dead and the next call throws SessionDeadError', async () => {
      const s = await manager.createSession({ agentType: 'python' });
      await mock.exitContainer(s.containerId, 1);
      await expect(manager.executeCode(s.id, { language: 'python', code: '1' })).rejects.toBeInstanceOf(
        SessionDeadError,
      );
      expect((await manager.getSession(s.id)).status).toBe('dead');
    });
  });

  describe('.exec / files / logs$', () => {
    it('runs commands, moves files and replays run output on logs$', async () => {
      const s = await manager.createSession({ agentType: 'bash' });
      const lines = firstValueFrom(manager.logs$(s.id).pipe(toArray()));
      await manager.uploadFiles(s.id, [{ path: '/data/in.txt', content: 'hello' }]);
      const r = await manager.exec(s.id, { command: ['cat', '/data/in.txt'] });
      expect(r.stdout).toBe('hello');
      expect(new TextDecoder().decode(await manager.downloadFile(s.id, '/data/in.txt'))).toBe('hello');
      await manager.cleanupSession(s.id);
      expect((await lines).map((l) => l.text)).toEqual(['hello']);
    });

    it('errors logs$ with SessionNotFoundError for an unknown session', async () => {
      await expect(firstValueFrom(manager.logs$('nope'))).rejects.toBeInstanceOf(SessionNotFoundError);
    });
  });

  describe('contexts', () => {
    it('throws ContainerTimeoutError when the interpreter never gets ready', async () => {
      await manager.dispose();
      manager = new SessionManager(mock, { readinessTimeoutMs: 100 });
      const s = await manager.createSession({ agentType: 'python' });
      mock.onExec(
        'python3',
        ({ signal }) => new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined))),
      );
      await expect(manager.createContext(s.id, 'python')).rejects.toMatchObject({ code: 'BERTH_TIMEOUT' });
      await expect(manager.executeCode(s.id, { language: 'bash', code: 'true' })).resolves.toMatchObject({
        exitCode: 0,
      });
    });

    it('throws ContextNotFoundError for an unknown context and ValidationError for an unknown language', async () => {
      const s = await manager.createSession({ agentType: 'python' });
      await expect(manager.runInContext('ctx-nope', '1')).rejects.toBeInstanceOf(ContextNotFoundError);
      await expect(manager.createContext(s.id, 'ruby' as 'python')).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('.cleanupSession / .cleanupAll', () => {
    it('removes containers, emits cleaned and forgets the sessions', async () => {
      const a = await manager.createSession({ agentType: 'python' });
      await manager.createSession({ agentType: 'python' });
      const events: SessionEvent[] = [];
      manager.events$.subscribe((e) => events.push(e));
      await manager.cleanupSession(a.id);
      await expect(manager.cleanupSession(a.id)).rejects.toBeInstanceOf(SessionNotFoundError);
      expect(await manager.cleanupAll()).toBe(1);
      expect(await mock.listContainers()).toEqual([]);
      expect(await manager.listSessions()).toEqual([]);
      expect(events.filter((e) => e.type === 'cleaned')).toHaveLength(2);
    });
  });

  describe('reaper', () => {
    it('runs on a timer that does not keep the process alive', async () => {
      const spy = jest.spyOn(globalThis, 'setInterval');
      await manager.dispose();
      manager = new SessionManager(mock, { reapIntervalMs: 4321 });
      await manager.start();
      const index = spy.mock.calls.findIndex((call) => call[1] === 4321);
      const timer = spy.mock.results[index]?.value as NodeJS.Timeout;
      spy.mockRestore();
      expect(timer.hasRef()).toBe(false);
    });

    it('expires sessions past their TTL and idle ones on its ticks', async () => {
      jest.useFakeTimers();
      await manager.dispose();
      manager = new SessionManager(mock, { reapIntervalMs: 1000, timeoutMs: 10_000, idleTimeoutMs: 4_000 });
      const events: SessionEvent[] = [];
      manager.events$.subscribe((e) => events.push(e));
      const idle = await manager.createSession({ agentType: 'python' });
      const busy = await manager.createSession({ agentType: 'python' });
      for (let t = 0; t < 3; t++) {
        await jest.advanceTimersByTimeAsync(2000);
        await manager.executeCode(busy.id, { language: 'python', code: '1' });
      }
      expect(events.filter((e) => e.type === 'expired').map((e) => [e.sessionId, e.reason])).toEqual([
        [idle.id, 'idle'],
      ]);
      await jest.advanceTimersByTimeAsync(5000);
      expect(events.filter((e) => e.type === 'expired').map((e) => [e.sessionId, e.reason])).toEqual([
        [idle.id, 'idle'],
        [busy.id, 'ttl'],
      ]);
      expect(await mock.listContainers()).toEqual([]);
    });
  });

  describe('warm pool', () => {
    it('takes a pre-started container, records the session in a marker file and refills', async () => {
      await manager.dispose();
      manager = new SessionManager(mock, { warmPool: { [IMAGE]: 2 } });
      await manager.warmUp();
      expect(manager.warmPoolAvailable(IMAGE)).toBe(2);
      const s = await manager.createSession({ agentType: 'python' });
      expect(s.fromWarmPool).toBe(true);
      const c = await mock.getContainer(s.containerId);
      expect(c?.labels).toMatchObject({
        [BERTH_LABELS.session]: s.id,
        'berth.pool': 'true',
        [BERTH_LABELS.owner]: manager.ownerId,
      });
      await manager.executeCode(s.id, { language: 'python', code: '1' });
      const marker = JSON.parse(
        new TextDecoder().decode(await mock.getFile(s.containerId, '/tmp/berth/.berth-session.json')),
      );
      expect(marker).toMatchObject({ sessionId: s.id, agentType: 'python', expiresAt: s.expiresAt.toISOString() });
      await manager.warmUp();
      expect(manager.warmPoolAvailable(IMAGE)).toBe(2);
    });

    it('creates a cold session when the session asks for its own resources', async () => {
      await manager.dispose();
      manager = new SessionManager(mock, { warmPool: { [IMAGE]: 1 } });
      await manager.warmUp();
      const s = await manager.createSession({ agentType: 'python', resources: { memoryMb: 64 } });
      expect(s.fromWarmPool).toBe(false);
    });
  });

  describe('.start (recovery)', () => {
    it('reaps containers whose owner process is gone', async () => {
      const crashed = new SessionManager(mock, { ownerId: deadOwner, warmPool: { [IMAGE]: 1 } });
      await crashed.createSession({ agentType: 'python' });
      await crashed.warmUp();
      await crashed.dispose({ keepSessions: true });
      const report = await manager.start();
      expect(report.reaped.map((r) => r.reason)).toEqual(['owner-gone']);
      expect(await mock.listContainers()).toEqual([]);
    });

    it('adopts live sessions of the same owner id, including pooled ones', async () => {
      const first = new SessionManager(mock, { ownerId: 'svc-a', warmPool: { [IMAGE]: 1 } });
      await first.warmUp();
      const pooled = await first.createSession({ agentType: 'python', timeoutMs: 60_000 });
      const cold = await first.createSession({ agentType: 'coder', labels: { team: 'x' } });
      await first.executeCode(pooled.id, { language: 'python', code: '1' }); // marker written before this run
      await first.dispose({ keepSessions: true });
      const second = new SessionManager(mock, { ownerId: 'svc-a' });
      const report = await second.start();
      expect(report.adopted.sort()).toEqual([pooled.id, cold.id].sort());
      expect(await second.getSession(pooled.id)).toMatchObject({
        agentType: 'python',
        expiresAt: pooled.expiresAt,
        adopted: true,
      });
      expect(await second.getSession(cold.id)).toMatchObject({ agentType: 'coder', labels: { team: 'x' } });
      await expect(second.executeCode(cold.id, { language: 'python', code: '1' })).resolves.toMatchObject({
        exitCode: 0,
      });
      await second.dispose();
      expect(await mock.listContainers()).toEqual([]);
    });

    it('reaps expired containers of live owners and leaves unexpired ones alone', async () => {
      const other = new SessionManager(mock, { ownerId: 'svc-other', timeoutMs: 1 });
      const live = new SessionManager(mock, { ownerId: 'svc-live' });
      const kept = await live.createSession({ agentType: 'python' }); // live recovers before the other one exists
      const expired = await other.createSession({ agentType: 'python' });
      await other.dispose({ keepSessions: true });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const report = await manager.start();
      expect(report.reaped).toEqual([{ containerId: expired.containerId, sessionId: expired.id, reason: 'expired' }]);
      expect((await mock.listContainers()).map((c) => c.id)).toEqual([kept.containerId]);
      await live.dispose();
    });
  });

  describe('.dispose', () => {
    it('removes sessions and pool containers and completes events$', async () => {
      await manager.dispose();
      manager = new SessionManager(mock, { warmPool: { [IMAGE]: 1 } });
      await manager.warmUp();
      await manager.createSession({ agentType: 'python', resources: { pids: 10 } });
      const done = firstValueFrom(manager.events$.pipe(toArray()));
      await manager.dispose();
      await expect(done).resolves.toEqual(expect.any(Array));
      expect(await mock.listContainers()).toEqual([]);
    });
  });
});
