import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerClient } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { runBerth as berth } from '../../testing/berth-in-process.js';

await describeDocker('berth images build (Docker)', () => {
  const docker = createDockerClient({ socketPath: '/var/run/docker.sock' });
  const run = new DockerTestRun(docker);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-images-docker-'));
  });
  afterEach(async () => {
    await run.cleanup();
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => {
    (docker.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  });

  it('builds the directory FROM the local runtime image, honouring .dockerignore, with progress on stderr', async () => {
    const tag = `berth-test/${run.runId}:cli`;
    await writeFile(
      join(dir, 'Dockerfile'),
      [
        'FROM berth/runtime:bookworm',
        'COPY . /ctx/',
        'RUN test ! -e /ctx/secret.txt && python3 -c "import json; print(json.dumps({\'built\': True}))"',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, '.dockerignore'), 'secret.txt\n');
    await writeFile(join(dir, 'secret.txt'), 'do not send');
    await writeFile(join(dir, 'app.py'), 'print("app")\n');
    // tracked: a build still running when the test times out ends before the clean-up removes what it made
    const { stdout, stderr, code } = await run.track(
      berth('--driver', 'docker', 'images', 'build', '-t', tag, '--label', run.filter, dir),
    );
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stderr).toContain('Step 1/4 : FROM berth/runtime:bookworm');
    expect(stderr).toContain('  {"built": true}');
    const image = await docker.getImage(tag).inspect();
    expect(stdout).toBe(`${image.Id}\n`);
    expect(image.Config.Labels?.['berth.test']).toBe(run.runId);
  }, 120_000);

  it('exits 1 naming the failing step', async () => {
    await writeFile(join(dir, 'Dockerfile'), 'FROM berth/busybox:latest\nRUN echo about to fail && false\n');
    const { stderr, code } = await berth('--driver', 'docker', 'images', 'build', '--label', run.filter, dir);
    expect(code).toBe(1);
    expect(stderr).toContain('  about to fail');
    expect(stderr).toMatch(/returned a non-zero code: 1/);
  }, 60_000);
});
