import { parseAllowedOrigins } from '../config/index.js';
import { refuseOrigin } from './origin-policy.js';

describe(refuseOrigin.name, () => {
  const loopback = { host: '127.0.0.1', allowedOrigins: parseAllowedOrigins(['https://dash.example']) };

  it.each([
    ['no Origin (not a browser)', { host: '127.0.0.1:8080' }],
    ['the hub’s own origin', { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' }],
    ['localhost naming the hub', { host: 'localhost:8080', origin: 'http://localhost:8080' }],
    ['[::1] naming the hub', { host: '[::1]:8080', origin: 'http://[::1]:8080' }],
    ['a listed origin', { host: '127.0.0.1:8080', origin: 'https://dash.example' }],
    ['a listed origin written differently', { host: '127.0.0.1:8080', origin: 'https://DASH.example:443' }],
  ])('allows %s', (_what, headers) => {
    expect(refuseOrigin(headers, loopback)).toBeNull();
  });

  it.each([
    ['another site', { host: '127.0.0.1:8080', origin: 'http://evil.example' }],
    ['another port of the same host', { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8081' }],
    ['a sandboxed frame or file (null)', { host: '127.0.0.1:8080', origin: 'null' }],
    [
      'DNS rebinding (foreign Host on a loopback hub)',
      { host: 'evil.example:8080', origin: 'http://evil.example:8080' },
    ],
    ['an Origin without a Host', { origin: 'http://127.0.0.1:8080' }],
  ])('refuses %s', (_what, headers) => {
    expect(refuseOrigin(headers, loopback)).toEqual(expect.any(String));
  });

  it('trusts the Host header when the hub binds a public address (a token is required there)', () => {
    const remote = { host: '0.0.0.0', allowedOrigins: [] };
    expect(refuseOrigin({ host: 'berth.example:8080', origin: 'http://berth.example:8080' }, remote)).toBeNull();
    expect(refuseOrigin({ host: 'berth.example', origin: 'https://berth.example' }, remote)).toBeNull();
    expect(refuseOrigin({ host: 'berth.example:8080', origin: 'http://evil.example' }, remote)).not.toBeNull();
  });
});
