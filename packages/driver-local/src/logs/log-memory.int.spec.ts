import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '../local-driver.js';

const MB = 1024 * 1024;

describe(`${LocalDriver.name} logs of a very noisy container`, () => {
  let home: string;
  let driver: LocalDriver;
  let id: string | undefined;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-'));
    driver = new LocalDriver({ home });
  });

  afterAll(async () => {
    if (id !== undefined) await driver.removeContainer(id, { force: true }).catch(() => undefined);
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it('streams 200 MB of output through files without growing the driver memory', async () => {
    const line = 'x'.repeat(999);
    const c = await driver.createContainer({
      image: 'host',
      command: ['sh', '-c', `yes ${line} | head -c ${200 * MB}; echo; echo last`],
    });
    id = c.id;
    global.gc?.();
    const before = process.memoryUsage().rss;
    await driver.startContainer(c.id);
    expect((await driver.waitContainer(c.id)).exitCode).toBe(0);
    expect((await stat(join(home, 'containers', c.id, 'logs.jsonl'))).size).toBeGreaterThan(200 * MB);

    expect(await driver.getContainerLogs(c.id, { tail: 1 })).toBe('last\n');
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      driver.logs$(c.id).subscribe({ next: () => count++, error: reject, complete: resolve });
    });
    expect(count).toBeGreaterThan(200_000);
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(100 * MB);
  }, 180_000);
});
