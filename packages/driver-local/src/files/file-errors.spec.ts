import {
  ContainerConflictError,
  ContainerSecurityError,
  DriverUnavailableError,
  FileNotFoundError,
  isBerthError,
  ValidationError,
} from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { type FileOpContext, mapFileError } from './file-errors.js';

const sysErr = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed`), { code });
const read: FileOpContext = { containerId: 'c1', operation: 'getFile', path: '/a/b' };
const write: FileOpContext = { ...read, operation: 'putFiles' };

describe(mapFileError.name, () => {
  it.each([
    ['ENOENT', read, FileNotFoundError],
    ['ENOENT', write, FileNotFoundError],
    ['ELOOP', read, ContainerSecurityError],
    ['EACCES', read, ContainerSecurityError],
    ['EPERM', write, ContainerSecurityError],
    ['ENOTDIR', read, FileNotFoundError],
    ['ENOTDIR', write, ValidationError],
    ['EISDIR', write, ValidationError],
    ['ENXIO', read, ValidationError],
    ['ENODEV', read, ValidationError],
    ['ENAMETOOLONG', read, ValidationError],
    ['ETXTBSY', write, ContainerConflictError],
    ['ENOSPC', write, DriverUnavailableError],
    ['EIO', read, DriverUnavailableError],
  ] as const)('maps %s (%o) to a typed error', (code, ctx, type) => {
    const cause = sysErr(code);
    const err = mapFileError(cause, ctx, '/a');
    expect(type.is(err)).toBe(true);
    expect(err).toMatchObject({ containerId: 'c1', operation: ctx.operation });
    expect(err.cause).toBe(cause);
  });

  it('turns a non-system error into a typed one too, and passes a Berth error through', () => {
    expect(isBerthError(mapFileError(new TypeError('bug'), read, '/a'))).toBe(true);
    const typed = new FileNotFoundError('/x');
    expect(mapFileError(typed, read, '/a')).toBe(typed);
  });
});
