import type { StatsSample } from '@berth/core';
import { firstValueFrom, take, toArray } from 'rxjs';
import { DockerDriver } from '../docker-driver.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import { DockerTestRun } from '../testing/docker-test-run.js';

const IMAGE = 'berth/busybox:latest';

await describeDocker(`new ${DockerDriver.name}() with no options (the Docker client seed's STATS_INTERVAL)`, () => {
  const saved = process.env['STATS_INTERVAL'];
  let driver: DockerDriver | undefined;
  let run: DockerTestRun | undefined;

  afterEach(async () => {
    if (saved === undefined) delete process.env['STATS_INTERVAL'];
    else process.env['STATS_INTERVAL'] = saved;
    await run?.cleanup();
    await driver?.dispose();
  });

  it('samples stats$ every STATS_INTERVAL ms when the caller gives no interval', async () => {
    // the engine produces a sample about every second; 2500 ms keeps every other one or two (1000 ms: each one)
    process.env['STATS_INTERVAL'] = '2500';
    driver = new DockerDriver();
    run = new DockerTestRun(driver.docker);
    const c = await driver.createContainer({ image: IMAGE, command: ['sleep', '60'], labels: run.labels });
    await driver.startContainer(c.id);
    const samples: StatsSample[] = await firstValueFrom(driver.stats$(c.id).pipe(take(3), toArray()));
    const gaps = samples.slice(1).map((s, i) => s.timestamp.getTime() - (samples[i]?.timestamp.getTime() ?? 0));
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1900);
  }, 30_000);
});
