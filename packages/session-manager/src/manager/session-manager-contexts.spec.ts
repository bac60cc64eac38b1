import type { LogLine } from '@berth/core';
import { ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CONTEXT_RESULT_LIMITS } from '../context/index.js';
import { ContextNotFoundError } from '../errors/index.js';
import { type ScriptedCellHandler, scriptContextRunner } from '../testing/context-runner-script.js';
import { SessionManager } from './session-manager.js';

const IMAGE = 'berth/runtime:bookworm';

/** A promise the test settles. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves when `signal` aborts. */
const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

describe(`${SessionManager.name} contexts (mock runner)`, () => {
  let mock: MockDriver;
  let manager: SessionManager;
  let sessionId: string;
  let handler: ScriptedCellHandler;
  let stats: ReturnType<typeof scriptContextRunner>;

  beforeEach(async () => {
    mock = new MockDriver({ images: [IMAGE] });
    handler = () => undefined;
    stats = scriptContextRunner(mock, (cell) => handler(cell));
    manager = new SessionManager(mock);
    sessionId = (await manager.createSession({ agentType: 'python', env: { S: '1' } })).id;
  });

  afterEach(async () => {
    await manager.dispose();
    await mock.dispose();
  });

  describe('.runInContext', () => {
    it('returns the text, error and display outputs the interpreter sent', async () => {
      handler = ({ write, display }) => {
        write('stdout', 'hi\n');
        display({ 'text/html': '<b>x</b>', 'text/plain': 'x' });
        return { text: '42', error: { name: 'ValueError', value: 'bad', traceback: 'Traceback…\nValueError: bad' } };
      };
      const ctx = await manager.createContext(sessionId, 'python');
      const r = await manager.runInContext(ctx.id, 'x');
      expect(r).toMatchObject({
        exitCode: 1,
        stdout: 'hi\n',
        text: '42',
        timedOut: false,
        error: { name: 'ValueError', value: 'bad', traceback: 'Traceback…\nValueError: bad' },
        outputs: [{ 'text/html': '<b>x</b>', 'text/plain': 'x' }],
      });
    });

    it('hands output to onStdout/onStderr and logs$ while the run is still going', async () => {
      const release = deferred();
      handler = async ({ write }) => {
        write('stdout', 'first\n');
        write('stderr', 'warn\n');
        await release.promise;
        write('stdout', 'second\n');
        return undefined;
      };
      const seen: string[] = [];
      const logged: LogLine[] = [];
      const sub = manager.logs$(sessionId).subscribe((l) => logged.push(l));
      const ctx = await manager.createContext(sessionId, 'python');
      const both = deferred();
      const run = manager.runInContext(ctx.id, 'go', {
        onStdout: (t) => seen.push(`out:${t}`),
        onStderr: (t) => {
          seen.push(`err:${t}`);
          both.resolve();
        },
      });
      await both.promise; // released only once the first pieces arrived
      expect(seen).toEqual(['out:first\n', 'err:warn\n']);
      expect(logged.map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:first', 'stderr:warn']);
      release.resolve();
      expect(await run).toMatchObject({ stdout: 'first\nsecond\n', stderr: 'warn\n' });
      expect(seen).toEqual(['out:first\n', 'err:warn\n', 'out:second\n']);
      sub.unsubscribe();
    });

    it('interrupts a run past its timeout, keeps the interpreter (and its state), and answers the next run', async () => {
      const state = new Map<string, string>();
      handler = async ({ code, interrupt }) => {
        if (code === 'hang') {
          state.set('n', '2');
          await aborted(interrupt);
          return undefined;
        }
        return { text: state.get(code) ?? 'None' };
      };
      const ctx = await manager.createContext(sessionId, 'python');
      const r = await manager.runInContext(ctx.id, 'hang', { timeoutMs: 20 });
      expect(r).toMatchObject({ timedOut: true, exitCode: 130, error: { name: 'KeyboardInterrupt' } });
      expect((await manager.runInContext(ctx.id, 'n')).text).toBe('2');
      expect(stats.started()).toBe(1); // never restarted
    });

    it('interrupts a bash run on timeout like the others: exit 130, the same shell answers the next run', async () => {
      handler = async ({ code, interrupt }) => {
        if (code === 'sleep 100') await aborted(interrupt);
        return undefined;
      };
      const ctx = await manager.createContext(sessionId, 'bash');
      const r = await manager.runInContext(ctx.id, 'sleep 100', { timeoutMs: 20 });
      expect(r).toMatchObject({ timedOut: true, exitCode: 130 });
      expect((await manager.runInContext(ctx.id, 'true')).exitCode).toBe(0);
      expect(stats.started()).toBe(1); // never restarted
    });

    it('restarts an interpreter that does not answer the interrupt within its grace: exit 137, state lost', async () => {
      const stuck = new MockDriver({ images: [IMAGE] });
      const stuckStats = scriptContextRunner(
        stuck,
        ({ code, interrupt }) => (code === 'hang' ? aborted(interrupt).then(() => undefined) : { text: 'fresh' }),
        { answerInterrupts: false },
      );
      const other = new SessionManager(stuck);
      try {
        const s = await other.createSession({ agentType: 'bash' });
        const ctx = await other.createContext(s.id, 'bash');
        const r = await other.runInContext(ctx.id, 'hang', { timeoutMs: 20 });
        expect(r).toMatchObject({ timedOut: true, exitCode: 137 });
        expect(r.stderr).toContain('state lost');
        expect((await other.runInContext(ctx.id, 'x')).text).toBe('fresh');
        expect(stuckStats.started()).toBe(2);
      } finally {
        await other.dispose();
        await stuck.dispose();
      }
    });

    it('transpiles TypeScript on the host before the interpreter sees it', async () => {
      let got = '';
      handler = ({ code }) => {
        got = code;
        return undefined;
      };
      const ctx = await manager.createContext(sessionId, 'typescript');
      await manager.runInContext(ctx.id, 'const n: number = 1; interface A { x: string }');
      expect(got).toContain('const n = 1;');
      expect(got).not.toContain('interface');
    });

    it('bounds text, streams kept in the result, bundle size and bundle count, saying what was cut', async () => {
      const big = 'x'.repeat(CONTEXT_RESULT_LIMITS.textChars + 1000);
      let streamed = 0;
      handler = ({ write, display }) => {
        write('stdout', 'y'.repeat(CONTEXT_RESULT_LIMITS.streamChars));
        write('stdout', 'more');
        display({ 'image/png': 'A'.repeat(CONTEXT_RESULT_LIMITS.bundleChars + 1) });
        for (let i = 0; i < CONTEXT_RESULT_LIMITS.bundles + 2; i += 1) display({ 'text/plain': `${i}` });
        return { text: big };
      };
      const ctx = await manager.createContext(sessionId, 'python');
      const r = await manager.runInContext(ctx.id, 'x', {
        onStdout: (t) => {
          streamed += t.length;
        },
      });
      expect(streamed).toBe(CONTEXT_RESULT_LIMITS.streamChars + 4); // callbacks see everything
      expect(r.stdout.length).toBeLessThan(CONTEXT_RESULT_LIMITS.streamChars + 100);
      expect(r.stdout.endsWith('(truncated)')).toBe(true);
      expect(r.text?.length).toBeLessThan(big.length);
      expect(r.text?.endsWith('(truncated)')).toBe(true);
      expect(r.outputs[0]).toEqual({ 'text/plain': expect.stringMatching(/dropped: over/) });
      expect(r.outputs).toHaveLength(CONTEXT_RESULT_LIMITS.bundles + 1);
      expect(r.outputs.at(-1)?.['text/plain']).toMatch(/3 more display outputs dropped/);
    });

    it('throws ValidationError for bad code or options, ContextNotFoundError for an unknown context', async () => {
      const ctx = await manager.createContext(sessionId, 'python');
      const bad: [unknown, unknown][] = [
        [42, {}],
        ['a\0b', {}],
        ['x', { timeoutMs: -1 }],
        ['x', { timeoutMs: 1.5 }],
        ['x', { onStdout: 'not a function' }],
        ['x', { unknown: true }],
      ];
      for (const [code, options] of bad) {
        await expect(manager.runInContext(ctx.id, code as string, options as object)).rejects.toBeInstanceOf(
          ValidationError,
        );
      }
      await expect(manager.runInContext('ctx-nope', 'x')).rejects.toBeInstanceOf(ContextNotFoundError);
    });
  });

  describe('.createContext', () => {
    it('starts the interpreter in its cwd with its env over the session env', async () => {
      let seen: { argv: readonly string[]; env: Record<string, string> } | undefined;
      handler = ({ argv, env }) => {
        seen = { argv, env };
        return undefined;
      };
      const ctx = await manager.createContext(sessionId, 'bash', { cwd: '/data', env: { MODE: 'm' } });
      expect(ctx).toMatchObject({ sessionId, language: 'bash', cwd: '/data' });
      await manager.runInContext(ctx.id, 'true');
      expect(seen?.argv.at(-1)).toBe('/data');
      expect(seen?.env).toMatchObject({ S: '1', MODE: 'm' });
    });

    it('throws ValidationError for an unknown language, an empty cwd or a bad env name', async () => {
      await expect(manager.createContext(sessionId, 'ruby' as 'python')).rejects.toBeInstanceOf(ValidationError);
      await expect(manager.createContext(sessionId, 'python', { cwd: '' })).rejects.toBeInstanceOf(ValidationError);
      await expect(manager.createContext(sessionId, 'python', { env: { 'BAD=NAME': 'x' } })).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect(stats.started()).toBe(0);
    });
  });

  describe('.listContexts / .restartContext', () => {
    it("lists every context or one session's, and restarts one with a fresh interpreter", async () => {
      const other = (await manager.createSession({ agentType: 'python' })).id;
      const a = await manager.createContext(sessionId, 'python');
      const b = await manager.createContext(other, 'javascript');
      expect(manager.listContexts().map((c) => c.id)).toEqual([a.id, b.id]);
      expect(manager.listContexts(other)).toEqual([b]);
      expect(await manager.restartContext(a.id)).toEqual(a);
      expect(stats.started()).toBe(3);
      expect(stats.running()).toBe(2);
      await expect(manager.restartContext('ctx-nope')).rejects.toBeInstanceOf(ContextNotFoundError);
    });
  });
});
