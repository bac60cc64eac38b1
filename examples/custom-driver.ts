// A custom driver in 30 lines: it wraps the mock driver, stamps every container with a tenant label, is bound
// through Inversify with `createDriverModule`, and is verified by the conformance kit in custom-driver.spec.ts.
// Run: npm run build && bash scripts/run-examples.sh custom-driver
import { pathToFileURL } from 'node:url';
import {
  type ContainerInstance,
  type ContainerSpec,
  createBerth,
  createDriverModule,
  type OpOptions,
} from '@berth/core';
import { MockDriver } from '@berth/driver-mock';

/** Every container it creates carries `example.tenant=<tenant>`. */
export class TenantDriver extends MockDriver {
  override readonly name: string = 'tenant';
  constructor(readonly tenant: string) {
    super({ seed: 42 });
  }
  override createContainer(spec: ContainerSpec, opts?: OpOptions): Promise<ContainerInstance> {
    return super.createContainer({ ...spec, labels: { ...spec.labels, 'example.tenant': this.tenant } }, opts);
  }
}

/** The Inversify module binding it to `BERTH.ContainerDriver`. */
export const tenantDriverModule = (tenant: string) => createDriverModule('tenant', () => new TenantDriver(tenant));

async function main(): Promise<void> {
  const berth = createBerth({ driver: tenantDriverModule('acme') });
  const { driver } = berth;
  const c = await driver.createContainer({ image: 'busybox:latest', command: ['echo', 'hello'] });
  await driver.startContainer(c.id);
  console.log(driver.name, c.labels['example.tenant'], (await driver.waitContainer(c.id)).exitCode);
  await driver.removeContainer(c.id, { force: true });
  await berth.dispose(); // disposes the driver
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
