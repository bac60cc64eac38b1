import {
  canonicalResourceLimits,
  EnvSchema,
  ImageReferenceSchema,
  LabelsSchema,
  normalizeCapability,
  ResourceLimitsSchema,
  toValidationIssues,
  ValidationError,
  type ValidationIssue,
} from '@berth/core';
import { z } from 'zod';
import { AGENT_TYPE_PATTERN } from '../options/index.js';
import type { CreateSessionOptions } from './session.js';

const ms = (what: string) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .int({ error: `${what} must be an integer` })
    .positive({ error: `${what} must be positive` })
    .max(2_147_483_647, { error: `${what} is too large` });

/** Most agent capabilities one session may list. */
export const MAX_AGENT_CAPABILITIES = 32;

/** An agent capability (`python`, `javascript`, `node.js`, `c++`): a word of at most 63 characters. */
export const AGENT_CAPABILITY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._+-]{0,62}$/;

/** `true` for a name written like a Linux capability (`NET_ADMIN`, `CAP_CHOWN`), which `capabilities` no longer takes. */
function looksLikeLinuxCapability(name: string): boolean {
  return /^[A-Z_]+$/.test(name) && normalizeCapability(name) !== null;
}

const agentCapability = z
  .string({ error: 'capabilities entries must be strings' })
  .regex(AGENT_CAPABILITY_PATTERN, { error: 'an agent capability must match [a-zA-Z0-9][a-zA-Z0-9._+-]*' })
  .refine((c) => !looksLikeLinuxCapability(c), {
    error:
      'capabilities are agent capabilities (languages, tools); pass Linux capabilities as security.capabilities.add',
  });

/** Schema of {@link CreateSessionOptions} (both spellings; {@link validateCreateSessionOptions} normalises). */
export const CreateSessionOptionsSchema = z.strictObject({
  agentType: z
    .string({ error: 'agentType is required' })
    .regex(AGENT_TYPE_PATTERN, { error: 'agentType must match [a-zA-Z0-9][a-zA-Z0-9._-]*' }),
  image: ImageReferenceSchema.optional(),
  capabilities: z
    .array(agentCapability)
    .max(MAX_AGENT_CAPABILITIES, { error: `at most ${MAX_AGENT_CAPABILITIES} capabilities` })
    .optional(),
  security: z
    .strictObject({
      capabilities: z
        .strictObject({
          add: z
            .array(z.string().refine((c) => normalizeCapability(c) !== null, { error: 'unknown Linux capability' }))
            .optional(),
        })
        .optional(),
    })
    .optional(),
  resources: ResourceLimitsSchema.optional(),
  resourceRequirements: ResourceLimitsSchema.optional(),
  env: EnvSchema.optional(),
  timeoutMs: ms('timeoutMs').optional(),
  timeout: ms('timeout').optional(),
  idleTimeoutMs: ms('idleTimeoutMs').optional(),
  labels: LabelsSchema.refine((l) => Object.keys(l).every((k) => !k.startsWith('berth.')), {
    error: 'labels must not use the reserved berth.* prefix',
  }).optional(),
});

function aliasIssues(options: CreateSessionOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (options.resourceRequirements !== undefined && options.resources !== undefined) {
    issues.push({
      path: 'resourceRequirements',
      message: 'resourceRequirements is the seed spelling of resources; give one',
    });
  }
  if (options.timeout !== undefined && options.timeoutMs !== undefined && options.timeout !== options.timeoutMs) {
    issues.push({
      path: 'timeout',
      message: 'timeout is the seed spelling of timeoutMs; both are given with different values',
    });
  }
  for (const [path, r] of [
    ['resources', options.resources],
    ['resourceRequirements', options.resourceRequirements],
  ] as const) {
    if (r === undefined) continue;
    if (r.memory !== undefined && r.memoryMb !== undefined && r.memory !== r.memoryMb) {
      issues.push({ path: `${path}.memory`, message: 'memory is the seed spelling of memoryMb; give one' });
    }
    if (r.disk !== undefined && r.diskMb !== undefined && r.disk !== r.diskMb) {
      issues.push({ path: `${path}.disk`, message: 'disk is the seed spelling of diskMb; give one' });
    }
  }
  return issues;
}

/**
 * Validates {@link CreateSessionOptions}; throws `ValidationError` listing every bad field. Returns them in
 * canonical form: `resourceRequirements` as `resources` and `timeout` as `timeoutMs` (the seed's spellings),
 * resource limits with `memoryMb`/`diskMb` (MiB) for the seed's `memory`/`disk`. The caller's object is not changed.
 *
 * @example
 * ```ts
 * validateCreateSessionOptions({ agentType: '' }); // throws ValidationError (path: agentType)
 * validateCreateSessionOptions({ agentType: 'a', resourceRequirements: { memory: 512 }, timeout: 60_000 });
 * // { agentType: 'a', resources: { memoryMb: 512 }, timeoutMs: 60_000 }
 * ```
 */
export function validateCreateSessionOptions(options: unknown): CreateSessionOptions {
  const parsed = CreateSessionOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error), {}, 'session options');
  const given = options as CreateSessionOptions;
  const issues = aliasIssues(given);
  if (issues.length > 0) throw new ValidationError(issues, {}, 'session options');
  const { resourceRequirements, timeout, ...rest } = given;
  const out: CreateSessionOptions = { ...rest };
  const resources = rest.resources ?? resourceRequirements;
  if (resources !== undefined) out.resources = canonicalResourceLimits(resources);
  const timeoutMs = rest.timeoutMs ?? timeout;
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  return out;
}
