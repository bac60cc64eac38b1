import { MockDriver } from '@berth/driver-mock';
import { ContextNotFoundError } from '../errors/index.js';
import { scriptContextInterpreter } from '../testing/context-interpreter-script.js';
import { ContextRegistry } from './context-registry.js';

const IMAGE = 'berth/runtime:bookworm';

describe(ContextRegistry.name, () => {
  let mock: MockDriver;
  let running: () => number;
  let contexts: ContextRegistry;
  let containerId: string;

  beforeEach(async () => {
    mock = new MockDriver({ images: [IMAGE] });
    running = scriptContextInterpreter(mock);
    contexts = new ContextRegistry({ driver: mock, readinessTimeoutMs: 10_000 });
    const c = await mock.createContainer({ image: IMAGE, command: ['sleep', '1000'] });
    await mock.startContainer(c.id);
    containerId = c.id;
  });

  afterEach(async () => {
    await contexts.closeAll();
    await mock.dispose();
  });

  const session = (id: string) => ({ id, containerId, env: {} });

  describe('.open', () => {
    it('writes the interpreter script and registers a started interpreter', async () => {
      const info = await contexts.open(session('s1'), 'python');
      expect(info).toMatchObject({ sessionId: 's1', language: 'python' });
      expect(contexts.has(info.id)).toBe(true);
      expect(running()).toBe(1);
      expect(new TextDecoder().decode(await mock.getFile(containerId, 'context-repl.py')).length).toBeGreaterThan(0);
    });

    it('registers nothing and leaves no interpreter running when the interpreter fails to start', async () => {
      mock.onExec('python3', () => ({ exitCode: 1, stderr: 'no python here' }));
      await expect(contexts.open(session('s1'), 'python')).rejects.toThrow(/no python here/);
      expect(running()).toBe(0);
    });
  });

  describe('.closeSession', () => {
    it("closes only that session's contexts, unregistering them at once", async () => {
      const a1 = await contexts.open(session('a'), 'python');
      const a2 = await contexts.open(session('a'), 'python');
      const b = await contexts.open(session('b'), 'python');
      expect(running()).toBe(3);
      const closing = contexts.closeSession('a');
      expect([contexts.has(a1.id), contexts.has(a2.id), contexts.has(b.id)]).toEqual([false, false, true]);
      await closing;
      expect(running()).toBe(1);
      expect(() => contexts.require(a1.id)).toThrow(ContextNotFoundError);
      expect(contexts.require(b.id).info).toEqual(b);
    });
  });

  describe('.close / .closeAll', () => {
    it('close stops one context and then knows it no more; closeAll stops the rest', async () => {
      const a = await contexts.open(session('a'), 'python');
      await contexts.open(session('b'), 'python');
      await contexts.close(a.id);
      expect(running()).toBe(1);
      await expect(contexts.close(a.id)).rejects.toThrow(ContextNotFoundError);
      await contexts.closeAll();
      expect(running()).toBe(0);
    });
  });
});
