import type { DockerTestRun } from '@berth/driver-docker/testing';
import type Docker from 'dockerode';

/** The image every engine-events test tags (present on the test engines). */
const TAGGED_IMAGE = 'berth/busybox:latest';

/** What {@link createEngineObjects} made: names and ids to match the engine's events against. */
export interface EngineObjects {
  /** The volume's name (also its id in the engine's events). */
  volume: string;
  /** The new image tag, `<name>:v1`. */
  tag: string;
  /** The network's id. */
  networkId: string;
}

/**
 * For engine-event tests: creates on `docker`, in this order, a volume named `name`, a tag `<name>:v1` of
 * `berth/busybox:latest` and a network named `name` — the volume and the network labelled with `run` (its cleanup
 * removes them), the tag pushed onto `tags` (an image tag carries no label: remove it with {@link removeImageTags}).
 *
 * @example
 * ```ts
 * const made = await createEngineObjects(docker, run, `berth-evt-${run.runId}`, tags);
 * await next((m) => m.type === 'engineEvent' && m.data['id'] === made.networkId);
 * ```
 */
export async function createEngineObjects(
  docker: Docker,
  run: DockerTestRun,
  name: string,
  tags: string[],
): Promise<EngineObjects> {
  await docker.createVolume({ Name: name, Labels: run.labels });
  const tag = `${name}:v1`;
  tags.push(tag);
  await docker.getImage(TAGGED_IMAGE).tag({ repo: name, tag: 'v1' });
  const network = await docker.createNetwork({ Name: name, Labels: run.labels });
  return { volume: name, tag, networkId: network.id };
}

/** Removes each image tag in `tags` from `docker` (what is already gone is skipped); nothing without an engine. */
export async function removeImageTags(docker: Docker | undefined, tags: readonly string[]): Promise<void> {
  for (const tag of tags)
    await docker
      ?.getImage(tag)
      .remove()
      .catch(() => undefined);
}
