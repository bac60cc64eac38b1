import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ContainerSpec, ValidationError } from '@berth/core';
import { eventually } from '@berth/core/testing';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { canChangePrivileges } from './lifecycle/index.js';
import { LocalDriver } from './local-driver.js';

const STATUS = ['sh', '-c', 'grep -E "^(CapBnd|CapEff|NoNewPrivs):" /proc/self/status'];
const asRoot = canChangePrivileges();
/** Root-only cases: skipped (with the reason) on a non-root box, but required on CI, which runs as root. */
const rootOnly = asRoot || process.env.CI !== undefined ? it : it.skip;
if (!asRoot && process.env.CI === undefined) {
  console.info('[berth] local security: capability and user cases need root; skipping them');
}

/** `/proc/self/status` fields of a process as a map. */
function fields(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((l) => l.split(':\t') as [string, string]),
  );
}

describe(`${LocalDriver.name} security options`, () => {
  let home: string;
  let driver: LocalDriver;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'berth-sec-'));
    driver = new LocalDriver({ home });
  });
  afterEach(async () => {
    for (const c of await driver.listContainers({ state: ['created', 'running', 'exited', 'dead'] })) {
      await driver.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await driver.dispose();
    await rm(home, { recursive: true, force: true });
  });

  const run = async (spec: Partial<ContainerSpec> = {}): Promise<string> => {
    const c = await driver.createContainer({ image: 'host', command: ['sleep', '60'], ...spec });
    await driver.startContainer(c.id);
    return c.id;
  };
  const statusOf = async (id: string, user?: string): Promise<Record<string, string>> =>
    fields((await driver.exec(id, { command: STATUS, ...(user === undefined ? {} : { user }) })).stdout);

  it('sets no-new-privileges by default, for the main process and for exec', async () => {
    const id = await run({ command: ['sh', '-c', 'grep NoNewPrivs /proc/self/status; sleep 60'] });
    expect((await statusOf(id))['NoNewPrivs']).toBe('1');
    await eventually(async () => expect(await driver.getContainerLogs(id)).toMatch(/NoNewPrivs:\s+1/));
  });

  it('leaves no-new-privileges off when the spec says so', async () => {
    const id = await run({ security: { noNewPrivileges: false } });
    expect((await statusOf(id))['NoNewPrivs']).toBe('0');
  });

  rootOnly('drops every capability by default, even for root', async () => {
    const id = await run();
    expect(await statusOf(id)).toMatchObject({ CapBnd: '0000000000000000', CapEff: '0000000000000000' });
    // without CAP_CHOWN root cannot give a file away
    const r = await driver.exec(id, { command: ['sh', '-c', 'touch f && chown 1:1 f'] });
    expect(r.exitCode).not.toBe(0);
  });

  rootOnly('keeps only the capabilities the spec adds back', async () => {
    const id = await run({ security: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } });
    expect((await statusOf(id))['CapBnd']).toBe('0000000000000400');
  });

  rootOnly('runs the main process and exec as the spec user, in a working tree it owns', async () => {
    const id = await run({ security: { user: '1000:1000' } });
    expect((await driver.exec(id, { command: ['id', '-u'] })).stdout).toBe('1000\n');
    expect((await driver.exec(id, { command: ['sh', '-c', 'touch mine && stat -c %u mine'] })).stdout).toBe('1000\n');
    expect((await driver.exec(id, { command: ['id', '-u'], user: '0' })).stdout).toBe('0\n');
  });

  it('refuses a read-only root filesystem it cannot provide', async () => {
    await expect(
      driver.createContainer({ image: 'host', command: ['true'], security: { readOnly: true } }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses an unknown user at create time', async () => {
    await expect(
      driver.createContainer({ image: 'host', command: ['true'], security: { user: 'no-such-user-berth' } }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
