import type { VolumeConfig } from '../contract/index.js';
import { ValidationError } from '../errors/index.js';
import { validateVolumeSpec } from './validate.js';

describe("createVolume's argument: the seed's VolumeConfig", () => {
  it('accepts { name, driver: "local", labels } as written', () => {
    const config: VolumeConfig = { name: 'workspace', driver: 'local', labels: { team: 'a' } };
    expect(validateVolumeSpec(config)).toEqual(config);
  });
  it('refuses another volume driver with a ValidationError at path driver, instead of creating a local volume', () => {
    let err: unknown;
    try {
      validateVolumeSpec({ name: 'workspace', driver: 'nfs' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([
      { path: 'driver', message: expect.stringContaining("driver must be 'local'") },
    ]);
  });
});
