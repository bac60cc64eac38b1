import {
  ImageReferenceSchema,
  LabelsSchema,
  type ResourceLimits,
  ResourceLimitsSchema,
  toValidationIssues,
  ValidationError,
} from '@berth/core';
import { z } from 'zod';
import { assertHubReachable, type HubLinkOptions, HubLinkOptionsSchema } from '../hub/index.js';
import { defaultImagesFor } from './default-images.js';

const positiveMs = (what: string) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .int({ error: `${what} must be an integer` })
    .positive({ error: `${what} must be positive` })
    .max(2_147_483_647, { error: `${what} is too large (max 2^31-1 ms)` });

/** Agent types and image-map keys: a label-friendly word. */
export const AGENT_TYPE_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

/** Schema of {@link SessionManagerOptions}. */
export const SessionManagerOptionsSchema = z.strictObject({
  images: z
    .record(
      z.string().regex(AGENT_TYPE_PATTERN, { error: 'image key must be an agent type or "default"' }),
      ImageReferenceSchema,
    )
    .optional(),
  resources: ResourceLimitsSchema.optional(),
  maxSessions: z
    .number()
    .int({ error: 'maxSessions must be an integer' })
    .positive({ error: 'maxSessions must be positive' })
    .optional(),
  timeoutMs: positiveMs('timeoutMs').optional(),
  idleTimeoutMs: positiveMs('idleTimeoutMs').optional(),
  codeTimeoutMs: positiveMs('codeTimeoutMs').optional(),
  readinessTimeoutMs: positiveMs('readinessTimeoutMs').optional(),
  reapIntervalMs: positiveMs('reapIntervalMs').optional(),
  warmPool: z
    .record(ImageReferenceSchema, z.number().int().min(0).max(256, { error: 'warm pool size is at most 256' }))
    .optional(),
  labels: LabelsSchema.refine((l) => Object.keys(l).every((k) => !k.startsWith('berth.')), {
    error: 'labels must not use the reserved berth.* prefix',
  }).optional(),
  ownerId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\0\n]+$/, { error: 'ownerId must be one line' })
    .optional(),
  workDir: z
    .string()
    .regex(/^\/[a-zA-Z0-9._/-]*$/, { error: 'workDir must be an absolute path of [a-zA-Z0-9._/-]' })
    .refine((p) => !p.split('/').includes('..'), { error: 'workDir must not contain ..' })
    .optional(),
  hub: HubLinkOptionsSchema.optional(),
});

/**
 * Options of a {@link SessionManager}. Every field is optional; defaults in brackets.
 *
 * @example
 * ```ts
 * const options: SessionManagerOptions = {
 *   images: { python: 'berth/runtime:bookworm' }, // [by driver: `host` on local, berth/runtime:bookworm elsewhere]
 *   maxSessions: 10,                              // [64]
 *   timeoutMs: 30 * 60_000,                       // session TTL [1 h]
 *   idleTimeoutMs: 5 * 60_000,                    // [15 min]
 *   warmPool: { 'berth/runtime:bookworm': 2 },    // warm containers per image [none]
 * };
 * ```
 */
