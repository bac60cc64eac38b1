import type { ContainerDriver, LogLine } from '@berth/core';
import { beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Subscription } from 'rxjs';
import type { SessionManager } from '../manager/index.js';
import type { SessionManagerOptions } from '../options/index.js';
import { useScenarioManager } from './scenario-manager.js';
import { collectStreamedOutput } from './streamed-output.js';

/** A 1×1 PNG (the bytes Python and JavaScript contexts display in the scenarios). */
export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/**
 * Notebook semantics of stateful contexts on a real driver: trailing values as `text`, exceptions as `error`,
 * an interrupt on timeout that keeps the state (the next run answering at once), live `onStdout`/`onStderr`
 * and `logs$`, `display()` MIME bundles (HTML, PNG, a matplotlib-like figure), bash and TypeScript contexts
 * with `cwd` and `env`, `listContexts` and `restartContext`. Used by the local and Docker integration suites.
 */
export function runContextNotebookScenarios(
  name: string,
  makeDriver: () => ContainerDriver,
  managerOptions: SessionManagerOptions = {},
): void {
  jest.setTimeout(120_000); // real engines on shared CI cores
  describe(`notebook contexts on ${name}`, () => {
    let manager: SessionManager;
    let sessionId: string;
    const fixture = useScenarioManager({ runPrefix: 'nb', makeDriver, managerOptions });

    beforeAll(async () => {
      manager = fixture.manager;
      sessionId = (await manager.createSession({ agentType: 'python', env: { FROM_SESSION: 's' } })).id;
    });

    /**
     * Runs `code` in context `ctxId` with the output callbacks and the session's `logs$` watched. `code` prints
     * `first` (stdout) and `warn` (stderr), then waits for file `go` before printing `second`: once the callbacks had
     * `first` and `warn`, checks that `first` reached `logs$` while the run was still going, then creates `go`.
     */
    const runStreamed = async (ctxId: string, code: string, go: string) => {
      const output = collectStreamedOutput({ stdout: 'first\n', stderr: 'warn\n' });
      const logged: LogLine[] = [];
      const sub: Subscription = manager.logs$(sessionId).subscribe((l) => logged.push(l));
      try {
        await manager.exec(sessionId, { command: ['rm', '-f', go] });
        const running = manager.runInContext(ctxId, code, output.callbacks);
        await output.firstSeen; // the run goes on only once `go` exists, below
        expect(logged.some((l) => l.stream === 'stdout' && l.text === 'first')).toBe(true);
        await manager.uploadFiles(sessionId, [{ path: go, content: '' }]);
        return { r: await running, pieces: output.pieces };
      } finally {
        sub.unsubscribe();
      }
    };

    describe('python', () => {
      it('gives the trailing expression as text, not on stdout, and None as no text', async () => {
        const ctx = await manager.createContext(sessionId, 'python');
        const r = await manager.runInContext(ctx.id, 'x = 41\nprint("hi")\nx + 1');
        expect(r).toMatchObject({ exitCode: 0, stdout: 'hi\n', text: '42', timedOut: false, outputs: [] });
        expect(r.error).toBeUndefined();
        expect((await manager.runInContext(ctx.id, 'None')).text).toBeUndefined();
        expect((await manager.runInContext(ctx.id, '"a" * 3')).text).toBe("'aaa'");
        await manager.closeContext(ctx.id);
      });

      it('gives an exception as error { name, value, traceback } beside exit code 1, and keeps the state', async () => {
        const ctx = await manager.createContext(sessionId, 'python');
        await manager.runInContext(ctx.id, 'kept = 7');
        const r = await manager.runInContext(ctx.id, 'def f():\n    raise ValueError("bad input")\nf()');
        expect(r.exitCode).toBe(1);
        expect(r.error).toMatchObject({ name: 'ValueError', value: 'bad input' });
        expect(r.error?.traceback).toMatch(/File "<cell-\d+>", line 2, in f[\s\S]*ValueError: bad input/);
        expect(r.error?.traceback).not.toContain('context-repl');
        expect(r.stderr).toContain('ValueError: bad input');
        expect((await manager.runInContext(ctx.id, 'kept')).text).toBe('7');
        await manager.closeContext(ctx.id);
      });

      it('interrupts a run past its timeout with KeyboardInterrupt, keeps the state, and answers the next run', async () => {
        const ctx = await manager.createContext(sessionId, 'python');
        await manager.runInContext(ctx.id, 'import time\nstate = {"n": 1}');
        const r = await manager.runInContext(ctx.id, 'state["n"] = 2\nwhile True:\n    time.sleep(0.05)', {
          timeoutMs: 500,
        });
        expect(r).toMatchObject({ timedOut: true, exitCode: 130, error: { name: 'KeyboardInterrupt' } });
        const next = await manager.runInContext(ctx.id, 'state["n"]');
        expect(next).toMatchObject({ exitCode: 0, text: '2', timedOut: false });
        const busy = await manager.runInContext(ctx.id, 'while True: pass', { timeoutMs: 500 });
        expect(busy.error?.name).toBe('KeyboardInterrupt');
        expect((await manager.runInContext(ctx.id, 'state["n"] + 1')).text).toBe('3');
        await manager.closeContext(ctx.id);
      });

      it('streams output to onStdout/onStderr and logs$ while the run is still going', async () => {
        const ctx = await manager.createContext(sessionId, 'python');
        await manager.uploadFiles(sessionId, [{ path: 'go-nb', content: '' }]);
        const { r, pieces } = await runStreamed(
          ctx.id,
          'import os, sys, time\nprint("first")\nsys.stderr.write("warn\\n")\nwhile not os.path.exists("go-nb"):\n    time.sleep(0.02)\nprint("second")',
          'go-nb',
        );
        expect(pieces).toEqual(['out:first\n', 'err:warn\n', 'out:second\n']);
        expect(r).toMatchObject({ stdout: 'first\nsecond\n', stderr: 'warn\n' });
        await manager.closeContext(ctx.id);
      });

      it('returns display() outputs as MIME bundles: _repr_html_, PNG bytes, _repr_png_ and a matplotlib figure', async () => {
        await manager.uploadFiles(sessionId, [
          { path: 'nbfig/matplotlib/__init__.py', content: '' },
          {
            path: 'nbfig/matplotlib/pyplot.py',
            content: `import base64\n_figs = {}\nclass Figure:\n    def savefig(self, buf, format="png"):\n        buf.write(base64.b64decode("${TINY_PNG_BASE64}"))\ndef figure(n=None):\n    n = n or len(_figs) + 1\n    return _figs.setdefault(n, Figure())\ndef get_fignums():\n    return sorted(_figs)\ndef close(which="all"):\n    _figs.clear()\ndef show():\n    pass\n`,
          },
        ]);
        const ctx = await manager.createContext(sessionId, 'python', { cwd: 'nbfig' });
        const r = await manager.runInContext(
          ctx.id,
          [
            'import base64',
            `png = base64.b64decode("${TINY_PNG_BASE64}")`,
            'class Table:',
            '    def _repr_html_(self): return "<table><tr><td>1</td></tr></table>"',
            'class Pic:',
            '    def _repr_png_(self): return png',
            'display(Table(), png)',
            'import matplotlib.pyplot as plt',
            'plt.figure()',
            'Pic()',
          ].join('\n'),
        );
        expect(r.exitCode).toBe(0);
        expect(r.outputs).toHaveLength(4);
        expect(r.outputs[0]).toMatchObject({ 'text/html': '<table><tr><td>1</td></tr></table>' });
        expect(r.outputs[1]).toMatchObject({ 'image/png': TINY_PNG_BASE64 });
        expect(r.outputs[2]).toMatchObject({ 'image/png': TINY_PNG_BASE64 }); // the trailing Pic()
        expect(r.outputs[3]).toMatchObject({ 'image/png': TINY_PNG_BASE64, 'text/plain': '<Figure 1>' });
        expect(r.text).toMatch(/Pic object/);
        const shown = await manager.runInContext(ctx.id, 'plt.figure()\nplt.show()\nplt.figure()\nNone');
        expect(shown.outputs).toEqual([
          { 'image/png': TINY_PNG_BASE64, 'text/plain': '<Figure 1>' }, // by plt.show()
          { 'image/png': TINY_PNG_BASE64, 'text/plain': '<Figure 1>' }, // the one left open, after the run
        ]);
        await manager.closeContext(ctx.id);
      });
    });

    describe('javascript and typescript', () => {
      it('gives the completion value as text and a throw as error, keeping let/const', async () => {
        const ctx = await manager.createContext(sessionId, 'javascript');
        const r = await manager.runInContext(ctx.id, 'const a = 40; console.log("hi"); a + 2');
        expect(r).toMatchObject({ exitCode: 0, stdout: 'hi\n', text: '42' });
        const err = await manager.runInContext(ctx.id, 'null.x');
        expect(err.exitCode).toBe(1);
        expect(err.error).toMatchObject({ name: 'TypeError' });
        expect(err.error?.traceback).toContain('<cell-');
        expect((await manager.runInContext(ctx.id, 'Promise.resolve(a * 2)')).text).toBe('80');
        await manager.closeContext(ctx.id);
      });

      it('interrupts a busy loop and a pending promise on timeout, keeping the state', async () => {
        const ctx = await manager.createContext(sessionId, 'javascript');
        await manager.runInContext(ctx.id, 'var n = 1');
        const busy = await manager.runInContext(ctx.id, 'n = 2; while (true) {}', { timeoutMs: 500 });
        expect(busy).toMatchObject({ timedOut: true, exitCode: 130, error: { name: 'KeyboardInterrupt' } });
        const waiting = await manager.runInContext(ctx.id, 'n = 3; new Promise(() => {})', { timeoutMs: 500 });
        expect(waiting).toMatchObject({ timedOut: true, exitCode: 130 });
        expect((await manager.runInContext(ctx.id, 'n')).text).toBe('3');
        await manager.closeContext(ctx.id);
      });

      it('interrupts a busy TypeScript run on timeout, keeping its state', async () => {
        const ctx = await manager.createContext(sessionId, 'typescript');
        await manager.runInContext(ctx.id, 'let kept: number = 1;');
        const busy = await manager.runInContext(ctx.id, 'kept = 2; while (true) {}', { timeoutMs: 500 });
        expect(busy).toMatchObject({ timedOut: true, exitCode: 130, error: { name: 'KeyboardInterrupt' } });
        expect((await manager.runInContext(ctx.id, 'kept + 40')).text).toBe('42');
        await manager.closeContext(ctx.id);
      });

      it("streams a TypeScript context's console output live, in its own cwd and env", async () => {
        await manager.uploadFiles(sessionId, [{ path: 'nbts/marker.txt', content: 'm' }]);
        const ctx = await manager.createContext(sessionId, 'typescript', { cwd: 'nbts', env: { MODE: 'ts' } });
        const out: string[] = [];
        let firstSeen: () => void = () => undefined;
        const seen = new Promise<void>((resolve) => {
          firstSeen = resolve;
        });
        const running = manager.runInContext(
          ctx.id,
          [
            "const where: string = require('path').basename(process.cwd());",
            "console.log('first ' + process.env.MODE + ' ' + where);",
            'new Promise<void>((resolve) => {',
            "  const t = setInterval(() => { if (require('fs').existsSync('go-ts')) { clearInterval(t); console.log('second'); resolve(); } }, 20);",
            '})',
          ].join('\n'),
          {
            onStdout: (t) => {
              out.push(t);
              if (out.join('') === 'first ts nbts\n') firstSeen();
            },
          },
        );
        await seen; // the run goes on only once the test uploads nbts/go-ts, below
        await manager.uploadFiles(sessionId, [{ path: 'nbts/go-ts', content: '' }]);
        const r = await running;
        expect(r).toMatchObject({ exitCode: 0, stdout: 'first ts nbts\nsecond\n', timedOut: false });
        expect(out.join('')).toBe('first ts nbts\nsecond\n');
        await manager.closeContext(ctx.id);
      });

      it('runs TypeScript (types stripped) with display() of a PNG buffer', async () => {
        const ctx = await manager.createContext(sessionId, 'typescript');
        await manager.runInContext(ctx.id, 'const total: number = 40; interface P { x: number }');
        const r = await manager.runInContext(
          ctx.id,
          `const p: P = { x: 2 };\ndisplay(Buffer.from('${TINY_PNG_BASE64}', 'base64'));\ntotal + p.x`,
        );
        expect(r).toMatchObject({ exitCode: 0, text: '42' });
        expect(r.outputs[0]).toMatchObject({ 'image/png': TINY_PNG_BASE64 });
        await manager.closeContext(ctx.id);
      });
    });

    describe('bash, cwd and env', () => {
      it('keeps cd and variables between runs, in its own cwd and env over the session env', async () => {
        await manager.uploadFiles(sessionId, [{ path: 'nbdir/sub/marker.txt', content: 'm' }]);
        const ctx = await manager.createContext(sessionId, 'bash', { cwd: 'nbdir', env: { MODE: 'ctx' } });
        const r = await manager.runInContext(ctx.id, 'ls; echo "$MODE $FROM_SESSION"; cd sub; V=9');
        expect(r).toMatchObject({ exitCode: 0, stdout: 'sub\nctx s\n' });
        const next = await manager.runInContext(ctx.id, 'cat marker.txt; echo " $V"; false');
        expect(next).toMatchObject({ exitCode: 1, stdout: 'm 9\n' });
        await manager.closeContext(ctx.id);
      });

      it('streams bash output to onStdout/onStderr and logs$ while the run is still going', async () => {
        const ctx = await manager.createContext(sessionId, 'bash');
        const { r, pieces } = await runStreamed(
          ctx.id,
          'echo first; echo warn >&2; while [ ! -e go-sh ]; do sleep 0.02; done; echo second',
          'go-sh',
        );
        expect(pieces.sort()).toEqual(['err:warn\n', 'out:first\n', 'out:second\n']);
        expect(r).toMatchObject({ exitCode: 0, stdout: 'first\nsecond\n', stderr: 'warn\n', timedOut: false });
        await manager.closeContext(ctx.id);
      });

      it('interrupts a bash run past its timeout keeping the shell: variables, cwd, functions; the next run answers', async () => {
        await manager.uploadFiles(sessionId, [{ path: 'nbint/inner/keep.txt', content: 'k' }]);
        const ctx = await manager.createContext(sessionId, 'bash', { cwd: 'nbint' });
        const first = await manager.runInContext(ctx.id, 'declare -i N=1; COUNT=1; echo $$');
        const shell = first.stdout.trim();
        const sleeping = await manager.runInContext(ctx.id, 'cd inner; COUNT=2; sh -c "sleep 300"; COUNT=99', {
          timeoutMs: 500,
        });
        expect(sleeping).toMatchObject({ timedOut: true, exitCode: 130 });
        const busy = await manager.runInContext(ctx.id, 'spin() { N=N+1; while :; do :; done; }; spin; COUNT=98', {
          timeoutMs: 500,
        });
        expect(busy).toMatchObject({ timedOut: true, exitCode: 130 });
        const next = await manager.runInContext(ctx.id, 'echo "$$ $COUNT $N $(cat keep.txt) $(type -t spin)"');
        expect(next).toMatchObject({ exitCode: 0, timedOut: false, stdout: `${shell} 2 2 k function\n` });
        await manager.closeContext(ctx.id);
      });

      it("answers a bash run that leaves a background job, and the job's later output never reaches the next run", async () => {
        const ctx = await manager.createContext(sessionId, 'bash');
        const left = await manager.runInContext(ctx.id, '(sleep 4; echo late) & echo started');
        expect(left).toMatchObject({ exitCode: 0, stdout: 'started\n', timedOut: false });
        // the job still runs when the next run starts (so the first one did not wait for it), and its "late" is not here
        const next = await manager.runInContext(ctx.id, 'jobs -rp | wc -l; sleep 5; echo next');
        expect(next).toMatchObject({ exitCode: 0, stdout: '1\nnext\n' });
        await manager.closeContext(ctx.id);
      });

      it('gives a python context its own cwd and env', async () => {
        const ctx = await manager.createContext(sessionId, 'python', { cwd: 'nbdir', env: { MODE: 'py' } });
        const r = await manager.runInContext(ctx.id, 'import os\n(os.path.basename(os.getcwd()), os.environ["MODE"])');
        expect(r.text).toBe("('nbdir', 'py')");
        await manager.closeContext(ctx.id);
      });
    });

    describe('listContexts / restartContext', () => {
      it("lists a session's contexts and restarts one with its state gone", async () => {
        const ctx = await manager.createContext(sessionId, 'python');
        await manager.runInContext(ctx.id, 'gone = 1');
        expect(manager.listContexts(sessionId).map((c) => c.id)).toContain(ctx.id);
        expect(await manager.restartContext(ctx.id)).toMatchObject({ id: ctx.id, language: 'python' });
        const r = await manager.runInContext(ctx.id, 'gone');
        expect(r.error?.name).toBe('NameError');
        await manager.closeContext(ctx.id);
        expect(manager.listContexts(sessionId).map((c) => c.id)).not.toContain(ctx.id);
      });
    });
  });
}
