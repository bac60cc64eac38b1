import {
  BerthError,
  CircuitOpenError,
  ContainerNotFoundError,
  ContainerTimeoutError,
  DriverUnavailableError,
  errorFromJSON,
  isBerthError,
  isRetryable,
  ResourceLimitError,
  ValidationError,
} from './index.js';

describe(BerthError.name, () => {
  describe('.is', () => {
    it('matches its own class and subclasses by code', () => {
      const err = new ContainerNotFoundError('abc');
      expect(ContainerNotFoundError.is(err)).toBe(true);
      expect(BerthError.is(err)).toBe(true);
      expect(DriverUnavailableError.is(err)).toBe(false);
    });

    it('matches an error from another copy of the package (same brand and code)', () => {
      const foreign = errorFromJSON(new ContainerNotFoundError('x').toJSON());
      expect(ContainerNotFoundError.is(foreign)).toBe(true);
      expect(isBerthError(foreign)).toBe(true);
    });

    it('rejects plain errors', () => {
      expect(BerthError.is(new Error('x'))).toBe(false);
      expect(isBerthError({ code: 'BERTH_X' })).toBe(false);
    });
  });

  describe('.toJSON', () => {
    it('carries code, retryable, container, details and cause message but no stack', () => {
      const err = new ResourceLimitError('memory', 10, 20, { containerId: 'c1', cause: new Error('inner') });
      const json = err.toJSON();
      expect(json).toEqual({
        name: 'ResourceLimitError',
        code: 'BERTH_RESOURCE_LIMIT',
        message: 'memory limit 10 exceeded (requested 20)',
        retryable: false,
        containerId: 'c1',
        details: { resource: 'memory', limit: 10, requested: 20 },
        cause: 'inner',
      });
      expect(JSON.stringify(err)).not.toContain('at ');
    });

    it('round-trips through errorFromJSON with the right class and fields', () => {
      const back = errorFromJSON(JSON.parse(JSON.stringify(new ValidationError([{ path: 'image', message: 'bad' }]))));
      expect(back).toBeInstanceOf(ValidationError);
      expect((back as ValidationError).issues).toEqual([{ path: 'image', message: 'bad' }]);
      expect(back.code).toBe('BERTH_VALIDATION');
    });
  });

  describe('retryable', () => {
    it('is true for unavailable, timeout and circuit-open, false for not-found and validation', () => {
      expect(isRetryable(new DriverUnavailableError('down'))).toBe(true);
      expect(isRetryable(new ContainerTimeoutError('exec', 5))).toBe(true);
      expect(isRetryable(new CircuitOpenError('lifecycle'))).toBe(true);
      expect(isRetryable(new ContainerNotFoundError('x'))).toBe(false);
      expect(isRetryable(new ValidationError([]))).toBe(false);
      expect(isRetryable(new Error('plain'))).toBe(false);
    });
  });

  it('gives every class a distinct stable code', () => {
    const codes = [
      new ContainerNotFoundError('a'),
      new DriverUnavailableError('b'),
      new CircuitOpenError('c'),
      new ValidationError([]),
      new ContainerTimeoutError('d', 1),
    ].map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => c.startsWith('BERTH_'))).toBe(true);
  });
});
