import { z } from 'zod';
import { CONTAINER_STATES } from '../contract/container-instance.js';
import type { DriverEventType, EngineObjectType } from '../contract/operations.js';
import { boundedList } from './bounded-list.js';
import {
  MAX_ENUM_LIST_ITEMS,
  MAX_FILE_CONTENT_BYTES,
  MAX_FILE_ENTRIES,
  MAX_FILE_MODE,
  MAX_FILES_TOTAL_BYTES,
  MAX_IDENTIFIER_LENGTH,
} from './limits.js';
import { pathSchema } from './paths.js';
import { LabelsSchema } from './schemas.js';
import { contentByteLength } from './text-bounds.js';

const signal = z.instanceof(AbortSignal, { error: 'signal must be an AbortSignal' }).optional();
const identifier = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .max(MAX_IDENTIFIER_LENGTH, { error: `${what} is longer than MAX_IDENTIFIER_LENGTH (${MAX_IDENTIFIER_LENGTH})` });
const flag = (what: string) => z.boolean({ error: `${what} must be a boolean` }).optional();
const date = (what: string) =>
  z
    .date({ error: `${what} must be a Date` })
    .refine((d) => !Number.isNaN(d.getTime()), { error: `${what} must be a valid Date` })
    .optional();

/** Schema of `StopOptions` (extra fields are ignored). */
export const StopOptionsSchema = z.object({
  signal,
  timeoutMs: z
    .number({ error: 'timeoutMs must be a number' })
    .int({ error: 'timeoutMs must be an integer' })
    .nonnegative({ error: 'timeoutMs must not be negative' })
    .optional(),
});

/** Schema of `LogOptions` and `LogStreamOptions` (extra fields are ignored). */
export const LogOptionsSchema = z.object({
  signal,
  tail: z
    .number({ error: 'tail must be a number' })
    .int({ error: 'tail must be an integer' })
    .nonnegative({ error: 'tail must not be negative' })
    .optional(),
  since: date('since'),
  until: date('until'),
  timestamps: flag('timestamps'),
  stdout: flag('stdout'),
  stderr: flag('stderr'),
  follow: flag('follow'),
});

/** Schema of `StatsStreamOptions` (extra fields are ignored). */
export const StatsStreamOptionsSchema = z.object({
  intervalMs: z
    .number({ error: 'intervalMs must be a number' })
    .int({ error: 'intervalMs must be an integer' })
    .positive({ error: 'intervalMs must be positive' })
    .optional(),
});

const FileEntrySchema = z.strictObject({
  path: pathSchema('path'),
  content: z
    .union([z.string(), z.instanceof(Uint8Array)], { error: 'content must be a string or a Uint8Array' })
    .refine((c) => contentByteLength(c, MAX_FILE_CONTENT_BYTES) <= MAX_FILE_CONTENT_BYTES, {
      error: `content is larger than MAX_FILE_CONTENT_BYTES (${MAX_FILE_CONTENT_BYTES} bytes)`,
    }),
  mode: z
    .number({ error: 'mode must be a number' })
    .int({ error: 'mode must be an integer' })
    .min(0, { error: 'mode must not be negative' })
    .max(MAX_FILE_MODE, { error: 'mode must be at most 0o777: setuid, setgid and sticky bits are refused' })
    .optional(),
});

/**
 * Schema of the `files` argument of `putFiles`: at most {@link MAX_FILE_ENTRIES} entries, each path within the
 * path bounds, each content within {@link MAX_FILE_CONTENT_BYTES}, all within {@link MAX_FILES_TOTAL_BYTES},
 * modes within `0o777` ({@link MAX_FILE_MODE}).
 */
export const FileEntriesSchema = boundedList(
  FileEntrySchema,
  MAX_FILE_ENTRIES,
  'files',
  'MAX_FILE_ENTRIES',
).superRefine((files, ctx) => {
  let total = 0;
  for (const f of files) total += contentByteLength(f.content, MAX_FILE_CONTENT_BYTES + 1);
  if (total > MAX_FILES_TOTAL_BYTES) {
    ctx.addIssue({
      code: 'custom',
      message: `files take ${total} bytes, more than MAX_FILES_TOTAL_BYTES (${MAX_FILES_TOTAL_BYTES})`,
    });
  }
});

/** Schema of a `ContainerFilter` (extra fields are ignored). */
export const ContainerFilterSchema = z.object({
  labels: LabelsSchema.optional(),
  sessionId: identifier('sessionId').optional(),
  state: z
    .union(
      [
        z.enum(CONTAINER_STATES as [string, ...string[]]),
        boundedList(
          z.enum(CONTAINER_STATES as [string, ...string[]]),
          MAX_ENUM_LIST_ITEMS,
          'state',
          'MAX_ENUM_LIST_ITEMS',
        ),
      ],
      {
        error: `state must be one of ${CONTAINER_STATES.join(', ')} or an array of them`,
      },
    )
    .optional(),
  name: identifier('name').optional(),
});

/** Every `DriverEventType`, in contract order (`satisfies` rejects any value the type does not allow). */
export const DRIVER_EVENT_TYPES = [
  'created',
  'started',
  'exited',
  'oom',
  'stopped',
  'removed',
  'health',
] as const satisfies readonly DriverEventType[];

/** Every {@link EngineObjectType}: what `engineEvents$` reports on. */
export const ENGINE_OBJECT_TYPES = [
  'container',
  'image',
  'network',
  'volume',
] as const satisfies readonly EngineObjectType[];

/** Schema of an `EngineEventFilter` (extra fields are ignored). */
export const EngineEventFilterSchema = z.object(
  {
    types: boundedList(
      z.enum(ENGINE_OBJECT_TYPES, { error: `types must hold only ${ENGINE_OBJECT_TYPES.join(', ')}` }),
      MAX_ENUM_LIST_ITEMS,
      'types',
      'MAX_ENUM_LIST_ITEMS',
    ).optional(),
    actions: boundedList(identifier('action'), MAX_ENUM_LIST_ITEMS, 'actions', 'MAX_ENUM_LIST_ITEMS').optional(),
    labels: LabelsSchema.optional(),
  },
  { error: 'engine event filter must be an object' },
);

/** Schema of an `EventFilter` (extra fields are ignored). */
export const EventFilterSchema = z.object(
  {
    containerId: identifier('containerId').optional(),
    sessionId: identifier('sessionId').optional(),
    labels: LabelsSchema.optional(),
    types: boundedList(
      z.enum(DRIVER_EVENT_TYPES, { error: `types must hold only ${DRIVER_EVENT_TYPES.join(', ')}` }),
      MAX_ENUM_LIST_ITEMS,
      'types',
      'MAX_ENUM_LIST_ITEMS',
    ).optional(),
  },
  { error: 'event filter must be an object' },
);
