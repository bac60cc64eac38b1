import { DockerDriver } from '../docker-driver.js';
import { describeDocker } from '../testing/docker-test-gate.js';
import { DockerTestRun } from '../testing/docker-test-run.js';

const IMAGE = 'berth/busybox:latest';

await describeDocker(`${DockerDriver.name}: spec.extraHosts`, () => {
  let driver: DockerDriver;
  let run: DockerTestRun;

  beforeAll(async () => {
    driver = await DockerDriver.connect();
    run = new DockerTestRun(driver.docker);
  });
  afterEach(async () => {
    await run.cleanup();
  });
  afterAll(async () => {
    await run.cleanup();
    await driver.dispose();
  });

  it('resolves host.docker.internal (host-gateway) to the bridge gateway, and a fixed entry to its address', async () => {
    const c = await driver.createContainer({
      image: IMAGE,
      command: ['sleep', '60'],
      labels: run.labels,
      extraHosts: ['host.docker.internal:host-gateway', 'kit-db.internal:10.11.12.13'],
    });
    await driver.startContainer(c.id);
    const gateway = Object.values((await driver.inspectContainer(c.id)).networks)[0]?.gateway;
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // busybox's nslookup asks DNS; ping -c0 resolves through /etc/hosts like any libc client and prints the address
    const resolve = async (name: string): Promise<string> => {
      const r = await driver.exec(c.id, { command: ['sh', '-c', `ping -c 1 -W 1 ${name} 2>&1 | head -n 1`] });
      return r.stdout;
    };
    expect(await resolve('host.docker.internal')).toContain(`(${gateway})`);
    expect(await resolve('kit-db.internal')).toContain('(10.11.12.13)');
  }, 60_000);
});
