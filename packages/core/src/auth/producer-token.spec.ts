import { createHmac } from 'node:crypto';
import { deriveProducerToken, PRODUCER_TOKEN_PREFIX, verifyScopedProducerToken } from './producer-token.js';

const secret = 'producer-secret-0123456789';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

describe(deriveProducerToken.name, () => {
  it('is bpt1.<base64url id>.<base64url HMAC-SHA256 of the context and id keyed with the producer token>', () => {
    const mac = createHmac('sha256', secret).update('berth-producer-token-v1\nses-1', 'utf8').digest('base64url');
    expect(PRODUCER_TOKEN_PREFIX).toBe('bpt1');
    expect(deriveProducerToken(secret, 'ses-1')).toBe(`bpt1.${b64('ses-1')}.${mac}`);
  });

  it('differs per id and per secret', () => {
    expect(deriveProducerToken(secret, 'ses-1')).not.toBe(deriveProducerToken(secret, 'ses-2'));
    expect(deriveProducerToken(secret, 'ses-1')).not.toBe(deriveProducerToken(`${secret}x`, 'ses-1'));
  });
});

describe(verifyScopedProducerToken.name, () => {
  it('gives the id of a derived token (round trip)', () => {
    for (const id of ['ses-1', 'c0ffee', 'ü-id', 'x'.repeat(256)]) {
      expect(verifyScopedProducerToken(secret, deriveProducerToken(secret, id))).toBe(id);
    }
  });

  it('refuses another secret, no secret, a re-labelled id and a forged MAC', () => {
    const token = deriveProducerToken(secret, 'ses-1');
    const [, , mac] = token.split('.');
    expect(verifyScopedProducerToken(`${secret}x`, token)).toBeNull();
    expect(verifyScopedProducerToken(undefined, token)).toBeNull();
    expect(verifyScopedProducerToken(secret, `bpt1.${b64('ses-2')}.${mac}`)).toBeNull();
    expect(
      verifyScopedProducerToken(secret, `bpt1.${b64('ses-1')}.${Buffer.alloc(32).toString('base64url')}`),
    ).toBeNull();
    expect(verifyScopedProducerToken(secret, `bpt1.${b64('ses-1')}.${mac?.slice(0, -2)}`)).toBeNull();
  });

  it('refuses malformed tokens: other prefixes, part counts, empty, too long or non-canonical ids', () => {
    const sign = (id: string): string => deriveProducerToken(secret, id).split('.')[2] ?? '';
    for (const t of ['bpt1.', 'bpt1..', 'bpt1.a.b.c', 'bpt1.!!.x', `bpt2.${b64('ses-1')}.${sign('ses-1')}`]) {
      expect(verifyScopedProducerToken(secret, t)).toBeNull();
    }
    expect(verifyScopedProducerToken(secret, deriveProducerToken(secret, 'x'.repeat(257)))).toBeNull();
    expect(verifyScopedProducerToken(secret, `bpt1.${b64('ses-1')}=.${sign('ses-1')}`)).toBeNull();
  });
});
