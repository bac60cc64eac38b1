import {
  EnvSchema,
  ImageReferenceSchema,
  LabelsSchema,
  normalizeCapability,
  ResourceLimitsSchema,
  toValidationIssues,
  ValidationError,
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

/** Schema of {@link CreateSessionOptions}. */
export const CreateSessionOptionsSchema = z.strictObject({
  agentType: z
    .string({ error: 'agentType is required' })
    .regex(AGENT_TYPE_PATTERN, { error: 'agentType must match [a-zA-Z0-9][a-zA-Z0-9._-]*' }),
  image: ImageReferenceSchema.optional(),
  capabilities: z
    .array(z.string().refine((c) => normalizeCapability(c) !== null, { error: 'unknown Linux capability' }))
    .optional(),
  resources: ResourceLimitsSchema.optional(),
  env: EnvSchema.optional(),
  timeoutMs: ms('timeoutMs').optional(),
  idleTimeoutMs: ms('idleTimeoutMs').optional(),
  labels: LabelsSchema.refine((l) => Object.keys(l).every((k) => !k.startsWith('berth.')), {
    error: 'labels must not use the reserved berth.* prefix',
  }).optional(),
});

/**
 * Validates {@link CreateSessionOptions}; throws `ValidationError` listing every bad field.
 *
 * @example
 * ```ts
 * validateCreateSessionOptions({ agentType: '' }); // throws ValidationError (path: agentType)
 * ```
 */
export function validateCreateSessionOptions(options: unknown): CreateSessionOptions {
  const parsed = CreateSessionOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error), {}, 'session options');
  return options as CreateSessionOptions;
}
