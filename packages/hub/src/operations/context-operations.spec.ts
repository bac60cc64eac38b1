import { DriverUnavailableError, ValidationError } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import type { OutgoingMessage } from '../protocol/index.js';
import { ContextOperations } from './context-operations.js';
import type { SessionControl } from './session-control.js';

const log = pino({ level: 'silent' });

describe(ContextOperations.name, () => {
  describe('.handle', () => {
    it('throws ValidationError naming the request when the hub has no session manager that can serve it', async () => {
      const ops = new ContextOperations({ log });
      const err = await ops.handle({ type: 'restartContext', contextId: 'c' }, () => undefined).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).message).toMatch(/restartContext needs a hub with a session manager/);
    });

    describe('when the code ends the context interpreter', () => {
      it('says so in the codeResult (interpreterExited), with the exit status', async () => {
        const sessions: Pick<SessionControl, 'runInContext' | 'listContexts'> = {
          listContexts: () => [{ id: 'c', sessionId: 's', language: 'bash' }],
          runInContext: async () => ({
            exitCode: 3,
            stdout: 'bye\n',
            stderr: '',
            durationMs: 1,
            timedOut: false,
            interpreterExited: true,
          }),
        };
        const ops = new ContextOperations({ log, sessions });
        const reply = await ops.handle(
          { type: 'runInContext', contextId: 'c', code: 'exit 3', requestId: 'r1' },
          () => undefined,
        );
        expect(reply).toMatchObject({
          type: 'codeResult',
          data: { exitCode: 3, stdout: 'bye\n', interpreterExited: true },
        });
      });
    });

    describe('when a run fails after some output', () => {
      it('sends that output as codeOutput frames, rejects with the typed error and sends nothing afterwards', async () => {
        let late: ((text: string) => void) | undefined;
        const sessions: Pick<SessionControl, 'runInContext' | 'listContexts'> = {
          listContexts: () => [{ id: 'c', sessionId: 's', language: 'bash' }],
          runInContext: async (_id, _code, options) => {
            options.onStdout?.('before the failure\n');
            late = options.onStdout;
            throw new DriverUnavailableError('context interpreter was stopped');
          },
        };
        const sent: OutgoingMessage[] = [];
        const ops = new ContextOperations({ log, sessions, outputLimits: { coalesceMs: 60_000 } });
        const err = await ops
          .handle({ type: 'runInContext', contextId: 'c', code: 'x', requestId: 'r1' }, (m) => sent.push(m))
          .catch((e) => e);
        expect(err).toBeInstanceOf(DriverUnavailableError);
        late?.('after the failure\n');
        expect(sent).toEqual([
          {
            type: 'codeOutput',
            sessionId: 's',
            data: { seq: 1, stream: 'stdout', text: 'before the failure\n', contextId: 'c', requestId: 'r1' },
          },
        ]);
      });
    });
  });
});
