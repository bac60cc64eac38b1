import { BerthError } from './berth-error.js';
import { DriverError, isDriverError } from './driver-error.js';
import { ContainerNotFoundError, ResourceLimitError, ValidationError } from './error-classes.js';
import { errorFromJSON } from './error-from-json.js';

describe('DriverError (the seed name of BerthError)', () => {
  it("is the base of every Berth error, so the seed's ResourceLimitError extends DriverError holds", () => {
    expect(new ResourceLimitError('memory', 512, 1024)).toBeInstanceOf(DriverError);
    expect(new ContainerNotFoundError('c-1')).toBeInstanceOf(DriverError);
    expect(new ValidationError([{ path: 'image', message: 'required' }])).toBeInstanceOf(DriverError);
    expect(Object.getPrototypeOf(ResourceLimitError.prototype) instanceof DriverError).toBe(true);
  });

  it("takes the seed's constructor form (message, code, retryable) and keeps Berth's", () => {
    const seed = new DriverError('quota reached', 'QUOTA', true);
    expect({ message: seed.message, code: seed.code, retryable: seed.retryable }).toEqual({
      message: 'quota reached',
      code: 'QUOTA',
      retryable: true,
    });
    expect(seed.toJSON()).toMatchObject({ code: 'QUOTA', retryable: true });
    expect(new DriverError('x', '').code).toBe(BerthError.code);
    const berth = new DriverError('gone', { containerId: 'c-1', operation: 'startContainer' });
    expect({ code: berth.code, containerId: berth.containerId, retryable: berth.retryable }).toEqual({
      code: 'BERTH_ERROR',
      containerId: 'c-1',
      retryable: false,
    });
  });

  it('isDriverError is true for Berth errors (also rebuilt from JSON) and false for anything else', () => {
    expect(isDriverError(new ContainerNotFoundError('c-1'))).toBe(true);
    expect(isDriverError(errorFromJSON(new ContainerNotFoundError('c-1').toJSON()))).toBe(true);
    expect(isDriverError(new Error('plain'))).toBe(false);
    expect(isDriverError('DriverError')).toBe(false);
  });
});
