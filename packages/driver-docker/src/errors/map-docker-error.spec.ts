import {
  ContainerConflictError,
  ContainerNotFoundError,
  ContainerSecurityError,
  DriverUnavailableError,
  FileNotFoundError,
  ImageNotFoundError,
  NetworkNotFoundError,
  ValidationError,
  VolumeNotFoundError,
} from '@berth/core';
import { mapDockerError } from './map-docker-error.js';

/** An error shaped like docker-modem's. */
function engineError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) - ${message}`), { statusCode, json: { message } });
}
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
}

describe(mapDockerError.name, () => {
  describe('when the engine answers 404', () => {
    it('maps "No such container" to ContainerNotFoundError with the id', () => {
      const err = mapDockerError(engineError(404, 'No such container: abc'), {
        operation: 'startContainer',
        id: 'abc',
      });
      expect(ContainerNotFoundError.is(err)).toBe(true);
      expect(err.containerId).toBe('abc');
    });
    it('maps "No such image" during create to ImageNotFoundError', () => {
      const err = mapDockerError(engineError(404, 'No such image: nope:latest'), { operation: 'createContainer' });
      expect(ImageNotFoundError.is(err)).toBe(true);
      expect((err as ImageNotFoundError).image).toBe('nope:latest');
    });
    it('maps a volume 404 to VolumeNotFoundError', () => {
      const err = mapDockerError(engineError(404, 'get v1: no such volume'), {
        operation: 'removeVolume',
        kind: 'volume',
        id: 'v1',
      });
      expect(VolumeNotFoundError.is(err)).toBe(true);
    });
    it('maps a network 404 to NetworkNotFoundError', () => {
      const err = mapDockerError(engineError(404, 'network n1 not found'), {
        operation: 'removeNetwork',
        kind: 'network',
        id: 'n1',
      });
      expect(NetworkNotFoundError.is(err)).toBe(true);
    });
    it('maps a missing path in an archive call to FileNotFoundError', () => {
      const err = mapDockerError(engineError(404, 'Could not find the file /x in container c'), {
        operation: 'getFile',
        kind: 'file',
        id: '/x',
        containerId: 'c',
      });
      expect(FileNotFoundError.is(err)).toBe(true);
    });
  });

  it('maps 409 to ContainerConflictError', () => {
    const err = mapDockerError(engineError(409, 'You cannot remove a running container'), {
      operation: 'removeContainer',
      id: 'c',
    });
    expect(ContainerConflictError.is(err)).toBe(true);
    expect(err.retryable).toBe(false);
  });
  it('maps 400 to ValidationError', () => {
    expect(
      ValidationError.is(mapDockerError(engineError(400, 'bad parameter'), { operation: 'createContainer' })),
    ).toBe(true);
  });
  it('maps 403 to ContainerSecurityError', () => {
    expect(ContainerSecurityError.is(mapDockerError(engineError(403, 'read-only'), { operation: 'putFiles' }))).toBe(
      true,
    );
  });
  it('maps 500 to a retryable DriverUnavailableError', () => {
    const err = mapDockerError(engineError(500, 'internal'), { operation: 'startContainer', id: 'c' });
    expect(DriverUnavailableError.is(err)).toBe(true);
    expect(err.retryable).toBe(true);
  });
  it.each(['ECONNREFUSED', 'ENOENT', 'ECONNRESET'])('maps socket error %s to DriverUnavailableError', (code) => {
    const err = mapDockerError(socketError(code), { operation: 'listContainers' });
    expect(DriverUnavailableError.is(err)).toBe(true);
    expect(err.retryable).toBe(true);
  });

  describe('when pulling', () => {
    it.each([
      "pull access denied for nope, repository does not exist or may require 'docker login'",
      'manifest unknown: manifest unknown',
      'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    ])('maps "%s" to ImageNotFoundError', (message) => {
      const err = mapDockerError(engineError(500, message), { operation: 'pullImage', kind: 'image', id: 'nope' });
      expect(ImageNotFoundError.is(err)).toBe(true);
    });
  });

  it('keeps the original error in cause', () => {
    const original = engineError(409, 'conflict');
    expect(mapDockerError(original, { operation: 'x' }).cause).toBe(original);
  });
  it('returns a BerthError unchanged', () => {
    const err = new ContainerNotFoundError('c');
    expect(mapDockerError(err, { operation: 'x' })).toBe(err);
  });
});
