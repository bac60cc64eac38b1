import { ValidationError, withResilience } from '@berth/core';
import { DockerDriver } from '../docker-driver.js';
import { connectionFromEnv } from './connection-from-env.js';
import {
  DEFAULT_STATS_INTERVAL_MS,
  dockerSettingsFromEnv,
  resolveStatsIntervalMs,
  statsIntervalFromEnv,
} from './docker-settings-from-env.js';

/** The `path`s of the ValidationError `fn` throws. */
function badVariables(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (ValidationError.is(err)) return err.issues.map((i) => i.path).sort();
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe(`${connectionFromEnv.name} (the Docker client seed's variables)`, () => {
  describe('when DOCKER_HOST is a bare host and DOCKER_PORT is set', () => {
    it('connects over TCP to that host and port', () => {
      expect(connectionFromEnv({ DOCKER_HOST: 'localhost', DOCKER_PORT: '2375' })).toEqual({
        host: 'localhost',
        port: 2375,
        protocol: 'http',
      });
    });
  });
  describe('when only DOCKER_PORT is set', () => {
    it("uses the seed's default host localhost", () => {
      expect(connectionFromEnv({ DOCKER_PORT: '12375' })).toEqual({ host: 'localhost', port: 12375, protocol: 'http' });
    });
  });
  describe('when DOCKER_SECURE is true', () => {
    it('uses TLS on 2376 by default', () => {
      expect(connectionFromEnv({ DOCKER_HOST: 'tcp://docker.internal', DOCKER_SECURE: 'true' })).toEqual({
        host: 'docker.internal',
        port: 2376,
        protocol: 'https',
      });
    });
  });
  describe('when DOCKER_SECURE is false', () => {
    it('stays plain http', () => {
      expect(connectionFromEnv({ DOCKER_HOST: 'h', DOCKER_PORT: '2375', DOCKER_SECURE: 'false' })).toMatchObject({
        protocol: 'http',
      });
    });
    it('contradicting https:// is a ValidationError', () => {
      expect(badVariables(() => connectionFromEnv({ DOCKER_HOST: 'https://h', DOCKER_SECURE: 'false' }))).toEqual([
        'DOCKER_SECURE',
      ]);
    });
  });
  describe('when values are bad', () => {
    it('lists every bad variable', () => {
      expect(badVariables(() => connectionFromEnv({ DOCKER_PORT: '70000', DOCKER_SECURE: 'maybe' }))).toEqual([
        'DOCKER_PORT',
        'DOCKER_SECURE',
      ]);
    });
    it('refuses a DOCKER_PORT that contradicts the port in DOCKER_HOST', () => {
      expect(badVariables(() => connectionFromEnv({ DOCKER_HOST: 'tcp://h:2375', DOCKER_PORT: '2376' }))).toEqual([
        'DOCKER_PORT',
      ]);
    });
    it('refuses DOCKER_PORT with a unix socket', () => {
      expect(badVariables(() => connectionFromEnv({ DOCKER_HOST: 'unix:///s', DOCKER_PORT: '2375' }))).toEqual([
        'DOCKER_PORT',
      ]);
    });
    it('refuses a port that is not digits', () => {
      expect(badVariables(() => connectionFromEnv({ DOCKER_HOST: 'h', DOCKER_PORT: '0x10' }))).toEqual(['DOCKER_PORT']);
    });
  });
});

describe(dockerSettingsFromEnv.name, () => {
  describe('when nothing is set', () => {
    it('gives the default socket, no stats interval and no resilience', () => {
      expect(dockerSettingsFromEnv({})).toEqual({ connection: { socketPath: '/var/run/docker.sock' } });
    });
  });
  describe("when the seed's monitoring variables are set", () => {
    it('reads STATS_INTERVAL, DOCKER_TIMEOUT, MAX_RETRIES and RETRY_DELAY', () => {
      const settings = dockerSettingsFromEnv({
        DOCKER_HOST: 'localhost',
        DOCKER_PORT: '2375',
        DOCKER_SECURE: 'false',
        DOCKER_TIMEOUT: '30000',
        STATS_INTERVAL: '5000',
        MAX_RETRIES: '3',
        RETRY_DELAY: '1000',
      });
      expect(settings).toEqual({
        connection: { host: 'localhost', port: 2375, protocol: 'http' },
        statsIntervalMs: 5000,
        resilience: { defaultTimeoutMs: 30000, retry: { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 2000 } },
      });
      // the policy is one withResilience accepts
      expect(() => withResilience({} as never, settings.resilience)).not.toThrow();
    });
    it('turns retries off with MAX_RETRIES=0', () => {
      expect(dockerSettingsFromEnv({ MAX_RETRIES: '0' }).resilience?.retry).toBe(false);
    });
    it('accepts RETRY_DELAY=0', () => {
      const { resilience } = dockerSettingsFromEnv({ RETRY_DELAY: '0' });
      expect(() => withResilience({} as never, resilience)).not.toThrow();
    });
  });
  describe('when values are bad', () => {
    it('lists every bad variable, connection ones included, in one ValidationError', () => {
      expect(
        badVariables(() =>
          dockerSettingsFromEnv({
            DOCKER_TIMEOUT: '0',
            STATS_INTERVAL: 'fast',
            MAX_RETRIES: '-1',
            RETRY_DELAY: '1.5',
            DOCKER_PORT: 'x',
          }),
        ),
      ).toEqual(['DOCKER_PORT', 'DOCKER_TIMEOUT', 'MAX_RETRIES', 'RETRY_DELAY', 'STATS_INTERVAL']);
    });
  });
});

describe(`${statsIntervalFromEnv.name} and ${resolveStatsIntervalMs.name} (the default stats$ interval)`, () => {
  it('reads STATS_INTERVAL when set, and nothing when unset or blank', () => {
    expect(statsIntervalFromEnv({ STATS_INTERVAL: '2500' })).toBe(2500);
    expect(statsIntervalFromEnv({})).toBeUndefined();
    expect(statsIntervalFromEnv({ STATS_INTERVAL: ' ' })).toBeUndefined();
  });
  it('refuses a STATS_INTERVAL that is not a whole number of ms in 100–3600000 with a ValidationError naming it', () => {
    for (const bad of ['fast', '99', '1.5', '-5', '3600001']) {
      expect(badVariables(() => statsIntervalFromEnv({ STATS_INTERVAL: bad }))).toEqual(['STATS_INTERVAL']);
    }
  });
  it('prefers the option, then the environment, then 1000 ms', () => {
    expect(resolveStatsIntervalMs(300, { STATS_INTERVAL: '5000' })).toBe(300);
    expect(resolveStatsIntervalMs(undefined, { STATS_INTERVAL: '5000' })).toBe(5000);
    expect(resolveStatsIntervalMs(undefined, {})).toBe(DEFAULT_STATS_INTERVAL_MS);
    expect(DEFAULT_STATS_INTERVAL_MS).toBe(1000);
  });
  it('refuses a bad option (not a whole number of ms in 1–3600000) with a ValidationError naming statsIntervalMs', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 3_600_001]) {
      expect(badVariables(() => resolveStatsIntervalMs(bad, {}))).toEqual(['statsIntervalMs']);
    }
  });
});

describe(`new ${DockerDriver.name}() reads STATS_INTERVAL`, () => {
  const saved = process.env['STATS_INTERVAL'];
  afterEach(() => {
    if (saved === undefined) delete process.env['STATS_INTERVAL'];
    else process.env['STATS_INTERVAL'] = saved;
  });
  it('throws a ValidationError naming STATS_INTERVAL when the environment holds a bad one, before opening a client', () => {
    process.env['STATS_INTERVAL'] = 'often';
    expect(badVariables(() => new DockerDriver())).toEqual(['STATS_INTERVAL']);
  });
  it('throws a ValidationError naming statsIntervalMs for a bad option', () => {
    delete process.env['STATS_INTERVAL'];
    expect(badVariables(() => new DockerDriver({ docker: {} as never, statsIntervalMs: 0 }))).toEqual([
      'statsIntervalMs',
    ]);
  });
});
