import { type ContainerDriver, ValidationError } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { pino } from 'pino';
import { ChannelRegistry } from '../channels/index.js';
import { HubMetrics } from '../metrics/index.js';
import { CODE_RESULT_OUTPUT_LIMIT, HubOperations } from './hub-operations.js';
import type { SessionControl } from './session-control.js';

describe(HubOperations.name, () => {
  let driver: MockDriver;
  let registry: ChannelRegistry;
  const log = pino({ level: 'silent' });

  beforeEach(() => {
    driver = new MockDriver();
    const drivers = new Map<string, ContainerDriver>([['mock', driver]]);
    registry = new ChannelRegistry(
      drivers,
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

  describe('without a session manager', () => {
    it('lists no sessions', async () => {
      const ops = new HubOperations({ registry, log });
      expect(await ops.listSessions()).toMatchObject({ type: 'sessionList', data: { sessions: [] } });
    });

    it('throws ValidationError for createSession and executeCode', async () => {
      const ops = new HubOperations({ registry, log });
      await expect(ops.createSession({ type: 'createSession', language: 'python' })).rejects.toThrow(ValidationError);
      await expect(
        ops.executeCode({ type: 'executeCode', sessionId: 's', language: 'bash', code: 'true' }),
      ).rejects.toThrow(ValidationError);
    });
  });

  describe('.executeCode', () => {
    it('clips very long output and echoes the requestId', async () => {
      const sessions: Pick<SessionControl, 'executeCode'> = {
        executeCode: async () => ({
          exitCode: 0,
          stdout: 'x'.repeat(CODE_RESULT_OUTPUT_LIMIT + 10),
          stderr: '',
          durationMs: 1,
          timedOut: false,
        }),
      };
      const ops = new HubOperations({ registry, log, sessions });
      const reply = await ops.executeCode({
        type: 'executeCode',
        sessionId: 's',
        language: 'bash',
        code: 'yes',
        requestId: 'r1',
      });
      expect(reply.type).toBe('codeResult');
      const data = reply.data as { stdout: string; requestId: string };
      expect(data.stdout.length).toBeLessThan(CODE_RESULT_OUTPUT_LIMIT + 20);
      expect(data.stdout.endsWith('(truncated)')).toBe(true);
      expect(data.requestId).toBe('r1');
    });
  });

  describe('.containerAction', () => {
    it('stops a container on the host that runs it', async () => {
      const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', '3600'] });
      await driver.startContainer(c.id);
      const ops = new HubOperations({ registry, log });
      const reply = await ops.containerAction({ type: 'containerAction', containerID: c.id, action: 'stop' });
      expect(reply).toMatchObject({ type: 'actionDone', containerID: c.id, hostId: 'mock', data: { action: 'stop' } });
      expect((await driver.getContainer(c.id))?.state).toBe('exited');
    });

    it('throws ContainerNotFoundError for an unknown id', async () => {
      const ops = new HubOperations({ registry, log });
      await expect(
        ops.containerAction({ type: 'containerAction', containerID: 'nope', action: 'remove' }),
      ).rejects.toThrow('not found');
    });
  });
});
