import { mkdir, rmdir, stat } from 'node:fs/promises';
import type { DockerDriver } from '@berth/driver-docker';
import { SEED_IMAGES } from './seed-programs.js';

/** Image the seed's images are made from: Python 3, Node.js, sh. */
export const SEED_BASE_IMAGE = 'berth/runtime:bookworm';

/**
 * Main process of the seed images: waits, and exits at once on SIGTERM (a bare `sleep` as pid 1 ignores it and
 * every stop would wait out the engine's grace period).
 */
const SEED_CMD = `CMD ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]`;

/** What {@link prepareSeedImages} made, for {@link removeSeedFixtures}. */
export interface SeedFixtures {
  /** Image tags this run created (present ones are left alone). */
  images: string[];
  /** `true` when this run created the host's `/workspace` (the Quick Start binds it). */
  workspace: boolean;
}

/** Label of the images {@link prepareSeedFixtures} makes, so a later run also removes those a killed run left. */
export const SEED_FIXTURE_LABEL = 'berth.seed-fixture';

/** `absent`, `fixture` (made by an earlier run of these tests) or `own` (the host's: left alone). */
async function imageKind(driver: DockerDriver, ref: string): Promise<'absent' | 'fixture' | 'own'> {
  return driver.docker
    .getImage(ref)
    .inspect()
    .then(
      (info): 'fixture' | 'own' => (info.Config?.Labels?.[SEED_FIXTURE_LABEL] === undefined ? 'own' : 'fixture'),
      (): 'absent' => 'absent',
    );
}

/**
 * Makes what the seed's programs take for granted on a Docker host: its images (`openagent/*:latest`,
 * `postgres:13`: the runtime image with a user `openagent` and a main process that keeps running) where they are
 * missing, and the host directory `/workspace`. The images carry {@link SEED_FIXTURE_LABEL}, not `berth.test` (a
 * test run's cleanup removes the images it labelled, and each test cleans up); {@link removeSeedFixtures} removes
 * them, and those an earlier, killed run left.
 */
export async function prepareSeedFixtures(driver: DockerDriver): Promise<SeedFixtures> {
  const fixtures: SeedFixtures = { images: [], workspace: false };
  const missing: string[] = [];
  for (const ref of SEED_IMAGES) {
    const kind = await imageKind(driver, ref);
    if (kind === 'absent') missing.push(ref);
    if (kind === 'fixture') fixtures.images.push(ref);
  }
  const [first, ...others] = missing;
  if (first !== undefined) {
    const builder = await driver.docker.createContainer({
      Image: SEED_BASE_IMAGE,
      Cmd: [
        'sh',
        '-c',
        "echo 'openagent:x:1000:1000::/tmp:/bin/sh' >> /etc/passwd && echo 'openagent:x:1000:' >> /etc/group",
      ],
      Labels: { [SEED_FIXTURE_LABEL]: 'driver-interface' }, // the committed image keeps it
    });
    try {
      await builder.start();
      await builder.wait();
      const [repo, tag] = first.split(':') as [string, string];
      await builder.commit({ repo, tag, changes: SEED_CMD });
      fixtures.images.push(first);
    } finally {
      await builder.remove({ force: true });
    }
    for (const ref of others) {
      const [repo, tag] = ref.split(':') as [string, string];
      await driver.docker.getImage(first).tag({ repo, tag });
      fixtures.images.push(ref);
    }
  }
  try {
    await stat('/workspace');
  } catch {
    await mkdir('/workspace');
    fixtures.workspace = true;
  }
  return fixtures;
}

/** Removes what {@link prepareSeedFixtures} made. */
export async function removeSeedFixtures(driver: DockerDriver, fixtures: SeedFixtures): Promise<void> {
  for (const ref of fixtures.images) {
    await driver.docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => undefined);
  }
  if (fixtures.workspace) await rmdir('/workspace').catch(() => undefined);
}
