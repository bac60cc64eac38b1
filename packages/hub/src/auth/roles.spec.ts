import { createHmac } from 'node:crypto';
import { canOperate, canPublish } from './permissions.js';
import { grantForToken, roleForToken, tokenFromRequest } from './roles.js';
import { tokenMatches } from './token-matches.js';

const tokens = { authToken: 'reader-token-0123456789', producerToken: 'producer-token-0123456789' };

describe(roleForToken.name, () => {
  it('grants producer for the producer token and reader for the reader token', () => {
    expect(roleForToken(tokens, tokens.producerToken)).toBe('producer');
    expect(roleForToken(tokens, tokens.authToken)).toBe('reader');
  });
  it('refuses a wrong or missing token when a reader token is set', () => {
    expect(roleForToken(tokens, 'nope')).toBeNull();
    expect(roleForToken(tokens, undefined)).toBeNull();
  });
  it('grants operator for the operator token', () => {
    expect(roleForToken({ ...tokens, operatorToken: 'operator-token-0123456789' }, 'operator-token-0123456789')).toBe(
      'operator',
    );
  });
  it('grants reader without a token when no reader token is set', () => {
    expect(roleForToken({}, undefined)).toBe('reader');
  });
});

describe(tokenFromRequest.name, () => {
  it('reads the Authorization Bearer header first', () => {
    expect(tokenFromRequest({ authorization: 'Bearer abc' }, '/?token=def')).toBe('abc');
  });
  it('falls back to ?token=', () => {
    expect(tokenFromRequest({}, '/?token=def')).toBe('def');
  });
  it('returns undefined without either', () => {
    expect(tokenFromRequest({}, '/')).toBeUndefined();
  });
});

describe(tokenMatches.name, () => {
  it('compares tokens of different lengths without throwing', () => {
    expect(tokenMatches('a', 'a-much-longer-token')).toBe(false);
    expect(tokenMatches('same', 'same')).toBe(true);
  });
});

describe(canOperate.name, () => {
  it('allows only the operator role', () => {
    expect(canOperate('operator')).toBe(true);
    expect(canOperate('producer')).toBe(false);
    expect(canOperate('reader')).toBe(false);
    expect(canOperate(null)).toBe(false);
  });
});

describe(canPublish.name, () => {
  it('allows producers and operators', () => {
    expect(canPublish('producer')).toBe(true);
    expect(canPublish('operator')).toBe(true);
    expect(canPublish('reader')).toBe(false);
  });
});

describe(grantForToken.name, () => {
  const scoped = (secret: string, id: string): string => {
    const mac = createHmac('sha256', secret).update(`berth-producer-token-v1\n${id}`, 'utf8').digest('base64url');
    return `bpt1.${Buffer.from(id).toString('base64url')}.${mac}`;
  };
  it('grants producer scoped to the id of a token derived from the producer token', () => {
    expect(grantForToken(tokens, scoped(tokens.producerToken, 'ses-1'))).toEqual({ role: 'producer', scope: 'ses-1' });
  });
  it('grants the unscoped roles as before', () => {
    expect(grantForToken(tokens, tokens.authToken)).toEqual({ role: 'reader' });
  });
  it('refuses a scoped token of another secret, a re-labelled id, and any scoped token without a producer token', () => {
    expect(grantForToken(tokens, scoped('another-secret-0123456789', 'ses-1'))).toBeNull();
    const [, , mac] = scoped(tokens.producerToken, 'ses-1').split('.');
    expect(grantForToken(tokens, `bpt1.${Buffer.from('ses-2').toString('base64url')}.${mac}`)).toBeNull();
    expect(grantForToken({ authToken: tokens.authToken }, scoped(tokens.producerToken, 'ses-1'))).toBeNull();
  });
  it('refuses malformed scoped tokens', () => {
    for (const t of ['bpt1.', 'bpt1..', 'bpt1.a.b.c', 'bpt1.!!.x']) expect(grantForToken(tokens, t)).toBeNull();
  });
});
