import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@berth/core';
import { connectionFromEnv } from './connection-from-env.js';
import { validateConnectionOptions } from './validate-connection-options.js';

describe(connectionFromEnv.name, () => {
  it('defaults to /var/run/docker.sock', () => {
    expect(connectionFromEnv({})).toEqual({ socketPath: '/var/run/docker.sock' });
  });
  it('reads a unix DOCKER_HOST', () => {
    expect(connectionFromEnv({ DOCKER_HOST: 'unix:///tmp/d.sock' })).toEqual({ socketPath: '/tmp/d.sock' });
  });
  it('reads a tcp DOCKER_HOST as http', () => {
    expect(connectionFromEnv({ DOCKER_HOST: 'tcp://10.0.0.2:2375' })).toEqual({
      host: '10.0.0.2',
      port: 2375,
      protocol: 'http',
    });
  });
  it('uses TLS with DOCKER_TLS_VERIFY and reads certificates from DOCKER_CERT_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-certs-'));
    try {
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `${f}-content`);
      const c = connectionFromEnv({
        DOCKER_HOST: 'tcp://docker.internal',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: dir,
      });
      expect(c).toMatchObject({ host: 'docker.internal', port: 2376, protocol: 'https' });
      expect(String((c as { ca: Buffer }).ca)).toBe('ca.pem-content');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('throws ValidationError for an unsupported scheme', () => {
    expect(() => connectionFromEnv({ DOCKER_HOST: 'ftp://x:1' })).toThrow(ValidationError);
  });
  it('throws ValidationError when certificates are missing', () => {
    expect(() =>
      connectionFromEnv({ DOCKER_HOST: 'tcp://x:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent' }),
    ).toThrow(ValidationError);
  });
});

describe(validateConnectionOptions.name, () => {
  it('accepts a socket and a TLS connection', () => {
    expect(validateConnectionOptions({ socketPath: '/s' })).toEqual({ socketPath: '/s' });
    const tls = { host: 'h', port: 2376, protocol: 'https', ca: 'x', cert: 'y', key: 'z' };
    expect(validateConnectionOptions(tls)).toBe(tls);
  });
  it('lists every bad field', () => {
    try {
      validateConnectionOptions({ host: '', port: 70000, protocol: 'ftp', cert: 'x' });
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect(ValidationError.is(err)).toBe(true);
      expect((err as ValidationError).issues.map((i) => i.path).sort()).toEqual(['host', 'key', 'port', 'protocol']);
    }
  });
  it('rejects both socketPath and host', () => {
    expect(() => validateConnectionOptions({ socketPath: '/s', host: 'h', port: 1, protocol: 'http' })).toThrow(
      ValidationError,
    );
  });
  it('rejects TLS material over http', () => {
    expect(() => validateConnectionOptions({ host: 'h', port: 1, protocol: 'http', ca: 'x' })).toThrow(ValidationError);
  });
});
