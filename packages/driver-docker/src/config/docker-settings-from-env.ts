import { type ResiliencePolicy, ValidationError, type ValidationIssue } from '@berth/core';
import { connectionFromEnv } from './connection-from-env.js';
import type { DockerConnectionOptions } from './docker-connection-options.js';

/** What the environment says about a Docker driver: {@link dockerSettingsFromEnv}. */
export interface DockerEnvSettings {
  /** Where the engine is (`DOCKER_HOST`, `DOCKER_PORT`, `DOCKER_SECURE`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`). */
  connection: DockerConnectionOptions;
  /** Default time between `stats$` samples in ms (`STATS_INTERVAL`), when set. */
  statsIntervalMs?: number;
  /**
   * The resilience policy, when `DOCKER_TIMEOUT`, `MAX_RETRIES` or `RETRY_DELAY` is set: `defaultTimeoutMs` from
   * `DOCKER_TIMEOUT` (default 30000), retries from `MAX_RETRIES` (default 3; `0`: none) with `RETRY_DELAY` as the
   * first retry's delay cap (default 100 ms; doubles each retry, full jitter, up to max(2000, RETRY_DELAY)).
   */
  resilience?: ResiliencePolicy;
}

/** The variables {@link dockerSettingsFromEnv} reads besides the connection's, with their bounds. */
const INTEGER_VARIABLES = {
  DOCKER_TIMEOUT: { min: 1, max: 3_600_000, what: 'milliseconds' },
  STATS_INTERVAL: { min: 100, max: 3_600_000, what: 'milliseconds' },
  MAX_RETRIES: { min: 0, max: 100, what: 'retries' },
  RETRY_DELAY: { min: 0, max: 600_000, what: 'milliseconds' },
} as const;

/** Every environment variable the Docker driver reads. */
export const DOCKER_ENV_VARIABLES: readonly string[] = Object.freeze([
  'DOCKER_HOST',
  'DOCKER_PORT',
  'DOCKER_SECURE',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  ...Object.keys(INTEGER_VARIABLES),
]);

/** The default time between `stats$` samples (ms) when neither the caller, the options nor `STATS_INTERVAL` give one. */
export const DEFAULT_STATS_INTERVAL_MS = 1000;

/**
 * Parses one of {@link INTEGER_VARIABLES}: `undefined` when unset or blank, the number when in bounds, else an issue.
 */
function readInteger(
  env: NodeJS.ProcessEnv,
  name: keyof typeof INTEGER_VARIABLES,
  issues: ValidationIssue[],
): number | undefined {
  const { min, max, what } = INTEGER_VARIABLES[name];
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  issues.push({
    path: name,
    message: `expected a whole number of ${what} in ${min}–${max}, got ${JSON.stringify(env[name])}`,
  });
  return undefined;
}

/**
 * The default `stats$` interval the environment sets (`STATS_INTERVAL`, ms, 100–3600000), or `undefined` when it
 * is unset or blank. `new DockerDriver()` reads it when its options give no `statsIntervalMs`.
 *
 * @param env - environment to read (default `process.env`).
 * @throws ValidationError (`path` `STATS_INTERVAL`) when it is set to anything but a whole number in bounds.
 *
 * @example
 * ```ts
 * statsIntervalFromEnv({ STATS_INTERVAL: '5000' }); // 5000
 * statsIntervalFromEnv({}); // undefined
 * ```
 */
export function statsIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const issues: ValidationIssue[] = [];
  const value = readInteger(env, 'STATS_INTERVAL', issues);
  if (issues.length > 0) throw new ValidationError(issues, {}, 'Docker environment');
  return value;
}

/**
 * The `stats$` interval a `DockerDriver` uses when a caller gives none: `statsIntervalMs` from its options when
 * given (a whole number of ms in 1–3600000), else `STATS_INTERVAL` from the environment, else
 * {@link DEFAULT_STATS_INTERVAL_MS}.
 *
 * @param optionMs - the driver options' `statsIntervalMs`.
 * @param env - environment to read (default `process.env`); read only when `optionMs` is `undefined`.
 * @throws ValidationError (`path` `statsIntervalMs` or `STATS_INTERVAL`) naming the bad value.
 */
export function resolveStatsIntervalMs(optionMs: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (optionMs === undefined) return statsIntervalFromEnv(env) ?? DEFAULT_STATS_INTERVAL_MS;
  if (!Number.isSafeInteger(optionMs) || optionMs < 1 || optionMs > INTEGER_VARIABLES.STATS_INTERVAL.max) {
    throw new ValidationError(
      [{ path: 'statsIntervalMs', message: `expected a whole number of milliseconds in 1–3600000, got ${optionMs}` }],
      {},
      'Docker driver options',
    );
  }
  return optionMs;
}

/**
 * Reads the Docker client seed's environment (the names of `docker-client.md`) beside the `docker` CLI's:
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `DOCKER_HOST` | `unix:///path`, `tcp://host:port`, `host[:port]` | `/var/run/docker.sock` |
 * | `DOCKER_PORT` | port when `DOCKER_HOST` names none | 2375 (2376 with TLS) |
 * | `DOCKER_SECURE` | `true`: TLS (`https`) | `false` |
 * | `DOCKER_TIMEOUT` | per-call timeout of non-streaming calls, ms (resilience `defaultTimeoutMs`) | 30000 |
 * | `STATS_INTERVAL` | default `stats$` interval, ms | 1000 |
 * | `MAX_RETRIES` | retries of idempotent calls on retryable errors | 3 |
 * | `RETRY_DELAY` | first retry's delay cap, ms (doubles, full jitter) | 100 |
 *
 * Every value is checked: all bad variables are listed in one `ValidationError` (`path` = the variable's name).
 *
 * @param env - environment to read (default `process.env`).
 *
 * @example
 * ```ts
 * const { connection, statsIntervalMs, resilience } = dockerSettingsFromEnv();
 * const driver = withResilience(await DockerDriver.connect({ connection, statsIntervalMs }), resilience);
 * ```
 */
export function dockerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DockerEnvSettings {
  const issues: ValidationIssue[] = [];
  const values: Partial<Record<keyof typeof INTEGER_VARIABLES, number>> = {};
  for (const name of Object.keys(INTEGER_VARIABLES) as (keyof typeof INTEGER_VARIABLES)[]) {
    const n = readInteger(env, name, issues);
    if (n !== undefined) values[name] = n;
  }
  let connection: DockerConnectionOptions | undefined;
  try {
    connection = connectionFromEnv(env);
  } catch (err) {
    if (!ValidationError.is(err)) throw err;
    issues.push(...err.issues);
  }
  if (issues.length > 0 || connection === undefined) throw new ValidationError(issues, {}, 'Docker environment');
  const settings: DockerEnvSettings = { connection };
  if (values.STATS_INTERVAL !== undefined) settings.statsIntervalMs = values.STATS_INTERVAL;
  const { DOCKER_TIMEOUT: timeout, MAX_RETRIES: retries, RETRY_DELAY: delay } = values;
  if (timeout !== undefined || retries !== undefined || delay !== undefined) {
    const baseDelayMs = delay ?? 100;
    settings.resilience = {
      defaultTimeoutMs: timeout ?? 30_000,
      retry: retries === 0 ? false : { maxRetries: retries ?? 3, baseDelayMs, maxDelayMs: Math.max(2000, baseDelayMs) },
    };
  }
  return settings;
}
