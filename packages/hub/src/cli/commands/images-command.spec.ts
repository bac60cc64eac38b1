import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBerth as berth } from '../../testing/berth-in-process.js';

describe('berth images build', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-images-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('--help', () => {
    it('documents the options and the driver it needs', async () => {
      const { stdout } = await berth('images', 'build', '--help');
      for (const text of ['--tag', '--file', '--build-arg', '--no-cache', '--driver docker', 'stderr']) {
        expect(stdout).toContain(text);
      }
    });
  });

  describe('on the mock driver', () => {
    it('streams each step to stderr and prints the image id on stdout', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:latest\nRUN echo hi from the build\n');
      const { stdout, stderr, code } = await berth('--driver', 'mock', 'images', 'build', '-t', 'app:dev', dir);
      expect(code).toBe(0);
      expect(stderr).toBe(
        'Step 1/2 : FROM busybox:latest\nStep 2/2 : RUN echo hi from the build\n  hi from the build\n  Successfully built ' +
          stdout.slice(7, 19) +
          '\n',
      );
      expect(stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    });

    it('prints {imageId, tags} with --json and no progress', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:latest\n');
      const { stdout, stderr } = await berth(
        '--driver',
        'mock',
        '--json',
        'images',
        'build',
        '-t',
        'a:1',
        '-t',
        'a:2',
        dir,
      );
      expect(JSON.parse(stdout)).toEqual({ imageId: expect.stringMatching(/^sha256:/), tags: ['a:1', 'a:2'] });
      expect(stderr).toBe('');
    });

    it('exits 1 with the engine reason when a step fails', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:latest\nRUN exit 7\n');
      const { stderr, code } = await berth('--driver', 'mock', 'images', 'build', dir);
      expect(code).toBe(1);
      expect(stderr).toContain('returned a non-zero code: 7');
    });

    it('refuses a --build-arg without = as a usage error', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:latest\n');
      const { code, stderr } = await berth('--driver', 'mock', 'images', 'build', '--build-arg', 'NOVALUE', dir);
      expect(code).toBe(2);
      expect(stderr).toContain('--build-arg expects KEY=VALUE');
    });
  });

  describe('on a driver that cannot build', () => {
    it('exits 2 naming the driver to use', async () => {
      await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:latest\n');
      const { code, stderr } = await berth('--driver', 'local', '--home', join(dir, 'home'), 'images', 'build', dir);
      expect(code).toBe(2);
      expect(stderr).toContain('use --driver docker');
    });
  });
});
