import { ValidationError } from '@berth/core';
import { z } from 'zod';
import { type BuiltinDriverKind, DRIVER_KINDS } from '../drivers/builtin-driver-kinds.js';
import { InsecureBindError } from '../errors/index.js';
import { parseAllowedOrigins, splitOrigins } from './allowed-origins.js';
import { isLoopbackHost } from './is-loopback.js';

/** A decimal integer variable: digits only (`" "`, `1e3`, `0x10` and `8080.0` are refused, not coerced). */
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number of digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const token = z.string().min(16, 'must be at least 16 characters').max(4096);

/** The environment variables the hub reads, with their defaults. The single source of {@link HubConfig}. */
export const HubEnvSchema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  AUTH_TOKEN: token.optional(),
  PRODUCER_TOKEN: token.optional(),
  OPERATOR_TOKEN: token.optional(),
  HEARTBEAT_INTERVAL: int(100, 3_600_000).default(30_000),
  SESSION_TIMEOUT: int(0, 86_400_000).default(300_000),
  MAX_SESSIONS: int(1, 1_000_000).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BERTH_DRIVER: z.enum(DRIVER_KINDS).default('local'),
  MONITOR_CONTAINERS: z
    .enum(['1', 'true', '0', 'false'], { message: 'expected 1, true, 0 or false' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  AUTH_TIMEOUT: int(100, 600_000).default(5000),
  EVENTS_OPEN_TIMEOUT: int(1, 3_600_000).default(10_000),
  MAX_PAYLOAD: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  RING_BUFFER_SIZE: int(0, 1_000_000).default(1000),
  RING_BUFFER_BYTES: int(0, 1024 * 1024 * 1024).default(4 * 1024 * 1024),
  MAX_SUBSCRIPTIONS: int(1, 100_000).default(256),
  CLIENT_BUFFER_LIMIT: int(1024, 1024 * 1024 * 1024).default(4 * 1024 * 1024),
  SLOW_CLIENT_GRACE: int(0, 3_600_000).default(10_000),
  MAX_PENDING_MESSAGES: int(1, 1_000_000).default(4096),
  MAX_PENDING_BYTES: int(1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  ALLOWED_ORIGINS: z
    .string()
    .max(16_384)
    .transform((value, ctx) => {
      try {
        return parseAllowedOrigins(splitOrigins(value), 'ALLOWED_ORIGINS');
      } catch (err) {
        for (const issue of (err as ValidationError).issues) ctx.addIssue({ code: 'custom', message: issue.message });
        return z.NEVER;
      }
    })
    .optional(),
  BERTH_HOME: z.string().min(1).optional(),
});

/** Raw, validated env values. */
export type HubEnv = z.infer<typeof HubEnvSchema>;

/** Everything a {@link HubServer} needs to know. Build one with {@link loadHubConfig} or by hand. */
export interface HubConfig {
  /** TCP port; 0 picks a free one. Default 8080. */
  port: number;
  /** Address to bind. Default `127.0.0.1`. */
  host: string;
  /** Reader token (subscribe, list). Unset: readers need no token (loopback only). */
  authToken?: string;
  /** Producer token (may also publish). Unset: nobody may publish. */
  producerToken?: string;
  /** Operator token (may also stop, restart and remove containers, create sessions and run code). Unset: nobody may. */
  operatorToken?: string;
  /** Heartbeat period in ms (ws ping + `heartbeat` message). */
  heartbeatIntervalMs: number;
  /** A connection with no subscription that sends nothing for this long is closed (4410). 0 disables. */
  sessionTimeoutMs: number;
  /** Max concurrent client connections; more are closed with 1013. */
  maxSessions: number;
  /** pino level. */
  logLevel: HubEnv['LOG_LEVEL'];
  /** Deadline in ms for the first `auth` message when no token came with the upgrade (4408). */
  authTimeoutMs: number;
  /**
   * How long `watchEvents` / `watchEngineEvents` wait for a host's event stream to open, ms: past it (an engine
   * that cannot be reached) the request is answered with `BERTH_HUB_ENGINE_UNREACHABLE` and not served. Default 10000.
   */
  eventsOpenTimeoutMs: number;
  /** Max inbound frame size in bytes (`ws` closes with 1009 above it). */
  maxPayloadBytes: number;
  /** Recent log lines kept per channel for `subscribe { since }`. */
  ringBufferSize: number;
  /** Bytes of encoded recent log lines kept per channel (the oldest go first); 0 keeps none. Default 4 MiB. */
  ringBufferBytes: number;
  /** Channels one connection may follow at once; one more → `BERTH_RESOURCE_LIMIT` error. Default 256. */
  maxSubscriptionsPerClient: number;
  /** Per-client `bufferedAmount` above which messages are dropped. */
  clientBufferLimitBytes: number;
  /** How long a client may stay above the limit before it is closed (4429). */
  slowClientGraceMs: number;
  /** Messages of one connection waiting to be handled (in arrival order); one more closes it (4429). Default 4096. */
  maxPendingMessages: number;
  /** Bytes of one connection's waiting messages; more closes it (4429). Default 16 MiB. */
  maxPendingBytes: number;
  /**
   * Browser origins (`https://host[:port]`) allowed to open a WebSocket besides the hub's own; a foreign
   * `Origin` header gets HTTP 403. A request without `Origin` (not a browser) is always allowed. Default none.
   */
  allowedOrigins: readonly string[];
  /**
   * Samples every running container's stats for the `berth_container_*` gauges on `/metrics` (what the
   * container alert rules of `deploy/prometheus` read). One `stats$` stream per running container. Default `false`.
   */
  monitorContainers: boolean;
}

/** Defaults of every {@link HubConfig} field (the env defaults). */
export const DEFAULT_HUB_CONFIG: Readonly<HubConfig> = Object.freeze(toHubConfig(HubEnvSchema.parse({})));

/**
 * Reads and validates the hub's environment.
 *
 * @param env - usually `process.env`.
 * @returns the config, plus the driver kind and home from `BERTH_DRIVER` / `BERTH_HOME` (turn them into core's
 *   `DriverConfig` with {@link driverConfigFromEnv}).
 * @throws ValidationError naming each bad variable (`PORT: expected a number …`).
 * @throws InsecureBindError when HOST is not loopback and AUTH_TOKEN is unset.
 *
 * @example
 * ```ts
 * const { config, driver } = loadHubConfig(process.env);
 * ```
 */
export function loadHubConfig(env: Record<string, string | undefined>): {
  config: HubConfig;
  driver: BuiltinDriverKind;
  home?: string;
} {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(HubEnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const result = HubEnvSchema.safeParse(picked);
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      {},
      'hub configuration',
    );
  }
  const config = toHubConfig(result.data);
  assertSafeBinding(config);
  return result.data.BERTH_HOME === undefined
    ? { config, driver: result.data.BERTH_DRIVER }
    : { config, driver: result.data.BERTH_DRIVER, home: result.data.BERTH_HOME };
}

