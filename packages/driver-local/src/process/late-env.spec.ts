import { execFileSync } from 'node:child_process';
import { MAX_ARG_STRING_BYTES, ValidationError } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { CONTAINER_ID_ENV, containerEnv } from './host-env.js';
import { lateEnv, validateLateEnv, WRAPPER_PATH } from './late-env.js';

const ID = 'a'.repeat(64);
const LOADER = {
  LD_PRELOAD: '/tmp/evil.so',
  LD_LIBRARY_PATH: '/tmp/lib',
  LD_AUDIT: '/tmp/evil.so',
  GCONV_PATH: '/tmp/gconv',
  GLIBC_TUNABLES: 'glibc.malloc.check=3',
  ENV: '/tmp/rc',
  IFS: '/',
};

/** The environment the last step hands the command, as `env -0` prints it in `/bin/sh` (real processes). */
function appliedEnv(env: Record<string, string>): Record<string, string> {
  const split = lateEnv(env);
  const out = execFileSync(split.prefix[0] as string, [...split.prefix.slice(1), 'env', '-0'], {
    env: split.env,
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Object.fromEntries(
    out
      .toString('utf8')
      .split('\0')
      .filter((e) => e !== '')
      .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
  );
}

describe(lateEnv.name, () => {
  describe('when the env names loader and shell variables', () => {
    it('gives the privileged steps only PATH, the container marker and the carriers', () => {
      const { env } = lateEnv(containerEnv(ID, '/', LOADER));
      expect(env['PATH']).toBe(WRAPPER_PATH);
      expect(env[CONTAINER_ID_ENV]).toBe(ID);
      expect(
        Object.keys(env).filter((k) => k !== 'PATH' && k !== CONTAINER_ID_ENV && !/^BERTH_ENV_\d+$/.test(k)),
      ).toEqual([]);
    });

    it('hands the command exactly the container env (plus PWD), every value intact', () => {
      const full = containerEnv(ID, '/', {
        ...LOADER,
        QUOTED: `it's "q" $HOME \`x\` \\ ; | & *`,
        MULTI: 'line1\nline2\n',
        EMPTY: '',
        i: 'a shell variable of the last step',
        BERTH_ENV_0: 'a carrier name',
        PATH: '/opt/bin:/usr/bin:/bin',
      });
      expect(appliedEnv(full)).toEqual({ ...full, PWD: '/' });
    });
  });

  describe('when a name is not a shell variable name', () => {
    it('throws ValidationError naming env.<name>', () => {
      expect(() => lateEnv({ 'my.var': 'x', '1ST': 'y', OK: 'z' })).toThrow(ValidationError);
      try {
        validateLateEnv({ 'my.var': 'x', '1ST': 'y', OK: 'z' });
      } catch (err) {
        expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['env.my.var', 'env.1ST']);
      }
    });
  });

  describe('when an entry fits execve alone but not with its carrier name', () => {
    it('throws ValidationError naming it', () => {
      const big = 'x'.repeat(MAX_ARG_STRING_BYTES - 'BIG='.length - 1);
      expect(() => validateLateEnv({ BIG: big })).toThrow(/env\.BIG/);
    });
  });
});
