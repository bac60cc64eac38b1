import { z } from 'zod';
import { argvSchema } from './argv.js';
import { boundedList } from './bounded-list.js';
import { ExtraHostSchema } from './extra-hosts.js';
import { MAX_ENUM_LIST_ITEMS, MAX_EXEC_STDIN_BYTES, MAX_IDENTIFIER_LENGTH, MAX_SPEC_LIST_ITEMS } from './limits.js';
import { normalizeCapability } from './linux-capabilities.js';
import { absolutePathSchema, pathProblem } from './paths.js';
import { IMAGE_REFERENCE_PATTERN, RESOURCE_NAME_PATTERN } from './patterns.js';
import { EnvSchema, LabelsSchema } from './string-maps.js';
import { contentByteLength } from './text-bounds.js';

export { EnvSchema, LabelsSchema } from './string-maps.js';

const positiveInt = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be an integer` })
    .positive({ error: `${what} must be positive` });

const absolutePath = absolutePathSchema;

/** A short identifier: a string of at most {@link MAX_IDENTIFIER_LENGTH} characters. */
const identifier = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .max(MAX_IDENTIFIER_LENGTH, { error: `${what} is longer than MAX_IDENTIFIER_LENGTH (${MAX_IDENTIFIER_LENGTH})` });

/** Schema of an image reference. */
export const ImageReferenceSchema = z
  .string({ error: 'image must be a string' })
  .min(1, { error: 'image must not be empty', abort: true })
  .max(255, { error: 'image reference is too long', abort: true })
  .regex(IMAGE_REFERENCE_PATTERN, { error: 'image must be a reference like name[:tag][@digest]' });

const capabilityList = (what: string) =>
  boundedList(
    z.string().refine((c) => normalizeCapability(c) !== null, { error: 'unknown Linux capability' }),
    MAX_ENUM_LIST_ITEMS,
    what,
    'MAX_ENUM_LIST_ITEMS',
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
  /** Seed spelling of `memoryMb` (MiB), normalised by `canonicalResourceLimits`. */
  memory: positiveInt('memory').optional(),
  /** Seed spelling of `diskMb` (MiB), normalised by `canonicalResourceLimits`. */
  disk: positiveInt('disk').optional(),
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
    if (m.type === 'bind') {
      const problem = pathProblem(m.source);
      if (problem !== null) ctx.addIssue({ code: 'custom', path: ['source'], message: `bind source ${problem}` });
      else if (!m.source.startsWith('/')) {
        ctx.addIssue({ code: 'custom', path: ['source'], message: 'bind source must be an absolute host path' });
      }
    }
    if (m.type !== 'bind' && !RESOURCE_NAME_PATTERN.test(m.source)) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'volume name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' });
    }
  });

/** Schema of {@link SecurityOptions}. */
export const SecurityOptionsSchema = z.strictObject({
  readOnly: z.boolean().optional(),
  noNewPrivileges: z.boolean().optional(),
  user: identifier('user')
    .regex(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]*(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]*)?$/, {
      error: 'user must be name or uid[:gid]',
    })
    .optional(),
  capabilities: z
    .strictObject({
      drop: capabilityList('drop').optional(),
      add: capabilityList('add').optional(),
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

const argv = argvSchema;

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
  volumes: boundedList(VolumeMountSchema, MAX_SPEC_LIST_ITEMS, 'volumes', 'MAX_SPEC_LIST_ITEMS').optional(),
  network: identifier('network').min(1, { error: 'network must not be empty' }).optional(),
  security: SecurityOptionsSchema.optional(),
  ports: boundedList(PortMappingSchema, MAX_SPEC_LIST_ITEMS, 'ports', 'MAX_SPEC_LIST_ITEMS').optional(),
  workingDir: absolutePath('workingDir').optional(),
  healthcheck: HealthcheckSchema.optional(),
  tty: z.boolean().optional(),
  extraHosts: boundedList(ExtraHostSchema, MAX_SPEC_LIST_ITEMS, 'extraHosts', 'MAX_SPEC_LIST_ITEMS').optional(),
  /** Seed spelling of `security.readOnly`. */
  readonlyRootfs: z.boolean({ error: 'readonlyRootfs must be a boolean' }).optional(),
  /** Seed/Docker spelling of `security.noNewPrivileges` (entries checked by `specAliasIssues`). */
  securityOpts: boundedList(
    z.string({ error: 'securityOpts entries must be strings' }),
    MAX_ENUM_LIST_ITEMS,
    'securityOpts',
    'MAX_ENUM_LIST_ITEMS',
  ).optional(),
});

/** Schema of {@link ExecSpec}. */
export const ExecSpecSchema = z.strictObject({
  command: argv('command'),
  env: EnvSchema.optional(),
  workingDir: absolutePath('workingDir').optional(),
  user: identifier('user').min(1, { error: 'user must not be empty' }).optional(),
  stdin: z
    .union([z.string(), z.instanceof(Uint8Array)], { error: 'stdin must be a string or a Uint8Array' })
    .refine((v) => contentByteLength(v, MAX_EXEC_STDIN_BYTES) <= MAX_EXEC_STDIN_BYTES, {
      error: `stdin is larger than MAX_EXEC_STDIN_BYTES (${MAX_EXEC_STDIN_BYTES} bytes)`,
    })
    .optional(),
  timeoutMs: positiveInt('timeoutMs').optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

/** Schema of {@link VolumeSpec}. */
export const VolumeSpecSchema = z.strictObject({
  name: z.string().regex(RESOURCE_NAME_PATTERN, { error: 'volume name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' }),
  labels: LabelsSchema.optional(),
  /** The seed's `VolumeConfig.driver`: only the engine's `local` driver, which every Berth driver uses. */
  driver: z
    .literal('local', {
      error: "driver must be 'local': Berth's drivers create volumes with the engine's local volume driver only",
    })
    .optional(),
});

/** Schema of {@link NetworkSpec}. */
export const NetworkSpecSchema = z.strictObject({
  name: z.string().regex(RESOURCE_NAME_PATTERN, { error: 'network name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' }),
  labels: LabelsSchema.optional(),
  internal: z.boolean().optional(),
  /** The seed's `NetworkConfig.driver`; which one a driver creates is checked by `validateNetworkSpec`. */
  driver: z.string({ error: 'driver must be a string' }).max(MAX_IDENTIFIER_LENGTH).optional(),
  /** The seed's `NetworkConfig.options`: no Berth driver passes network driver options, so only `{}`. */
  options: z
    .custom<Record<string, string>>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0,
      { error: "options must be empty: Berth's drivers pass no network driver options" },
    )
    .optional(),
});
