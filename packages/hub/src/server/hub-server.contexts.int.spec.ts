import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDriver } from '@berth/core';
import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { LocalDriver } from '@berth/driver-local';
import { SessionManager, type SessionManagerOptions } from '@berth/session-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import type { ServerMessage } from '../protocol/index.js';
import { HubServer } from './hub-server.js';

const READER = 'reader-token-0123456789';
const OPERATOR = 'operator-token-0123456789';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

type Frame = ServerMessage & { data: Record<string, unknown> };

/**
 * Context requests over the wire with a real `ws` client against a hub whose session manager runs on `name`:
 * create/list/restart/close, runs in python, typescript and bash with their results, errors and display outputs,
 * `codeOutput` frames streamed while a run is going (before its `codeResult`), a bash interrupt keeping the
 * shell, and typed error frames (validation, forbidden, context not found).
 */
function hubContextScenarios(
  name: string,
  makeDriver: () => ContainerDriver | Promise<ContainerDriver>,
  managerOptions: SessionManagerOptions = {},
): void {
  jest.setTimeout(120_000); // real engines on shared CI cores
  describe(`hub context requests on ${name}`, () => {
    let driver: ContainerDriver;
    let sessions: SessionManager;
    let hub: HubServer;
    let url: string;
    let sessionId: string;
    const clients: HubClient[] = [];
    const runLabel = `hubctx-${Date.now().toString(36)}`;

    const connect = async (token = OPERATOR): Promise<HubClient> => {
      const client = await HubClient.connect(url, { token });
      clients.push(client);
      return client;
    };

    /** Sends a request and waits for its answer (or its `error`), by `requestId`. */
    const ask = async (client: HubClient, message: Record<string, unknown>, timeoutMs = 60_000): Promise<Frame> => {
      const requestId = `r-${Math.random().toString(36).slice(2)}`;
      client.sendRaw(JSON.stringify({ ...message, requestId }));
      return client.next(
        (m) => m.type !== 'codeOutput' && (m.data as { requestId?: unknown }).requestId === requestId,
        timeoutMs,
      );
    };

    /** The `codeOutput` frames and the `codeResult` (or `error`) of request `requestId`, in arrival order, until `stop` holds. */
    const frames = async (
      client: HubClient,
      requestId: string,
      into: Frame[],
      stop: (f: Frame) => boolean = (f) => f.type !== 'codeOutput',
    ): Promise<void> => {
      for (;;) {
        const f = await client.next<Frame>(
          (m) =>
            ['codeOutput', 'codeResult', 'error'].includes(m.type) &&
            (m.data as { requestId?: unknown }).requestId === requestId,
          60_000,
        );
        into.push(f);
        if (stop(f) || f.type !== 'codeOutput') return;
      }
    };

    beforeAll(async () => {
      driver = await makeDriver();
      sessions = new SessionManager(driver, {
        ...managerOptions,
        labels: { 'test.run': runLabel },
        reapIntervalMs: 60_000,
      });
      hub = new HubServer({
        drivers: { [name]: driver },
        sessions,
        config: { port: 0, authToken: READER, operatorToken: OPERATOR },
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
        dashboardDir: false,
      });
      ({ url } = await hub.start());
      sessionId = (await sessions.createSession({ agentType: 'python' })).id;
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });

    afterAll(async () => {
      await hub?.close();
      const left = (await driver?.listContainers({ labels: { 'test.run': runLabel } }).catch(() => [])) ?? [];
      await Promise.all(left.map((c) => driver.removeContainer(c.id, { force: true }).catch(() => undefined)));
      await sessions?.dispose().catch(() => undefined);
      await driver?.dispose().catch(() => undefined);
    });

    it('streams a bash run as codeOutput frames while it is going, then codeResult after the last frame', async () => {
      const client = await connect();
      const created = await ask(client, { type: 'createContext', sessionId, language: 'bash', env: { MODE: 'hub' } });
      expect(created).toMatchObject({ type: 'contextCreated', sessionId, data: { context: { language: 'bash' } } });
      const contextId = (created.data.context as { id: string }).id;
      await sessions.exec(sessionId, { command: ['rm', '-f', 'go-hub'] });
      const got: Frame[] = [];
      client.send({
        type: 'runInContext',
        contextId,
        code: 'echo "first $MODE"; echo warn >&2; while [ ! -e go-hub ]; do sleep 0.02; done; echo second',
        requestId: 'run-1',
      });
      // the run goes on only once the test writes go-hub, below
      await frames(client, 'run-1', got, (f) => f.type === 'codeOutput' && String(f.data.text).includes('first'));
      expect(got.some((f) => f.type === 'codeResult')).toBe(false);
      await sessions.uploadFiles(sessionId, [{ path: 'go-hub', content: '' }]);
      await frames(client, 'run-1', got);
      const result = got.at(-1) as Frame;
      expect(result).toMatchObject({
        type: 'codeResult',
        sessionId,
        data: { exitCode: 0, stdout: 'first hub\nsecond\n', stderr: 'warn\n', contextId, timedOut: false },
      });
      const outputs = got.filter((f) => f.type === 'codeOutput');
      expect(outputs.map((f) => f.data.seq)).toEqual(outputs.map((_, i) => i + 1));
      expect(outputs.every((f) => f.data.requestId === 'run-1' && f.data.contextId === contextId)).toBe(true);
      const text = (stream: string) =>
        outputs
          .filter((f) => f.data.stream === stream)
          .map((f) => f.data.text)
          .join('');
      expect([text('stdout'), text('stderr')]).toEqual(['first hub\nsecond\n', 'warn\n']);
      expect(result.data.streamed).toEqual({ frames: outputs.length, droppedChars: 0 });
    });

    it('interrupts a bash run on its timeout and keeps the shell for the next run', async () => {
      const client = await connect();
      const created = await ask(client, { type: 'createContext', sessionId, language: 'bash' });
      const contextId = (created.data.context as { id: string }).id;
      await ask(client, { type: 'runInContext', contextId, code: 'KEPT=7; cd /tmp' });
      const slow = await ask(client, { type: 'runInContext', contextId, code: 'KEPT=8; sleep 300', timeoutMs: 500 });
      expect(slow.data).toMatchObject({ timedOut: true, exitCode: 130 });
      const next = await ask(client, { type: 'runInContext', contextId, code: 'echo "$KEPT $PWD"' });
      expect(next.data).toMatchObject({ exitCode: 0, stdout: '8 /tmp\n', timedOut: false });
    });

    it('gives python results, errors with traceback and PNG display outputs', async () => {
      const client = await connect();
      const created = await ask(client, { type: 'createContext', sessionId, language: 'python' });
      const contextId = (created.data.context as { id: string }).id;
      const shown = await ask(client, {
        type: 'runInContext',
        contextId,
        code: `import base64\nx = 41\ndisplay(base64.b64decode("${PNG}"))\nx + 1`,
      });
      expect(shown).toMatchObject({ type: 'codeResult', data: { exitCode: 0, text: '42' } });
      expect(shown.data.outputs).toEqual([expect.objectContaining({ 'image/png': PNG })]);
      const failed = await ask(client, {
        type: 'runInContext',
        contextId,
        code: 'def f():\n    raise KeyError("k")\nf()',
      });
      expect(failed.data).toMatchObject({ exitCode: 1, error: { name: 'KeyError', value: "'k'" } });
      expect((failed.data.error as { traceback: string }).traceback).toMatch(/line 2, in f[\s\S]*KeyError: 'k'/);
    });

    it('runs typescript in a context and in a streamed executeCode', async () => {
      const client = await connect();
      const created = await ask(client, { type: 'createContext', sessionId, language: 'typescript' });
      const contextId = (created.data.context as { id: string }).id;
      await ask(client, { type: 'runInContext', contextId, code: 'const base: number = 40;' });
      const r = await ask(client, { type: 'runInContext', contextId, code: 'interface P { n: number }\nbase + 2' });
      expect(r.data).toMatchObject({ exitCode: 0, text: '42' });
      const got: Frame[] = [];
      client.send({
        type: 'executeCode',
        sessionId,
        language: 'typescript',
        code: 'const n: number = 6 * 7; console.log(n); console.error("e");',
        stream: true,
        requestId: 'exec-ts',
      });
      await frames(client, 'exec-ts', got);
      const streamed = got.at(-1) as Frame;
      expect(streamed.type).toBe('codeResult');
      const outputs = got.filter((f) => f.type === 'codeOutput');
      expect(streamed.data).toMatchObject({ exitCode: 0, stdout: '42\n', stderr: 'e\n' });
      expect(outputs.map((f) => [f.data.stream, f.data.text]).sort()).toEqual([
        ['stderr', 'e\n'],
        ['stdout', '42\n'],
      ]);
      expect(streamed.data.streamed).toEqual({ frames: 2, droppedChars: 0 });
    });

    it('lists (reader too), restarts and closes contexts; a closed one is BERTH_CONTEXT_NOT_FOUND', async () => {
      const client = await connect();
      const created = await ask(client, { type: 'createContext', sessionId, language: 'python', cwd: '/tmp' });
      const context = created.data.context as { id: string };
      expect(context).toMatchObject({ sessionId, language: 'python', cwd: '/tmp' });
      await ask(client, { type: 'runInContext', contextId: context.id, code: 'gone = 1' });
      const reader = await connect(READER);
      const list = await ask(reader, { type: 'listContexts', sessionId });
      expect(list.type).toBe('contextList');
      expect(list.data.contexts).toContainEqual({ id: context.id, sessionId, language: 'python', cwd: '/tmp' });
      const restarted = await ask(client, { type: 'restartContext', contextId: context.id });
      expect(restarted).toMatchObject({ type: 'contextRestarted', sessionId, data: { context: { id: context.id } } });
      const after = await ask(client, { type: 'runInContext', contextId: context.id, code: 'gone' });
      expect(after.data).toMatchObject({ error: { name: 'NameError' } });
      expect(await ask(client, { type: 'closeContext', contextId: context.id })).toMatchObject({
        type: 'contextClosed',
        data: { contextId: context.id },
      });
      const missing = await ask(client, { type: 'runInContext', contextId: context.id, code: '1' });
      expect(missing).toMatchObject({ type: 'error', data: { code: 'BERTH_CONTEXT_NOT_FOUND' } });
    });

    it('answers bad requests with typed error frames and keeps the connection', async () => {
      const client = await connect();
      const badLanguage = await ask(client, { type: 'createContext', sessionId, language: 'ruby' });
      expect(badLanguage).toMatchObject({ type: 'error', data: { code: 'BERTH_VALIDATION' } });
      const tooBig = await ask(client, { type: 'runInContext', contextId: 'ctx-x', code: 'x'.repeat(256 * 1024 + 1) });
      expect(tooBig).toMatchObject({ type: 'error', data: { code: 'BERTH_VALIDATION' } });
      const badEnv = await ask(client, { type: 'createContext', sessionId, language: 'bash', env: { 'A=B': 'x' } });
      expect(badEnv).toMatchObject({ type: 'error', data: { code: 'BERTH_VALIDATION' } });
      const reader = await connect(READER);
      const forbidden = await ask(reader, { type: 'createContext', sessionId, language: 'bash' });
      expect(forbidden).toMatchObject({ type: 'error', data: { code: 'BERTH_HUB_FORBIDDEN' } });
      const unknownSession = await ask(client, { type: 'createContext', sessionId: 'ses-missing', language: 'bash' });
      expect(unknownSession).toMatchObject({ type: 'error', data: { code: 'BERTH_SESSION_NOT_FOUND' } });
      client.send({ type: 'ping', data: 'still open' });
      expect((await client.next((m) => m.type === 'pong')).data).toBe('still open');
    });
  });
}

const home = await mkdtemp(join(tmpdir(), 'berth-hub-ctx-'));
afterAll(() => rm(home, { recursive: true, force: true }));

hubContextScenarios('local', () => new LocalDriver({ home }));

await describeDocker('hub context requests (Docker)', () => {
  hubContextScenarios('docker', () => DockerDriver.connect(), { images: { default: 'berth/runtime:bookworm' } });
});
