import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ContainerSpec, ValidationError } from '@berth/core';
import { describeWhen } from '@berth/core/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalDriver } from '../local-driver.js';
import { probeSandbox } from '../sandbox/index.js';

const support = probeSandbox();

async function validationIssues(p: Promise<unknown>): Promise<unknown> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).issues;
}

describeWhen(support.usable ? null : support.reason, `${LocalDriver.name} extraHosts, sandboxed`, () => {
  let home: string;
  let driver: LocalDriver;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-extra-hosts-'));
    driver = new LocalDriver({ home, isolation: 'process' });
  });
  afterEach(async () => {
    for (const c of await driver.listContainers()) await driver.removeContainer(c.id, { force: true });
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  const run = async (spec: Partial<ContainerSpec>): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'], ...spec });
    await driver.startContainer(c.id);
    return c.id;
  };

  it('resolves each extra host from the container, in a read-only /etc/hosts of its own', async () => {
    const id = await run({ extraHosts: ['db.berth.test:10.1.2.3', 'v6.berth.test:fd00::7'] });
    const r = await driver.exec(id, { command: ['getent', 'hosts', 'db.berth.test', 'v6.berth.test', 'localhost'] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^10\.1\.2\.3\s+db\.berth\.test$/m);
    expect(r.stdout).toMatch(/^fd00::7\s+v6\.berth\.test$/m);
    expect(r.stdout).toMatch(/localhost/);
    const write = await driver.exec(id, { command: ['sh', '-c', 'echo 6.6.6.6 evil >> /etc/hosts'] });
    expect(write.exitCode).not.toBe(0);
  });

  it("resolves host-gateway to 127.0.0.1 on the host's network", async () => {
    const id = await run({ network: 'host', extraHosts: ['host.docker.internal:host-gateway'] });
    const r = await driver.exec(id, { command: ['getent', 'hosts', 'host.docker.internal'] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^127\.0\.0\.1\s+host\.docker\.internal$/m);
  });

  it('refuses host-gateway without the host network (its own loopback reaches no host), naming the entry', async () => {
    const issues = await validationIssues(
      driver.createContainer({ image: 'host', extraHosts: ['db:10.0.0.1', 'host.docker.internal:host-gateway'] }),
    );
    expect(issues).toEqual([{ path: 'extraHosts.1', message: expect.stringContaining("network: 'host'") }]);
    expect(await driver.listContainers()).toEqual([]);
  });
});

describe(`${LocalDriver.name} extraHosts, unsandboxed`, () => {
  let home: string;
  let driver: LocalDriver;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-extra-hosts-none-'));
    driver = new LocalDriver({ home, isolation: 'none' });
  });
  afterEach(async () => {
    for (const c of await driver.listContainers()) await driver.removeContainer(c.id, { force: true });
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it("refuses extraHosts with a ValidationError (its processes read the host's /etc/hosts) instead of ignoring them", async () => {
    const issues = await validationIssues(driver.createContainer({ image: 'host', extraHosts: ['db:10.0.0.1'] }));
    expect(issues).toEqual([{ path: 'extraHosts', message: expect.stringContaining("isolation 'none'") }]);
  });

  it('accepts a spec without extraHosts, or with none', async () => {
    await expect(driver.createContainer({ image: 'host', extraHosts: [] })).resolves.toMatchObject({
      state: 'created',
    });
  });
});
