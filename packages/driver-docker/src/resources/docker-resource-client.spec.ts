import { ValidationError } from '@berth/core';
import Docker from 'dockerode';
import { DockerResourceClient } from './docker-resource-client.js';

/** A socket nothing listens on: a refused spec must be refused before any request to the engine. */
const nowhere = new Docker({ socketPath: '/var/run/berth-no-such-engine.sock' });

async function issuePaths(p: Promise<unknown>): Promise<string[]> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).issues.map((i) => i.path);
}

describe(`${DockerResourceClient.name}.createNetwork: the seed's NetworkConfig.driver`, () => {
  it('refuses a network driver other than the one it creates (bridge on one engine, overlay on Swarm)', async () => {
    const bridge = new DockerResourceClient(nowhere);
    const overlay = new DockerResourceClient(nowhere, { networkDriver: 'overlay' });
    expect(await issuePaths(bridge.createNetwork({ name: 'seed-net', driver: 'overlay' }))).toEqual(['driver']);
    expect(await issuePaths(overlay.createNetwork({ name: 'seed-net', driver: 'bridge' }))).toEqual(['driver']);
  });
});