/**
 * Refuses a non-loopback bind without a reader token.
 *
 * @throws InsecureBindError
 */
export function assertSafeBinding(config: Pick<HubConfig, 'host' | 'authToken'>): void {
  if (config.authToken === undefined && !isLoopbackHost(config.host)) throw new InsecureBindError(config.host);
}

function toHubConfig(env: HubEnv): HubConfig {
  const config: HubConfig = {
    port: env.PORT,
    host: env.HOST,
    heartbeatIntervalMs: env.HEARTBEAT_INTERVAL,
    sessionTimeoutMs: env.SESSION_TIMEOUT,
    maxSessions: env.MAX_SESSIONS,
    logLevel: env.LOG_LEVEL,
    authTimeoutMs: env.AUTH_TIMEOUT,
    eventsOpenTimeoutMs: env.EVENTS_OPEN_TIMEOUT,
    maxPayloadBytes: env.MAX_PAYLOAD,
    ringBufferSize: env.RING_BUFFER_SIZE,
    maxSubscriptionsPerClient: env.MAX_SUBSCRIPTIONS,
    clientBufferLimitBytes: env.CLIENT_BUFFER_LIMIT,
    slowClientGraceMs: env.SLOW_CLIENT_GRACE,
    ringBufferBytes: env.RING_BUFFER_BYTES,
    maxPendingMessages: env.MAX_PENDING_MESSAGES,
    maxPendingBytes: env.MAX_PENDING_BYTES,
    allowedOrigins: env.ALLOWED_ORIGINS ?? [],
    monitorContainers: env.MONITOR_CONTAINERS,
  };
  if (env.AUTH_TOKEN !== undefined) config.authToken = env.AUTH_TOKEN;
  if (env.PRODUCER_TOKEN !== undefined) config.producerToken = env.PRODUCER_TOKEN;
  if (env.OPERATOR_TOKEN !== undefined) config.operatorToken = env.OPERATOR_TOKEN;
  return config;
}
