import { ValidationError } from '@berth/core';
import { resolveSessionManagerOptions } from './session-manager-options.js';

describe('resolveSessionManagerOptions', () => {
  it('chooses the host image on the local driver and the runtime image elsewhere', () => {
    expect(resolveSessionManagerOptions({}, 'local').images.default).toBe('host');
    expect(resolveSessionManagerOptions({}, 'docker').images.default).toBe('berth/runtime:bookworm');
  });

  it('merges per-agent images over the defaults', () => {
    const o = resolveSessionManagerOptions({ images: { python: 'python:3.12' } }, 'docker');
    expect(o.images).toEqual({ default: 'berth/runtime:bookworm', python: 'python:3.12' });
  });

  it('throws ValidationError listing every bad field', () => {
    try {
      resolveSessionManagerOptions({ maxSessions: 0, timeoutMs: -1, labels: { 'berth.owner': 'x' }, nope: 1 }, 'mock');
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const paths = (err as ValidationError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['maxSessions', 'timeoutMs', 'labels']));
    }
  });
});
