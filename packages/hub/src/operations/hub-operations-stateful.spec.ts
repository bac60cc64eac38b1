import { type ContainerDriver, ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { ChannelRegistry } from '../channels/index.js';
import { HubMetrics } from '../metrics/index.js';
import { CONTEXT_WIRE_OUTPUTS_LIMIT, CONTEXT_WIRE_TEXT_LIMIT } from './context-result-wire.js';
import { HubOperations, STATEFUL_CONTEXTS_LIMIT } from './hub-operations.js';
import type { ContextRunResultLike, SessionControl } from './session-control.js';

type Contexts = Pick<SessionControl, 'createContext' | 'runInContext'>;

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const ok = (extra: Partial<ContextRunResultLike> = {}): ContextRunResultLike => ({
  exitCode: 0,
  stdout: '',
  stderr: '',
  durationMs: 1,
  timedOut: false,
  ...extra,
});

describe(`${HubOperations.name} executeCode with stateful: true`, () => {
  let driver: MockDriver;
  let registry: ChannelRegistry;
  const log = pino({ level: 'silent' });

  beforeEach(() => {
    driver = new MockDriver();
    registry = new ChannelRegistry(
      new Map<string, ContainerDriver>([['mock', driver]]),
      undefined,
      { ringSize: 10 },
      new HubMetrics({ defaultMetrics: false }),
      log,
    );
  });

  afterEach(async () => {
    registry.closeAll();
    await driver.dispose();
  });

  it('runs in one context per session and language, opened on first use, and answers text, error and outputs', async () => {
    const opened: string[] = [];
    const ran: string[] = [];
    const sessions: Contexts = {
      createContext: async (sessionId, language) => {
        opened.push(`${sessionId}/${language}`);
        return { id: `ctx-${opened.length}` };
      },
      runInContext: async (contextId, code) => {
        ran.push(`${contextId}:${code}`);
        return ok({
          exitCode: 1,
          text: '42',
          error: { name: 'ValueError', value: 'bad', traceback: 'Traceback…' },
          outputs: [{ 'image/png': PNG }],
        });
      },
    };
    const ops = new HubOperations({ registry, log, sessions });
    const msg = { type: 'executeCode', sessionId: 's', language: 'python', code: 'x', stateful: true } as const;
    const reply = await ops.executeCode({ ...msg, requestId: 'r1' });
    await ops.executeCode(msg);
    await ops.executeCode({ ...msg, language: 'bash' });
    expect(opened).toEqual(['s/python', 's/bash']);
    expect(ran).toEqual(['ctx-1:x', 'ctx-1:x', 'ctx-2:x']);
    expect(reply).toMatchObject({
      type: 'codeResult',
      sessionId: 's',
      data: {
        exitCode: 1,
        text: '42',
        error: { name: 'ValueError', value: 'bad', traceback: 'Traceback…' },
        outputs: [{ 'image/png': PNG }],
        requestId: 'r1',
      },
    });
  });

  it('opens a new context when its context was closed', async () => {
    let contexts = 0;
    const closed = new Set<string>();
    const sessions: Contexts = {
      createContext: async () => ({ id: `ctx-${++contexts}` }),
      runInContext: async (contextId) => {
        if (closed.has(contextId)) throw Object.assign(new Error('gone'), { code: 'BERTH_CONTEXT_NOT_FOUND' });
        return ok({ text: contextId });
      },
    };
    const ops = new HubOperations({ registry, log, sessions });
    const msg = { type: 'executeCode', sessionId: 's', language: 'python', code: 'x', stateful: true } as const;
    await ops.executeCode(msg);
    closed.add('ctx-1');
    expect((await ops.executeCode(msg)).data).toMatchObject({ text: 'ctx-2' });
  });

  it('bounds text and the outputs of one result, saying what was dropped', async () => {
    const sessions: Contexts = {
      createContext: async () => ({ id: 'ctx' }),
      runInContext: async () =>
        ok({
          text: 't'.repeat(CONTEXT_WIRE_TEXT_LIMIT + 100),
          outputs: [
            { 'image/png': 'A'.repeat(CONTEXT_WIRE_OUTPUTS_LIMIT - 10) },
            { 'image/png': PNG },
            { 'text/plain': 'small' },
          ],
        }),
    };
    const ops = new HubOperations({ registry, log, sessions });
    const reply = await ops.executeCode({
      type: 'executeCode',
      sessionId: 's',
      language: 'python',
      code: 'x',
      stateful: true,
    });
    const data = reply.data as { text: string; outputs: Record<string, string>[] };
    expect(data.text.length).toBeLessThan(CONTEXT_WIRE_TEXT_LIMIT + 100);
    expect(data.text.endsWith('(truncated)')).toBe(true);
    expect(data.outputs[1]).toEqual({ 'text/plain': expect.stringMatching(/dropped/) });
    expect(data.outputs[2]).toEqual({ 'text/plain': 'small' });
  });

  it('remembers at most STATEFUL_CONTEXTS_LIMIT contexts, forgetting the oldest (reopened on its next use)', async () => {
    const opened: string[] = [];
    const sessions: Contexts = {
      createContext: async (sessionId) => {
        opened.push(sessionId);
        return { id: `ctx-${sessionId}` };
      },
      runInContext: async () => ok(),
    };
    const ops = new HubOperations({ registry, log, sessions });
    const run = (sessionId: string) =>
      ops.executeCode({ type: 'executeCode', sessionId, language: 'python', code: 'x', stateful: true });
    for (let i = 0; i <= STATEFUL_CONTEXTS_LIMIT; i += 1) await run(`s${i}`);
    await run(`s${STATEFUL_CONTEXTS_LIMIT}`); // still remembered
    await run('s0'); // forgotten: opened again
    expect(opened).toHaveLength(STATEFUL_CONTEXTS_LIMIT + 2);
    expect(opened.at(-1)).toBe('s0');
  });

  it('throws ValidationError when the session manager has no contexts', async () => {
    const ops = new HubOperations({ registry, log, sessions: { executeCode: async () => ok() } });
    await expect(
      ops.executeCode({ type: 'executeCode', sessionId: 's', language: 'python', code: 'x', stateful: true }),
    ).rejects.toThrow(ValidationError);
  });
});
