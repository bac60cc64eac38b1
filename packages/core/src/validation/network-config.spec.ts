import type { NetworkConfig } from '../contract/index.js';
import { ValidationError } from '../errors/index.js';
import { validateNetworkSpec } from './validate.js';

function issuesOf(fn: () => unknown): unknown {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).issues;
}

describe("createNetwork's argument: the seed's NetworkConfig", () => {
  it('accepts { name, driver, options: {}, labels } as written when the driver is the one the caller creates', () => {
    const config: NetworkConfig = { name: 'agents', driver: 'bridge', options: {}, labels: { team: 'a' } };
    expect(validateNetworkSpec(config)).toEqual(config);
    expect(validateNetworkSpec({ name: 'agents', driver: 'overlay' }, 'overlay')).toEqual({
      name: 'agents',
      driver: 'overlay',
    });
  });

  it('refuses another network driver at path driver, instead of creating the caller’s kind of network', () => {
    expect(issuesOf(() => validateNetworkSpec({ name: 'agents', driver: 'overlay' }))).toEqual([
      { path: 'driver', message: expect.stringContaining("driver must be 'bridge'") },
    ]);
    expect(issuesOf(() => validateNetworkSpec({ name: 'agents', driver: 'bridge' }, 'overlay'))).toEqual([
      { path: 'driver', message: expect.stringContaining("driver must be 'overlay'") },
    ]);
    expect(issuesOf(() => validateNetworkSpec({ name: 'agents', driver: 7 }))).toEqual([
      { path: 'driver', message: expect.any(String) },
    ]);
  });

  it('refuses network driver options at path options, instead of dropping them', () => {
    expect(
      issuesOf(() => validateNetworkSpec({ name: 'agents', options: { 'com.docker.network.bridge.name': 'br0' } })),
    ).toEqual([{ path: 'options', message: expect.stringContaining('options must be empty') }]);
    expect(issuesOf(() => validateNetworkSpec({ name: 'agents', options: ['x'] }))).toEqual([
      { path: 'options', message: expect.stringContaining('options must be empty') },
    ]);
  });
});
