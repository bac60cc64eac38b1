import type { z } from 'zod';
import type { ContainerFilter } from '../contract/container-instance.js';
import type { ContainerSpec } from '../contract/container-spec.js';
import type {
  EngineEventFilter,
  EventFilter,
  ExecSpec,
  FileEntry,
  LogStreamOptions,
  StatsStreamOptions,
  StopOptions,
} from '../contract/operations.js';
import type { NetworkSpec, VolumeSpec } from '../contract/resources.js';
import type { ValidationError, ValidationIssue } from '../errors/error-classes.js';
import { checkWith } from './check.js';
import { MAX_LABELS } from './limits.js';
import {
  ContainerFilterSchema,
  EngineEventFilterSchema,
  EventFilterSchema,
  FileEntriesSchema,
  LogOptionsSchema,
  StatsStreamOptionsSchema,
  StopOptionsSchema,
} from './option-schemas.js';
import { type allowReservedLabels, reservedLabelIssues } from './reserved-labels.js';
import { ContainerSpecSchema, ExecSpecSchema, NetworkSpecSchema, VolumeSpecSchema } from './schemas.js';
import { canonicalContainerSpec, dropDefaultSpellings, specAliasIssues } from './spec-aliases.js';

export { boundIssues, toValidationIssues } from './validation-issues.js';

const withReservedLabels = (value: unknown) => reservedLabelIssues(value, MAX_LABELS);

function check<T>(schema: z.ZodType, value: unknown, what: string, withLabels = false): T {
  return checkWith<T>(schema, value, what, withLabels ? withReservedLabels : undefined);
}

/**
 * Checks a container spec and throws a {@link ValidationError} listing every bad field.
 * Returns it in canonical form when it is valid: the spec itself when it uses Berth's spellings only, else a
 * copy with the seed's spellings normalised (`resources.memory`/`disk` → `memoryMb`/`diskMb`, MiB;
 * `readonlyRootfs` → `security.readOnly`; `securityOpts: ['no-new-privileges']` → `security.noNewPrivileges`;
 * `command: []` and `network: ''` dropped, meaning the image's command and the default network; see
 * `CONTAINER_SPEC_ALIASES`). Drivers must use the returned spec. Besides {@link ContainerSpecSchema} (shape and the bounds
 * in `limits.ts`), applies the reserved-label rule: a `berth.*` label other than the `BERTH_USER_LABELS` is
 * refused unless the labels map was marked by {@link allowReservedLabels}; core's own `BERTH_LABELS` must then be
 * well-formed (`berth.managed` is `true`, `berth.session` equals `sessionId`, times are ISO-8601).
 *
 * @example
 * ```ts
 * try { validateContainerSpec({ image: '', resources: { memoryMb: -1 } }); }
 * catch (e) { if (ValidationError.is(e)) console.log(e.issues); }
 * // [{ path: 'image', … }, { path: 'resources.memoryMb', … }]
 * ```
 */
export function validateContainerSpec(spec: unknown): ContainerSpec {
  const input = dropDefaultSpellings(spec);
  const more = (value: unknown) => withReservedLabels(value).concat(specAliasIssues(value));
  const valid = checkWith<ContainerSpec>(ContainerSpecSchema, input, 'container spec', more);
  return canonicalContainerSpec(valid);
}

/** Checks an exec spec; throws {@link ValidationError} listing every bad field. */
export function validateExecSpec(spec: unknown): ExecSpec {
  return check<ExecSpec>(ExecSpecSchema, spec, 'exec spec');
}

/** Checks a volume spec; throws {@link ValidationError} listing every bad field. Reserved labels as {@link validateContainerSpec}. */
export function validateVolumeSpec(spec: unknown): VolumeSpec {
  return check<VolumeSpec>(VolumeSpecSchema, spec, 'volume spec', true);
}

/**
 * Checks a network spec; throws {@link ValidationError} listing every bad field. Reserved labels as
 * {@link validateContainerSpec}. The seed's `driver` must be `networkDriver`, the kind of network the calling driver
 * creates (`bridge` by default; Swarm: `overlay`), else an issue at `driver`; its `options` must be empty.
 *
 * @param networkDriver - the network driver the caller creates networks with.
 */
export function validateNetworkSpec(spec: unknown, networkDriver = 'bridge'): NetworkSpec {
  const more = (value: unknown) => withReservedLabels(value).concat(networkDriverIssues(value, networkDriver));
  return checkWith<NetworkSpec>(NetworkSpecSchema, spec, 'network spec', more);
}

function networkDriverIssues(value: unknown, networkDriver: string): ValidationIssue[] {
  const driver = typeof value === 'object' && value !== null ? (value as { driver?: unknown }).driver : undefined;
  if (typeof driver !== 'string' || driver === networkDriver) return [];
  return [
    {
      path: 'driver',
      message: `driver must be '${networkDriver}': this Berth driver creates ${networkDriver} networks only`,
    },
  ];
}

/** Checks `StopOptions`; throws {@link ValidationError} (e.g. a negative `timeoutMs`). `undefined` passes. */
export function validateStopOptions(opts: unknown): StopOptions | undefined {
  return opts === undefined ? undefined : check<StopOptions>(StopOptionsSchema, opts, 'stop options');
}

/** Checks `LogOptions`/`LogStreamOptions`; throws {@link ValidationError} (e.g. a negative `tail`). `undefined` passes. */
export function validateLogOptions(opts: unknown): LogStreamOptions | undefined {
  return opts === undefined ? undefined : check<LogStreamOptions>(LogOptionsSchema, opts, 'log options');
}

/** Checks `StatsStreamOptions`; throws {@link ValidationError} (e.g. `intervalMs <= 0`). `undefined` passes. */
export function validateStatsStreamOptions(opts: unknown): StatsStreamOptions | undefined {
  return opts === undefined ? undefined : check<StatsStreamOptions>(StatsStreamOptionsSchema, opts, 'stats options');
}

/** Checks the `files` argument of `putFiles`; throws {@link ValidationError} listing every bad entry field. */
export function validateFileEntries(files: unknown): FileEntry[] {
  return check<FileEntry[]>(FileEntriesSchema, files, 'files');
}

/** Checks a `ContainerFilter`; throws {@link ValidationError} (e.g. an unknown state). `undefined` passes. */
export function validateContainerFilter(filter: unknown): ContainerFilter | undefined {
  return filter === undefined ? undefined : check<ContainerFilter>(ContainerFilterSchema, filter, 'container filter');
}

/**
 * Checks an `EngineEventFilter` (of `engineEvents$`); throws {@link ValidationError} (e.g. a type other than
 * `container`, `image`, `network`, `volume`). `undefined` passes.
 */
export function validateEngineEventFilter(filter: unknown): EngineEventFilter | undefined {
  return filter === undefined
    ? undefined
    : check<EngineEventFilter>(EngineEventFilterSchema, filter, 'engine event filter');
}

/** Checks an `EventFilter`; throws {@link ValidationError} (e.g. an unknown event type). `undefined` passes. */
export function validateEventFilter(filter: unknown): EventFilter | undefined {
  return filter === undefined ? undefined : check<EventFilter>(EventFilterSchema, filter, 'event filter');
}
