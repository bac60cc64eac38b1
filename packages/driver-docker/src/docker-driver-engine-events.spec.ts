import { ValidationError } from '@berth/core';
import { firstValueFrom } from 'rxjs';
import { DockerDriver } from './docker-driver.js';

/** A socket nothing listens on: the filter must be refused before any request to the engine. */
const NOWHERE = { socketPath: '/var/run/berth-no-such-engine.sock' };

describe(`${DockerDriver.name}.engineEvents$ filter`, () => {
  it('refuses an unknown object type with a ValidationError naming it, on subscribe and from opened (as the mock)', async () => {
    const driver = new DockerDriver({ connection: NOWHERE });
    try {
      const events = driver.engineEvents$({ types: ['bogus' as 'container'], actions: ['create'] });
      const err = await firstValueFrom(events).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['types.0']);
      await expect(events.opened).rejects.toBeInstanceOf(ValidationError);
    } finally {
      await driver.dispose();
    }
  });
});
