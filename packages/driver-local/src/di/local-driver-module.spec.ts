import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BERTH, ValidationError } from '@berth/core';
import { Container } from 'inversify';
import { LocalDriver } from '../local-driver.js';
import { localDriverModule } from './local-driver-module.js';

describe(localDriverModule.name, () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-local-di-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('binds BERTH.ContainerDriver to a LocalDriver using BERTH.DriverConfig', async () => {
    const container = new Container();
    container.bind(BERTH.DriverConfig).toConstantValue({ home });
    container.load(localDriverModule());
    const driver = container.get(BERTH.ContainerDriver);
    expect(driver).toBeInstanceOf(LocalDriver);
    expect((driver as LocalDriver).options.home).toBe(home);
    await driver.dispose();
  });

  it('throws ValidationError for a bad home', () => {
    const container = new Container();
    container.load(localDriverModule({ home: 42 } as unknown as { home: string }));
    let caught: unknown;
    try {
      container.get(BERTH.ContainerDriver);
    } catch (err) {
      caught = err;
    }
    const chain = [caught, (caught as { cause?: unknown } | undefined)?.cause];
    expect(chain.some((e) => ValidationError.is(e))).toBe(true);
  });
});
