// The README's jest example, kept runnable.
import { DriverUnavailableError } from '@berth/core';
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import { MockDriver } from './index.js';

let mock: MockDriver;
beforeEach(() => {
  jest.useFakeTimers();
  mock = new MockDriver({ seed: 42 });
});
afterEach(async () => {
  await mock.dispose();
  jest.useRealTimers();
});

it('survives a flaky engine and a long-running job', async () => {
  // Script a command the mini shell does not know.
  mock.onExec('python', ({ stdin }) => ({ exitCode: 0, stdout: `ran: ${stdin}\n` }));

  const c = await mock.createContainer({ image: 'busybox:latest', command: ['sh', '-c', 'echo up; sleep 3600'] });

  // The first start fails like an engine hiccup; the second works.
  mock.faults.failNext(1, new DriverUnavailableError('engine hiccup'), { operation: 'startContainer' });
  await expect(mock.startContainer(c.id)).rejects.toThrow('engine hiccup');
  await mock.startContainer(c.id);

  expect(await mock.exec(c.id, { command: ['python', '-'], stdin: 'print(1)' })).toMatchObject({
    exitCode: 0,
    stdout: 'ran: print(1)\n',
  });

  // An hour passes instantly.
  const exited = mock.waitContainer(c.id);
  await jest.advanceTimersByTimeAsync(3_600_000);
  expect((await exited).exitCode).toBe(0);
  expect(await mock.getContainerLogs(c.id)).toBe('up\n');

  // What did the code under test call?
  expect(mock.callsTo('startContainer').map((call) => call.result)).toEqual(['error', 'ok']);
});