export interface SessionManagerOptions {
  /**
   * Image per agent type; the key `default` applies to every other type. Merged over the driver's defaults:
   * `{ default: 'host' }` for `local`, `{ default: 'berth/runtime:bookworm' }` for every other driver.
   */
  images?: Record<string, string>;
  /** Resource limits of every session container unless the session says otherwise. Default: none. */
  resources?: ResourceLimits;
  /** Maximum live sessions (warm-pool containers do not count). Default: 64. */
  maxSessions?: number;
  /** Session time-to-live from creation, in ms (`expiresAt`). Default: 3 600 000 (1 h). */
  timeoutMs?: number;
  /** A session without activity for this long is reaped, in ms. Default: 900 000 (15 min). */
  idleTimeoutMs?: number;
  /** Default timeout of `executeCode` / `runInContext` / `exec`, in ms. Default: 60 000. */
  codeTimeoutMs?: number;
  /**
   * Deadline of the readiness probe `createSession` runs when a started container's code runner does not answer
   * first (see `createSession`), and how long `createContext` / `restartContext` wait for an interpreter to start,
   * in ms. Default: 30 000.
   */
  readinessTimeoutMs?: number;
  /** Period of the reaper (TTL, idle, dead containers, warm-pool refresh), in ms; the timer is `unref()`ed. Default: 10 000. */
  reapIntervalMs?: number;
  /** Warm pool: number of pre-started containers to keep per image. Default: `{}` (no warm pool). */
  warmPool?: Record<string, number>;
  /** Extra labels on every container (must not use the `berth.` prefix). Default: none. */
  labels?: Record<string, string>;
  /**
   * Identity of this manager instance, written to `berth.owner` on every container. A restarted manager
   * with the same id adopts its sessions. Default: `<hostname>:<pid>:<random>`, so a later manager can tell
   * when the owner process is gone.
   */
  ownerId?: string;
  /** Directory inside containers for code files and helper scripts. Default: `/tmp/berth`. */
  workDir?: string;
  /**
   * A Berth hub the session containers report to as producers: each gets `BERTH_HUB_URL`, `BERTH_HUB_TOKEN`
   * (scoped to its session) and `BERTH_SESSION_ID`. Default: none (no hub variables).
   */
  hub?: HubLinkOptions;
}

/** {@link SessionManagerOptions} with every default filled in. */
export interface ResolvedSessionManagerOptions {
  /** Image per agent type (`default` for the rest), driver defaults merged in. */
  images: Record<string, string>;
  /** Default resource limits. */
  resources: ResourceLimits;
  /** Maximum live sessions. */
  maxSessions: number;
  /** Session TTL in ms. */
  timeoutMs: number;
  /** Idle timeout in ms. */
  idleTimeoutMs: number;
  /** Default run timeout in ms. */
  codeTimeoutMs: number;
  /** Readiness probe (and context interpreter start) deadline in ms. */
  readinessTimeoutMs: number;
  /** Reaper period in ms. */
  reapIntervalMs: number;
  /** Warm pool size per image. */
  warmPool: Record<string, number>;
  /** Extra labels on every container. */
  labels: Record<string, string>;
  /** Fixed owner id, or `undefined` for a generated one. */
  ownerId: string | undefined;
  /** Working directory of session containers. */
  workDir: string;
  /** The hub session containers report to, if any. */
  hub?: HubLinkOptions;
}

/**
 * Validates options (throws `ValidationError` listing every bad field) and fills in defaults.
 *
 * @param options - user options.
 * @param driverName - `driver.name`, to choose default images.
 * @example
 * ```ts
 * resolveSessionManagerOptions({ maxSessions: 2 }, 'local').images.default; // 'host'
 * ```
 */
export function resolveSessionManagerOptions(options: unknown, driverName: string): ResolvedSessionManagerOptions {
  const parsed = SessionManagerOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error), {}, 'session manager options');
  const o = options === undefined || options === null ? {} : (options as SessionManagerOptions);
  if (o.hub !== undefined) assertHubReachable(o.hub.url, driverName);
  return {
    images: { ...defaultImagesFor(driverName), ...(o.images ?? {}) },
    resources: { ...(o.resources ?? {}) },
    maxSessions: o.maxSessions ?? 64,
    timeoutMs: o.timeoutMs ?? 3_600_000,
    idleTimeoutMs: o.idleTimeoutMs ?? 900_000,
    codeTimeoutMs: o.codeTimeoutMs ?? 60_000,
    readinessTimeoutMs: o.readinessTimeoutMs ?? 30_000,
    reapIntervalMs: o.reapIntervalMs ?? 10_000,
    warmPool: { ...(o.warmPool ?? {}) },
    labels: { ...(o.labels ?? {}) },
    ownerId: o.ownerId,
    workDir: (o.workDir ?? '/tmp/berth').replace(/\/+$/, '') || '/tmp/berth',
    ...(o.hub === undefined ? {} : { hub: { url: o.hub.url, token: o.hub.token } }),
  };
}
