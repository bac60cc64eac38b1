import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerClient } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { jest } from '@jest/globals';
import { CliExit, exitCodeFor } from '../exit-codes.js';
import { buildProgram } from '../program.js';

/** Runs `berth …` in-process (stdout and stderr captured), as main.ts maps its errors to exit codes. */
async function berth(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const argv = ['node', 'berth', ...args];
  process.exitCode = 0;
  let code = 0;
  try {
    await buildProgram(argv).parseAsync(argv);
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    code = e instanceof CliExit ? e.code : exitCodeFor(e);
    stderr += String((e as Error).message);
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = 0;
  }
  return { stdout, stderr, code };
}

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
    const { stdout, stderr, code } = await berth(
      '--driver',
      'docker',
      'images',
      'build',
      '-t',
      tag,
      '--label',
      run.filter,
      dir,
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
