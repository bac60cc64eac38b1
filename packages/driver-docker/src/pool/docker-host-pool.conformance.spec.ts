import { runDriverConformance } from '@berth/core/testing';
import { describeSkipped, dockerAvailable, dockerRequired } from '../testing/docker-test-gate.js';
import { MultiEngineTestRun } from '../testing/multi-engine-test-run.js';
import { holdSecondEngine, secondEngineSocket } from '../testing/second-engine.js';
import { DockerHostPool } from './docker-host-pool.js';

/** The host pool over two real engines: the main one and scripts/docker-engine-second.sh's (started here). */
const hosts = () =>
  new DockerHostPool({
    hosts: [
      { id: 'main', connection: { socketPath: '/var/run/docker.sock' } },
      { id: 'second', connection: { socketPath: secondEngineSocket() } },
    ],
  });

if ((await dockerAvailable()) || dockerRequired()) {
  const janitor = hosts();
  const run = new MultiEngineTestRun(janitor.hostIds.map((id) => janitor.host(id).docker));
  // the second engine is shared with the pool's other spec, which stops and restarts it: hold it for this file;
  // before it stops, remove whatever the kit's own clean-up missed, on both engines
  holdSecondEngine(async () => {
    try {
      await run.cleanup();
    } finally {
      await janitor.dispose();
    }
  });
  await runDriverConformance('docker host pool', hosts, {
    image: 'berth/busybox:latest',
    labels: run.labels,
    timeoutMs: 60_000,
  });
} else {
  describeSkipped('docker host pool conformance', 'no Docker Engine (set BERTH_REQUIRE_DOCKER=1 to fail instead)');
}
