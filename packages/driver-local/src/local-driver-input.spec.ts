import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@berth/core';
import { firstValueFrom, toArray } from 'rxjs';
import { LocalDriver } from './local-driver.js';

/** Input that the types forbid, as a caller without TypeScript could pass it. */
const bad = <T>(value: unknown): T => value as T;

async function issuePaths(run: () => Promise<unknown>): Promise<string[]> {
  const error = await run().then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!ValidationError.is(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error.issues.map((i) => i.path);
}

describe(LocalDriver.name, () => {
  let home: string;
  let driver: LocalDriver;
  const id = 'no-such-container';

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-input-'));
    driver = new LocalDriver({ home });
  });

  afterEach(async () => {
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  describe('when called with malformed arguments', () => {
    it('.exec throws ValidationError for a null spec', async () => {
      expect(await issuePaths(() => driver.exec(id, bad(null)))).toHaveLength(1);
    });

    it('.putFiles throws ValidationError for a non-array', async () => {
      expect(await issuePaths(() => driver.putFiles(id, bad(null)))).toHaveLength(1);
    });

    it('.putFiles throws ValidationError listing a numeric content and a negative mode', async () => {
      const files = bad<[]>([
        { path: 'a', content: 5 },
        { path: 'b', content: 'x', mode: -1 },
      ]);
      expect(await issuePaths(() => driver.putFiles(id, files))).toEqual(['0.content', '1.mode']);
    });

    it('.getFile throws ValidationError for a non-string path', async () => {
      expect(await issuePaths(() => driver.getFile(id, bad(5)))).toEqual(['path']);
    });

    it('.stopContainer throws ValidationError for a negative timeoutMs', async () => {
      expect(await issuePaths(() => driver.stopContainer(id, { timeoutMs: -1 }))).toEqual(['timeoutMs']);
    });

    it('.restartContainer throws ValidationError for a fractional timeoutMs', async () => {
      expect(await issuePaths(() => driver.restartContainer(id, { timeoutMs: 0.5 }))).toEqual(['timeoutMs']);
    });

    it('.listContainers throws ValidationError for an unknown state', async () => {
      expect(await issuePaths(() => driver.listContainers(bad({ state: 'nope' })))).toEqual(['state']);
    });

    it('.getContainerLogs throws ValidationError for a negative tail', async () => {
      expect(await issuePaths(() => driver.getContainerLogs(id, { tail: -1 }))).toEqual(['tail']);
    });

    it('.logs$ errors with ValidationError for a since that is not a Date', async () => {
      const paths = await issuePaths(() => firstValueFrom(driver.logs$(id, bad({ since: 'yesterday' }))));
      expect(paths).toEqual(['since']);
    });

    it('.stats$ errors with ValidationError for a zero interval', async () => {
      const paths = await issuePaths(() => firstValueFrom(driver.stats$(id, { intervalMs: 0 }).pipe(toArray())));
      expect(paths).toEqual(['intervalMs']);
    });

    it.each<[string, unknown]>([
      ['null', null],
      ['a string', 'fast'],
      ['a NaN interval', { intervalMs: Number.NaN }],
    ])('.stats$ errors with ValidationError for %s options', async (_what, opts) => {
      const paths = await issuePaths(() => firstValueFrom(driver.stats$(id, bad(opts)).pipe(toArray())));
      expect(paths).toHaveLength(1);
    });

    it.each<[string, unknown]>([
      ['null', null],
      ['a number', 5],
    ])('.logs$ errors with ValidationError for %s options', async (_what, opts) => {
      const paths = await issuePaths(() => firstValueFrom(driver.logs$(id, bad(opts)).pipe(toArray())));
      expect(paths).toHaveLength(1);
    });

    it.each<[string, unknown, string[]]>([
      ['an unknown event type', { types: ['bogus'] }, ['types.0']],
      ['labels that are not a record', { labels: 5 }, ['labels']],
      ['a numeric sessionId', { sessionId: 5 }, ['sessionId']],
      ['null', null, ['']],
    ])('.events$ errors with ValidationError for %s', async (_what, eventFilter, paths) => {
      expect(await issuePaths(() => firstValueFrom(driver.events$(bad(eventFilter)).pipe(toArray())))).toEqual(paths);
    });
  });
});
