import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@berth/core';
import { buildContextFromDir, isIgnored, parseDockerignore } from './build-context-from-dir.js';

describe(parseDockerignore.name, () => {
  it.each([
    ['node_modules', 'node_modules/x/y.js', true],
    ['*.log', 'a.log', true],
    ['*.log', 'sub/a.log', false],
    ['**/*.log', 'sub/a.log', true],
    ['/secret.txt', 'secret.txt', true],
    ['docs/', 'docs/readme.md', true],
    ['src', 'srcs/x', false],
  ])('%s applied to %s ignores it: %s', (rule, path, ignored) => {
    expect(isIgnored(path, parseDockerignore(rule))).toBe(ignored);
  });
  it('lets a later ! rule re-include', () => {
    expect(isIgnored('keep.log', parseDockerignore('*.log\n!keep.log\n# comment\n'))).toBe(false);
  });
});

describe(buildContextFromDir.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-ctx-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every file with its mode, minus what .dockerignore excludes (never the Dockerfile)', async () => {
    await writeFile(join(dir, 'Dockerfile'), 'FROM x\n');
    await writeFile(join(dir, '.dockerignore'), 'Dockerfile\nsecret.txt\nlogs\n');
    await writeFile(join(dir, 'secret.txt'), 's');
    await mkdir(join(dir, 'logs'));
    await writeFile(join(dir, 'logs', 'a.log'), 'l');
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin', 'run.sh'), 'echo');
    await chmod(join(dir, 'bin', 'run.sh'), 0o755);
    const files = await buildContextFromDir(dir);
    expect(files.map((f) => [f.path, f.mode])).toEqual([
      ['.dockerignore', 0o644],
      ['bin/run.sh', 0o755],
      ['Dockerfile', 0o644],
    ]);
  });

  it('refuses a path that is not a directory with ValidationError', async () => {
    await expect(buildContextFromDir(join(dir, 'nope'))).rejects.toBeInstanceOf(ValidationError);
  });
});
