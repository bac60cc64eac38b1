import { BERTH } from '@berth/core';
import { runDriverConformance } from '@berth/core/testing';
import { Container } from 'inversify';
import { TenantDriver, tenantDriverModule } from './custom-driver.js';

// The custom driver, resolved through Inversify, passes the whole contract.
runDriverConformance('custom tenant driver', () => {
  const container = new Container();
  container.load(tenantDriverModule('acme'));
  return container.get(BERTH.ContainerDriver);
});

describe(TenantDriver.name, () => {
  it('labels every container with its tenant', async () => {
    const driver = new TenantDriver('acme');
    const c = await driver.createContainer({ image: 'busybox:latest', labels: { own: 'x' } });
    expect(c.labels).toMatchObject({ own: 'x', 'example.tenant': 'acme' });
    await driver.dispose();
  });
});
