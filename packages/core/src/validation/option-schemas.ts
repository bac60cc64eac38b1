import { z } from 'zod';
import { CONTAINER_STATES } from '../contract/container-instance.js';
import type { DriverEventType } from '../contract/operations.js';
import { LabelsSchema } from './schemas.js';

const signal = z.instanceof(AbortSignal, { error: 'signal must be an AbortSignal' }).optional();
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

/** Schema of the `files` argument of `putFiles`. */
export const FileEntriesSchema = z.array(
  z.object({
    path: z
      .string({ error: 'path must be a string' })
      .min(1, { error: 'path must not be empty' })
      .refine((p) => !p.includes('\0'), { error: 'path must not contain NUL' }),
    content: z.union([z.string(), z.instanceof(Uint8Array)], { error: 'content must be a string or a Uint8Array' }),
    mode: z
      .number({ error: 'mode must be a number' })
      .int({ error: 'mode must be an integer' })
      .min(0, { error: 'mode must not be negative' })
      .max(0o7777, { error: 'mode must be at most 0o7777' })
      .optional(),
  }),
  { error: 'files must be an array' },
);

/** Schema of a `ContainerFilter` (extra fields are ignored). */
export const ContainerFilterSchema = z.object({
  labels: LabelsSchema.optional(),
  sessionId: z.string({ error: 'sessionId must be a string' }).optional(),
  state: z
    .union(
      [z.enum(CONTAINER_STATES as [string, ...string[]]), z.array(z.enum(CONTAINER_STATES as [string, ...string[]]))],
      {
        error: `state must be one of ${CONTAINER_STATES.join(', ')} or an array of them`,
      },
    )
    .optional(),
  name: z.string({ error: 'name must be a string' }).optional(),
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

/** Schema of an `EventFilter` (extra fields are ignored). */
export const EventFilterSchema = z.object(
  {
    containerId: z.string({ error: 'containerId must be a string' }).optional(),
    sessionId: z.string({ error: 'sessionId must be a string' }).optional(),
    labels: LabelsSchema.optional(),
    types: z
      .array(z.enum(DRIVER_EVENT_TYPES, { error: `types must hold only ${DRIVER_EVENT_TYPES.join(', ')}` }), {
        error: 'types must be an array of event types',
      })
      .optional(),
  },
  { error: 'event filter must be an object' },
);
