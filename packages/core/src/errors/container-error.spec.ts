import { describe, expect, it } from '@jest/globals';
import { BerthError } from './berth-error.js';
import { ContainerError } from './container-error.js';
import {
  ContainerConflictError,
  ContainerNotFoundError,
  ContainerSecurityError,
  ContainerTimeoutError,
  FileNotFoundError,
  ImageNotFoundError,
  ResourceLimitError,
} from './error-classes.js';
import { errorFromJSON } from './error-from-json.js';

describe(ContainerError.name, () => {
  describe('constructor', () => {
    it("takes the seed's positional form (message, containerId, operation, recoverable)", () => {
      const err = new ContainerError('exec failed', 'c-1', 'exec', true);
      expect(err).toMatchObject({ message: 'exec failed', containerId: 'c-1', operation: 'exec', retryable: true });
      expect(err.recoverable).toBe(true);
    });

    it("defaults recoverable to false as the seed's does", () => {
      expect(new ContainerError('x', 'c-1').recoverable).toBe(false);
    });

    it("takes Berth's form (message, options, retryable)", () => {
      const err = new ContainerError('x', { containerId: 'c-2', operation: 'start' }, true);
      expect(err).toMatchObject({
        containerId: 'c-2',
        operation: 'start',
        retryable: true,
        code: 'BERTH_CONTAINER_ERROR',
      });
    });
  });

  describe('as the base of container errors', () => {
    const cases: [string, BerthError][] = [
      ['ContainerNotFoundError', new ContainerNotFoundError('c')],
      ['ContainerConflictError', new ContainerConflictError('busy', { containerId: 'c' })],
      ['ResourceLimitError', new ResourceLimitError('memory', 1, 2)],
      ['ContainerTimeoutError', new ContainerTimeoutError('exec', 5)],
      ['ContainerSecurityError', new ContainerSecurityError('escape', 'c', 'putFiles', false)],
      ['FileNotFoundError', new FileNotFoundError('/x', { containerId: 'c' })],
    ];
    it.each(cases)('%s is instanceof ContainerError and BerthError', (_name, err) => {
      expect(err).toBeInstanceOf(ContainerError);
      expect(err).toBeInstanceOf(BerthError);
      expect(ContainerError.is(err)).toBe(true);
    });

    it('recoverable mirrors retryable on a subclass', () => {
      expect((new ContainerTimeoutError('exec', 5) as ContainerError).recoverable).toBe(true);
      expect((new ContainerNotFoundError('c') as ContainerError).recoverable).toBe(false);
    });

    it('leaves errors about images out', () => {
      expect(ContainerError.is(new ImageNotFoundError('busybox'))).toBe(false);
    });
  });

  describe('errorFromJSON', () => {
    it('rebuilds a ContainerError with its fields and recoverable', () => {
      const back = errorFromJSON(new ContainerError('x', 'c-1', 'exec', true).toJSON());
      expect(back).toBeInstanceOf(ContainerError);
      expect(back).toMatchObject({ containerId: 'c-1', operation: 'exec', retryable: true });
      expect((back as ContainerError).recoverable).toBe(true);
    });

    it('rebuilds a subclass that is still a ContainerError', () => {
      const back = errorFromJSON(new ResourceLimitError('memory', 1, 2, { containerId: 'c' }).toJSON());
      expect(back).toBeInstanceOf(ResourceLimitError);
      expect(back).toBeInstanceOf(ContainerError);
      expect(back).toMatchObject({ resource: 'memory', limit: 1, requested: 2 });
    });
  });
});
