import type Docker from 'dockerode';

/** Highest `CpuShares` the engine accepts (cgroup v1 `cpu.shares`; cgroup v2 maps it to `cpu.weight` 10000). */
export const MAX_CPU_SHARES = 262_144;

/**
 * A dockerode client for tests that need a container to *get* CPU on a loaded machine (the seed's
 * `metrics.cpu.percentage > 80`): every container it creates is put in a cgroup of its own directly under the root
 * of the CPU hierarchy (`CgroupParent` `/`, or the root slice `-.slice` under the systemd cgroup driver) with the
 * highest CPU weight ({@link MAX_CPU_SHARES}). Everything else is the given client's (it stays the owner: a driver
 * given this client disposes the given one's agent).
 *
 * Why: by default a container's cgroup is inside the engine's (`/docker` with cgroupfs, `system.slice` with
 * systemd), and that parent competes for CPU as **one** scheduling entity of weight 1024, the weight of a single
 * busy process outside it. On a shared test machine with N busy processes in the root cgroup, every container
 * together gets about `cores / (N + 1)` — a busy loop measured 25–35 % of a core on a 2-core box running other
 * suites, however many loops it ran. Directly under the root with weight 262144 the container's one busy loop gets
 * a full core (≈ 100 % of a core) until several hundred other processes compete.
 *
 * Keep the burner to one loop: with this weight two loops would take both cores of a 2-core machine from every
 * other process for as long as they run.
 *
 * @param docker - the client to create through.
 *
 * @example
 * ```ts
 * const driver = await DockerDriver.connect({ docker: await withCpuPriority(createDockerClient(connectionFromEnv())) });
 * const busy = await driver.createContainer({ image: 'berth/busybox:latest', command: ['sh', '-c', 'while :; do :; done'] });
 * ```
 */
export async function withCpuPriority(docker: Docker): Promise<Docker> {
  const info = (await docker.info()) as { CgroupDriver?: string };
  const CgroupParent = info.CgroupDriver === 'systemd' ? '-.slice' : '/';
  const prioritised = Object.create(docker) as Docker;
  const create = (options: Docker.ContainerCreateOptions): Promise<Docker.Container> =>
    docker.createContainer({
      ...options,
      HostConfig: { ...options.HostConfig, CgroupParent, CpuShares: MAX_CPU_SHARES },
    });
  Object.defineProperty(prioritised, 'createContainer', { value: create, enumerable: false });
  return prioritised;
}
