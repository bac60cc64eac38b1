// Shared setup of the Docker benchmarks (bench/docker-lifecycle.mjs, bench/scale/curves/{docker,stats,swarm}.mjs):
// the engine socket, Berth's DockerDriver and a raw dockerode client on the same engine at the driver's API
// version, the exec stream demultiplexer, and the labelled-container sweep. Additive: a script switches to it
// when it wants; nothing here runs on import.
import http from 'node:http';
import { join } from 'node:path';
import Docker from 'dockerode';
import { packagesRoot } from './packages.mjs';

/** The engine socket the benchmarks use: $DOCKER_SOCKET, else the default socket. */
export const DOCKER_SOCKET = process.env.DOCKER_SOCKET ?? '/var/run/docker.sock';

/** The small image every Docker benchmark runs (present on the bench machines; never pulled here). */
export const BENCH_IMAGE = 'berth/busybox:latest';

/**
 * Berth's DockerDriver (from the built packages, see {@link packagesRoot}) and raw dockerode with a keep-alive agent
 * pinned to the API version the driver negotiated, both on `socketPath`.
 * @returns {Promise<{ driver: any, docker: Docker, version: { apiVersion: string, engineVersion: string } }>}
 */
export async function openEngine({ socketPath = DOCKER_SOCKET, root = packagesRoot() } = {}) {
  const { DockerDriver } = await import(join(root, 'packages/driver-docker/dist/esm/index.js'));
  const driver = await DockerDriver.connect({ connection: { socketPath } });
  const { version } = await driver.ready();
  const docker = new Docker({
    socketPath,
    version: `v${version.apiVersion}`,
    agent: new http.Agent({ keepAlive: true }),
  });
  return { driver, docker, version };
}

/**
 * The container both sides of a lifecycle benchmark create (`sleep 30`, labelled `labels`): Berth's spec, and the
 * raw Engine API create body that matches what the DockerDriver sends for it (its `berth.managed` label, every
 * capability dropped, no-new-privileges, the default bridge network).
 * @returns {{ spec: object, createBody: object }}
 */
export function lifecycleContainer(labels, image = BENCH_IMAGE) {
  return {
    spec: { image, command: ['sleep', '30'], labels },
    createBody: {
      Image: image,
      Cmd: ['sleep', '30'],
      Labels: { ...labels, 'berth.managed': 'true' },
      HostConfig: { CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges:true'], NetworkMode: 'bridge' },
    },
  };
}

/** The stdout of a multiplexed (non-TTY) exec or attach stream: 8-byte frame headers, stream 1 = stdout. */
export function stdoutOf(buf) {
  let out = '';
  for (let o = 0; o + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(o + 4);
    if (buf[o] === 1) out += buf.subarray(o + 8, o + 8 + size).toString();
    o += 8 + size;
  }
  return out;
}

/**
 * Runs `cmd` in a running dockerode container the raw way (exec create, hijacked start, inspect): its stdout
 * ({@link stdoutOf}) and exit code.
 * @returns {Promise<{ stdout: string, exitCode: number }>}
 */
export async function dockerodeExec(container, cmd) {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks = [];
  await new Promise((resolve, reject) => {
    stream.on('data', (d) => chunks.push(d));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  return { stdout: stdoutOf(Buffer.concat(chunks)), exitCode: info.ExitCode };
}

/** Force-removes every container (running or not) labelled `key=value` on `docker`; resolves with how many. */
export async function removeLabelled(docker, key, value) {
  const left = await docker.listContainers({ all: true, filters: { label: [`${key}=${value}`] } }).catch(() => []);
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  return left.length;
}
