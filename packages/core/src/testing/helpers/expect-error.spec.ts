import { describe, expect, it } from '@jest/globals';
import { ContainerConflictError, ContainerNotFoundError, ValidationError } from '../../errors/index.js';
import { expectError } from './expect-error.js';

describe(expectError.name, () => {
  it('returns the typed error from a rejection', async () => {
    const err = await expectError(
      () => Promise.reject(new ValidationError([{ path: 'image', message: 'bad' }])),
      ValidationError,
    );
    expect(err.issues[0]?.path).toBe('image');
  });

  it('accepts a synchronous throw', async () => {
    const err = await expectError(() => {
      throw new ContainerNotFoundError('x');
    }, ContainerNotFoundError);
    expect(err.containerId).toBe('x');
  });

  it('fails when the call succeeds', async () => {
    await expect(expectError(() => Promise.resolve(), ContainerNotFoundError)).rejects.toThrow(
      'expected ContainerNotFoundError, but the call succeeded',
    );
  });

  it('fails on another error class, naming its code', async () => {
    await expect(
      expectError(() => Promise.reject(new ContainerConflictError('busy')), ContainerNotFoundError),
    ).rejects.toThrow('got ContainerConflictError [BERTH_CONTAINER_CONFLICT]: busy');
  });
});
