import { firstValueFrom, lastValueFrom, ReplaySubject, toArray } from 'rxjs';
import type { ExecHandle, ExecResult, OutputChunk } from '../contract/index.js';
import { DriverUnavailableError } from '../errors/index.js';
import { DeferredExecHandle, KILLED_BEFORE_START } from './deferred-exec-handle.js';

const OK: ExecResult = { exitCode: 0, stdout: 'hi\n', stderr: '', durationMs: 1, timedOut: false };

/** A controllable real handle: records stdin, kill; `finish()` completes output and resolves exit. */
function fakeInner() {
  const output = new ReplaySubject<OutputChunk>();
  const written: string[] = [];
  let ended = false;
  let killed = 0;
  let resolveExit: (r: ExecResult) => void = () => undefined;
  const exit = new Promise<ExecResult>((resolve) => {
    resolveExit = resolve;
  });
  const handle: ExecHandle = {
    output$: output.asObservable(),
    exit,
    write: async (data) => {
      written.push(typeof data === 'string' ? data : new TextDecoder().decode(data));
    },
    end: async () => {
      ended = true;
    },
    kill: async () => {
      killed += 1;
    },
  };
  return {
    handle,
    output,
    written,
    ended: () => ended,
    killed: () => killed,
    finish(result: ExecResult = OK) {
      output.complete();
      resolveExit(result);
    },
  };
}

const chunk = (data: string): OutputChunk => ({ stream: 'stdout', data: new TextEncoder().encode(data) });

describe('DeferredExecHandle', () => {
  describe('.from', () => {
    it('forwards output, exit, write, end and kill to the handle once it resolves', async () => {
      const inner = fakeInner();
      let resolve: (h: ExecHandle) => void = () => undefined;
      const deferred = DeferredExecHandle.from(new Promise((r) => (resolve = r)));
      const output = lastValueFrom(deferred.output$.pipe(toArray()));
      const written = deferred.write('a');
      resolve(inner.handle);
      await written;
      await deferred.end();
      await deferred.kill();
      inner.output.next(chunk('x'));
      inner.finish();
      expect(await deferred.exit).toEqual(OK);
      expect((await output).map((c) => new TextDecoder().decode(c.data))).toEqual(['x']);
      expect(inner.written).toEqual(['a']);
      expect(inner.ended()).toBe(true);
      expect(inner.killed()).toBe(1);
    });

    it('rejects exit, errors output$ and rejects write/end with the start failure', async () => {
      const failure = new DriverUnavailableError('no host');
      const deferred = DeferredExecHandle.from(Promise.reject(failure));
      await expect(deferred.exit).rejects.toBe(failure);
      await expect(firstValueFrom(deferred.output$)).rejects.toBe(failure);
      await expect(deferred.write('a')).rejects.toBe(failure);
      await expect(deferred.end()).rejects.toBe(failure);
      await expect(deferred.kill()).resolves.toBeUndefined();
    });

    it('kills a handle that arrives after kill()', async () => {
      const inner = fakeInner();
      let resolve: (h: ExecHandle) => void = () => undefined;
      const deferred = DeferredExecHandle.from(new Promise((r) => (resolve = r)));
      await deferred.kill();
      expect(deferred.killedBeforeStart).toBe(true);
      resolve(inner.handle);
      await Promise.resolve();
      await Promise.resolve();
      expect(inner.killed()).toBe(1);
      expect(deferred.killedBeforeStart).toBe(false);
      inner.finish();
      await deferred.exit;
    });
  });

  describe('queued (attach/settle)', () => {
    it('replays output to a late subscriber and takes exit from the settled run', async () => {
      const inner = fakeInner();
      const deferred = new DeferredExecHandle();
      deferred.attach(inner.handle);
      inner.output.next(chunk('early'));
      const mapped: ExecResult = { ...OK, exitCode: 3 };
      deferred.settle(inner.handle.exit.then(() => mapped));
      inner.finish();
      expect(await deferred.exit).toBe(mapped);
      const late = await lastValueFrom(deferred.output$.pipe(toArray()));
      expect(late).toHaveLength(1);
    });

    it('never starts when killed first: output$ completes empty, write/end resolve, exit is the run result', async () => {
      const deferred = new DeferredExecHandle();
      await deferred.kill();
      expect(deferred.killedBeforeStart).toBe(true);
      const written = deferred.write('x'); // waits until the run ends
      deferred.settle(Promise.resolve({ ...KILLED_BEFORE_START }));
      await expect(written).resolves.toBeUndefined();
      await expect(deferred.end()).resolves.toBeUndefined();
      expect(await lastValueFrom(deferred.output$.pipe(toArray()))).toEqual([]);
      expect((await deferred.exit).exitCode).toBe(137);
    });

    it('a run that fails before the start errors output$ and rejects exit, without an unhandled rejection', async () => {
      const deferred = new DeferredExecHandle();
      const failure = new DriverUnavailableError('gone');
      deferred.settle(Promise.reject(failure));
      await expect(firstValueFrom(deferred.output$)).rejects.toBe(failure);
      await expect(deferred.exit).rejects.toBe(failure);
    });

    it('ignores a second attach', async () => {
      const first = fakeInner();
      const second = fakeInner();
      const deferred = new DeferredExecHandle();
      deferred.attach(first.handle);
      deferred.attach(second.handle);
      await deferred.write('a');
      expect(first.written).toEqual(['a']);
      expect(second.written).toEqual([]);
    });
  });
});
