import { z } from 'zod';
import { normalizeCapability } from './linux-capabilities.js';
import { ENV_NAME_PATTERN, IMAGE_REFERENCE_PATTERN, LABEL_KEY_PATTERN, RESOURCE_NAME_PATTERN } from './patterns.js';

const positiveInt = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be an integer` })
    .positive({ error: `${what} must be positive` });

const absolutePath = (what: string) =>
  z
    .string()
    .min(1, { error: `${what} must not be empty` })
    .refine((p) => p.startsWith('/'), { error: `${what} must be an absolute path` })
    .refine((p) => !p.split('/').includes('..'), { error: `${what} must not contain '..'` })
    .refine((p) => !p.includes('\0'), { error: `${what} must not contain NUL` });

/** Schema of `spec.env` and `ExecSpec.env`. */
export const EnvSchema = z.record(
  z.string().regex(ENV_NAME_PATTERN, { error: 'env name must be non-empty and must not contain "=" or NUL' }),
  z.string({ error: 'env value must be a string' }),
);

/** Schema of label maps. */
export const LabelsSchema = z.record(
  z.string().regex(LABEL_KEY_PATTERN, {
    error: 'label key must match [a-zA-Z0-9]([a-zA-Z0-9._/-]*[a-zA-Z0-9])? (max 255 chars)',
  }),
  z.string({ error: 'label value must be a string' }),
);

/** Schema of an image reference. */
export const ImageReferenceSchema = z
  .string({ error: 'image must be a string' })
  .min(1, { error: 'image must not be empty', abort: true })
  .max(255, { error: 'image reference is too long', abort: true })
  .regex(IMAGE_REFERENCE_PATTERN, { error: 'image must be a reference like name[:tag][@digest]' });

const CapabilityListSchema = z.array(
  z.string().refine((c) => normalizeCapability(c) !== null, { error: 'unknown Linux capability' }),
);

/** Schema of {@link ResourceLimits}. */
export const ResourceLimitsSchema = z.strictObject({
  cpu: z
    .number({ error: 'cpu must be a number of cores' })
    .positive({ error: 'cpu must be positive' })
    .max(1024, { error: 'cpu is too large' })
    .optional(),
  memoryMb: positiveInt('memoryMb').optional(),
  diskMb: positiveInt('diskMb').optional(),
  pids: positiveInt('pids').optional(),
});

/** Schema of {@link VolumeMount}. */
export const VolumeMountSchema = z
  .strictObject({
    source: z.string().min(1, { error: 'source must not be empty' }),
    target: absolutePath('target'),
    readOnly: z.boolean().optional(),
    type: z.enum(['volume', 'bind']).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.type === 'bind' && !m.source.startsWith('/')) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'bind source must be an absolute host path' });
    }
    if (m.type !== 'bind' && !RESOURCE_NAME_PATTERN.test(m.source)) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'volume name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' });
    }
  });

/** Schema of {@link SecurityOptions}. */
export const SecurityOptionsSchema = z.strictObject({
  readOnly: z.boolean().optional(),
  noNewPrivileges: z.boolean().optional(),
  user: z
    .string()
    .regex(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]*(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]*)?$/, {
      error: 'user must be name or uid[:gid]',
    })
    .optional(),
  capabilities: z
    .strictObject({
      drop: CapabilityListSchema.optional(),
      add: CapabilityListSchema.optional(),
    })
    .optional(),
});

const port = z.number().int({ error: 'port must be an integer' }).min(1).max(65535);

/** Schema of {@link PortMapping}. */
export const PortMappingSchema = z.strictObject({
  containerPort: port,
  hostPort: port.optional(),
  protocol: z.enum(['tcp', 'udp']).optional(),
  hostIp: z.union([z.ipv4(), z.ipv6()]).optional(),
});

const argv = (what: string) =>
  z
    .array(z.string({ error: `${what} items must be strings` }))
    .min(1, { error: `${what} must not be empty` })
    .refine((a) => a.every((s) => !s.includes('\0')), { error: `${what} must not contain NUL` });

/** Schema of {@link HealthcheckSpec}. */
export const HealthcheckSchema = z.strictObject({
  command: argv('command'),
  intervalMs: positiveInt('intervalMs').optional(),
  timeoutMs: positiveInt('timeoutMs').optional(),
  retries: positiveInt('retries').optional(),
  startPeriodMs: z.number().int().nonnegative().optional(),
});

/** Schema of {@link ContainerSpec}. */
export const ContainerSpecSchema = z.strictObject({
  image: ImageReferenceSchema,
  sessionId: z.string().min(1).max(128).optional(),
  name: z.string().regex(RESOURCE_NAME_PATTERN, { error: 'name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' }).optional(),
  command: argv('command').optional(),
  entrypoint: argv('entrypoint').optional(),
  env: EnvSchema.optional(),
  labels: LabelsSchema.optional(),
  resources: ResourceLimitsSchema.optional(),
  volumes: z.array(VolumeMountSchema).optional(),
  network: z.string().min(1).optional(),
  security: SecurityOptionsSchema.optional(),
  ports: z.array(PortMappingSchema).optional(),
  workingDir: absolutePath('workingDir').optional(),
  healthcheck: HealthcheckSchema.optional(),
  tty: z.boolean().optional(),
});

/** Schema of {@link ExecSpec}. */
export const ExecSpecSchema = z.strictObject({
  command: argv('command'),
  env: EnvSchema.optional(),
  workingDir: absolutePath('workingDir').optional(),
  user: z.string().min(1).optional(),
  stdin: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
  timeoutMs: positiveInt('timeoutMs').optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

/** Schema of {@link VolumeSpec}. */
export const VolumeSpecSchema = z.strictObject({
  name: z.string().regex(RESOURCE_NAME_PATTERN, { error: 'volume name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' }),
  labels: LabelsSchema.optional(),
});

/** Schema of {@link NetworkSpec}. */
export const NetworkSpecSchema = z.strictObject({
  name: z.string().regex(RESOURCE_NAME_PATTERN, { error: 'network name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' }),
  labels: LabelsSchema.optional(),
  internal: z.boolean().optional(),
});
