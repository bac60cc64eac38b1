import { MockDriver } from '@berth/driver-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SessionManager } from '../manager/index.js';
import { collectStreamedOutput } from '../testing/streamed-output.js';

const IMAGE = 'berth/runtime:bookworm';

describe('SessionManager.executeCode onStdout / onStderr (mock, scripted)', () => {
  let mock: MockDriver;
  let manager: SessionManager;
  let sessionId: string;
  let release: () => void = () => undefined;

  beforeEach(async () => {
    mock = new MockDriver({ images: [IMAGE] });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    mock.onExec('sh', async ({ writeStdout, writeStderr }) => {
      writeStdout('first\n');
      writeStderr(new Uint8Array([0x77, 0x61, 0x72, 0x6e, 0x20, 0xc3])); // "warn " and half of "é"
      await released;
      writeStderr(new Uint8Array([0xa9, 0x0a])); // the rest of "é", newline
      writeStdout('second\n');
      return { exitCode: 3 };
    });
    manager = new SessionManager(mock);
    sessionId = (await manager.createSession({ agentType: 'bash' })).id;
  });

  afterEach(async () => {
    release();
    await manager.dispose();
    await mock.dispose();
  });

  it('hands each piece to the callbacks while the run is going, characters whole, before the result', async () => {
    const output = collectStreamedOutput({ stdout: 'first\n', stderr: 'warn ' });
    const running = manager.executeCode(sessionId, { language: 'bash', code: 'true', ...output.callbacks });
    await output.firstSeen; // the scripted run goes on only once released, below
    release();
    const r = await running;
    expect(r).toMatchObject({ exitCode: 3, stdout: 'first\nsecond\n', stderr: 'warn é\n' });
    expect([output.stdout(), output.stderr()]).toEqual(['first\nsecond\n', 'warn é\n']);
  });

  it('ignores a callback that throws (the run and its result are unaffected)', async () => {
    release();
    const r = await manager.executeCode(sessionId, {
      language: 'bash',
      code: 'true',
      onStdout: () => {
        throw new Error('caller bug');
      },
    });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'first\nsecond\n' });
  });

  it('refuses a callback that is not a function with ValidationError', async () => {
    await expect(
      manager.executeCode(sessionId, { language: 'bash', code: 'true', onStdout: 'x' as unknown as () => void }),
    ).rejects.toMatchObject({ code: 'BERTH_VALIDATION' });
  });
});
