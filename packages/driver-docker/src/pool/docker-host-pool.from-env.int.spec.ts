import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BERTH, createBerth } from '@berth/core';
import { dockerHostsFromEnv } from '../config/docker-hosts-config.js';
import { dockerSettingsFromEnv } from '../config/docker-settings-from-env.js';
import { connectDockerDriverModule } from '../di/docker-driver-module.js';
import { packTar } from '../files/tar-archive.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import { useDockerTestPool } from '../testing/docker-test-pool.js';
import type { MultiEngineTestRun } from '../testing/multi-engine-test-run.js';
import { holdSecondEngine, secondEngineSocket } from '../testing/second-engine.js';
import { DockerHostPool } from './docker-host-pool.js';

const IMAGE = 'berth/busybox:latest';
const MAIN_SOCKET = '/var/run/docker.sock';

// the second engine is shared with the other pool specs: hold it (started, then stopped) for this file
holdSecondEngine();

await describeDocker(`${DockerHostPool.name} from configuration`, () => {
  let pool: DockerHostPool;
  let run: MultiEngineTestRun;
  let labels: Record<string, string>;

  useDockerTestPool(
    async () => {
      // the seed's multi-host manager shape and a DOCKER_HOST url, from a config file
      const dir = mkdtempSync(join(tmpdir(), 'berth-pool-env-'));
      const env = { BERTH_DOCKER_HOSTS_FILE: join(dir, 'hosts.json'), STATS_INTERVAL: '250' };
      let hosts: ReturnType<typeof dockerHostsFromEnv>;
      try {
        writeFileSync(
          env.BERTH_DOCKER_HOSTS_FILE,
          JSON.stringify({
            hosts: [
              { id: 'main', url: `unix://${MAIN_SOCKET}` },
              { hostId: 'second', name: 'Second engine', connection: { socketPath: secondEngineSocket() } },
            ],
          }),
        );
        hosts = dockerHostsFromEnv(env); // reads the file now: nothing reads it later
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const { statsIntervalMs } = dockerSettingsFromEnv(env);
      const berth = createBerth({
        driver: await connectDockerDriverModule({
          ...(hosts === undefined ? {} : { hosts }),
          statsIntervalMs: statsIntervalMs ?? 1000,
        }),
      });
      return { pool: berth.container.get(BERTH.ContainerDriver) as DockerHostPool, dispose: () => berth.dispose() };
    },
    (t) => {
      ({ pool, run } = t);
      labels = run.labels;
    },
  );

  it('is a pool over both engines, each answering its own system info', async () => {
    expect(pool).toBeInstanceOf(DockerHostPool);
    expect(pool.hostIds).toEqual(['main', 'second']);
    const infos = await pool.getHostsSystemInfo();
    expect(infos.map((i) => i.host).sort()).toEqual(['main', 'second']);
    // two engines, not one engine twice (the test engines may share an engine id: tell them by their data root)
    expect(new Set(infos.map((i) => i.details['dockerRootDir'])).size).toBe(2);
    const versions = await pool.getHostsSystemVersion();
    expect(versions.map((v) => v.host).sort()).toEqual(['main', 'second']);
    const usage = await pool.getHostsSystemUsage();
    expect(usage.every((u) => u.images.count > 0)).toBe(true);
  });

  it('lists containers of both hosts and routes inspect to the host that has the container', async () => {
    const a = await pool.createContainer({ image: IMAGE, command: ['sleep', '30'], labels }, { hostId: 'main' });
    const b = await pool.createContainer({ image: IMAGE, command: ['sleep', '30'], labels }, { hostId: 'second' });
    const listed = await pool.listContainers({ labels });
    expect(listed.map((c) => [c.id, c.host]).sort()).toEqual(
      [
        [a.id, 'main'],
        [b.id, 'second'],
      ].sort(),
    );
    const detail = await pool.inspectContainer(b.id);
    expect([detail.host, detail.command]).toEqual(['second', ['sleep', '30']]);
  });

  it("builds a tar stream context on every host, reporting one host's steps", async () => {
    const tag = `berth-test/${run.runId}:stream`;
    const tar = await packTar([{ name: 'Dockerfile', mode: 0o644, content: Buffer.from(`FROM ${IMAGE}\n`) }]);
    const steps: number[] = [];
    // tracked: a build still running when the test times out ends before the clean-up removes what it made
    await run.track(
      pool.buildImage({
        context: Readable.from([tar]),
        tags: [tag],
        labels,
        onProgress: (p) => {
          if (p.kind === 'step' && p.step !== undefined) steps.push(p.step);
        },
      }),
    );
    expect(steps).toEqual([1, 2]); // FROM and the LABEL step of `labels`, once
    for (const id of pool.hostIds) {
      await expect(pool.host(id).docker.getImage(tag).inspect()).resolves.toMatchObject({ RepoTags: [tag] });
    }
  });

  it('builds an image on every host (so placement may choose either)', async () => {
    const tag = `berth-test/${run.runId}:pool`;
    const result = await run.track(
      pool.buildImage({
        context: [{ path: 'Dockerfile', content: `FROM ${IMAGE}\nRUN echo pooled > /pooled\n` }],
        tags: [tag],
        labels,
      }),
    );
    expect(result.tags).toEqual([tag]);
    for (const id of pool.hostIds) {
      await expect(pool.host(id).docker.getImage(tag).inspect()).resolves.toMatchObject({ RepoTags: [tag] });
    }
  });
});
