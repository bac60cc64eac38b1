import { ValidationError } from '../errors/index.js';
import { parseExtraHost } from './extra-hosts.js';
import { validateContainerSpec } from './validate.js';

describe(parseExtraHost.name, () => {
  it.each([
    ['host.docker.internal:host-gateway', { host: 'host.docker.internal', address: 'host-gateway' }],
    ['db:10.0.0.5', { host: 'db', address: '10.0.0.5' }],
    ['v6-host:fd00::1', { host: 'v6-host', address: 'fd00::1' }],
    ['my_host-1:::1', { host: 'my_host-1', address: '::1' }],
  ])('reads %s', (entry, parsed) => {
    expect(parseExtraHost(entry)).toEqual(parsed);
  });
  it.each([
    'db',
    'db:',
    ':10.0.0.5',
    'db:10.0.0.256',
    'db:localhost',
    'db:host-gateway:1',
    '-db:10.0.0.5',
    'd b:10.0.0.5',
  ])('refuses %j', (entry) => {
    expect(parseExtraHost(entry)).toBeUndefined();
  });
});

describe('ContainerSpec.extraHosts', () => {
  it('is accepted as written (the seed programs use host.docker.internal:host-gateway)', () => {
    const spec = { image: 'busybox', extraHosts: ['host.docker.internal:host-gateway', 'db:10.0.0.5'] };
    expect(validateContainerSpec(spec).extraHosts).toEqual(spec.extraHosts);
  });
  it('refuses bad entries with a ValidationError naming each', () => {
    let err: unknown;
    try {
      validateContainerSpec({ image: 'busybox', extraHosts: ['ok:1.2.3.4', 'nocolon', 7 as never] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['extraHosts.1', 'extraHosts.2']);
  });
});
