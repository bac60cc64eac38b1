import { BERTH } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { Container } from 'inversify';
import { MockDriver } from '../driver/mock-driver.js';
import { createMockDriver, mockDriverModule } from './mock-driver-module.js';

describe('mockDriverModule', () => {
  it('binds BERTH.ContainerDriver to one MockDriver with the given options', async () => {
    const container = new Container();
    container.load(mockDriverModule({ seed: 9 }));
    const driver = container.get(BERTH.ContainerDriver);
    expect(driver).toBeInstanceOf(MockDriver);
    expect(container.get(BERTH.ContainerDriver)).toBe(driver);
    const twin = createMockDriver({ seed: 9 });
    const a = await driver.createContainer({ image: 'busybox' });
    const b = await twin.createContainer({ image: 'busybox' });
    expect(a.id).toBe(b.id);
    await container.unbindAllAsync();
    await twin.dispose();
  });
});

describe('createMockDriver', () => {
  it('builds a MockDriver named mock with every capability', async () => {
    const driver = createMockDriver();
    expect(driver.name).toBe('mock');
    expect(driver.capabilities.images).toBe(true);
    await driver.dispose();
  });
});
