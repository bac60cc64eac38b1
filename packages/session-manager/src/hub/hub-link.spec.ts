import { createHmac } from 'node:crypto';
import { deriveProducerToken, ValidationError } from '@berth/core';
import { sessionContainerSpec } from '../factory/index.js';
import { resolveSessionManagerOptions } from '../options/index.js';
import { HUB_ENV, hubEnvFor } from './hub-link.js';

const secret = 'producer-token-0123456789';

describe(deriveProducerToken.name, () => {
  it('is bpt1.<base64url id>.<base64url HMAC-SHA256 of the id keyed with the hub producer token>', () => {
    const mac = createHmac('sha256', secret).update('berth-producer-token-v1\nses-1', 'utf8').digest('base64url');
    expect(deriveProducerToken(secret, 'ses-1')).toBe(`bpt1.${Buffer.from('ses-1').toString('base64url')}.${mac}`);
  });
  it('differs per id and per secret', () => {
    expect(deriveProducerToken(secret, 'ses-1')).not.toBe(deriveProducerToken(secret, 'ses-2'));
    expect(deriveProducerToken(secret, 'ses-1')).not.toBe(deriveProducerToken(`${secret}x`, 'ses-1'));
  });
});

describe(hubEnvFor.name, () => {
  it('hands the URL, a token scoped to the session (never the secret) and the session id', () => {
    const env = hubEnvFor({ url: 'ws://172.17.0.1:8080', token: secret }, 'ses-1');
    expect(env).toEqual({
      [HUB_ENV.url]: 'ws://172.17.0.1:8080',
      [HUB_ENV.token]: deriveProducerToken(secret, 'ses-1'),
      [HUB_ENV.sessionId]: 'ses-1',
    });
    expect(JSON.stringify(env)).not.toContain(secret);
  });
});

describe('SessionManagerOptions.hub', () => {
  it('is validated: a short token or a non-ws URL is a ValidationError naming the field', () => {
    expect(() => resolveSessionManagerOptions({ hub: { url: 'ws://h:1', token: 'short' } }, 'docker')).toThrow(
      ValidationError,
    );
    expect(() => resolveSessionManagerOptions({ hub: { url: 'http://h:1', token: secret } }, 'docker')).toThrow(
      'hub.url',
    );
  });
  it('reaches every session container spec as env', () => {
    const { hub } = resolveSessionManagerOptions({ hub: { url: 'ws://172.17.0.1:8080', token: secret } }, 'docker');
    const spec = sessionContainerSpec({
      image: 'berth/runtime:bookworm',
      sessionId: 'ses-1',
      ownerId: 'o',
      workDir: '/tmp/berth',
      agentType: 'python',
      pool: false,
      createdAt: new Date(0),
      expiresAt: new Date(1),
      resources: {},
      capabilities: [],
      labels: {},
      ...(hub === undefined ? {} : { hub }),
    });
    expect(spec.env?.[HUB_ENV.token]).toBe(deriveProducerToken(secret, 'ses-1'));
    expect(spec.env?.[HUB_ENV.sessionId]).toBe('ses-1');
  });
  it('refuses a loopback URL for a driver whose sessions are containers, and allows it for local', () => {
    const hub = { url: 'ws://127.0.0.1:8080', token: secret };
    expect(() => resolveSessionManagerOptions({ hub }, 'docker')).toThrow('172.17.0.1');
    expect(() => resolveSessionManagerOptions({ hub: { ...hub, url: 'ws://localhost:1' } }, 'swarm')).toThrow(
      ValidationError,
    );
    expect(resolveSessionManagerOptions({ hub }, 'local').hub).toEqual(hub);
  });
  it('adds no env without a hub', () => {
    const { hub } = resolveSessionManagerOptions({}, 'docker');
    expect(hub).toBeUndefined();
  });
});
