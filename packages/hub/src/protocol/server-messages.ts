import { z } from 'zod';
import {
  CodeOutputFrameSchema,
  ContextClosedFrameSchema,
  ContextCreatedFrameSchema,
  ContextListFrameSchema,
  ContextRestartedFrameSchema,
} from './context-messages.js';
import { EngineEventFrameSchema, SystemInfoFrameSchema } from './host-messages.js';

/** A container's or session's state as the hub reports it. */
export const StatusStateSchema = z.enum(['starting', 'running', 'completed', 'error']);

/** Fields every hub → client message has. */
const envelope = {
  containerID: z.string().optional(),
  sessionId: z.string().optional(),
  hostId: z.string().optional(),
  timestamp: z.string(),
};

/** Error payload on the wire: a `BerthError.toJSON()`-like `{ code, message }`. */
export const WireErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean().optional(),
});

/** Every message the hub sends. The single source of the outbound message types. */
export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    ...envelope,
    data: z.looseObject({ role: z.enum(['reader', 'producer', 'operator']) }),
  }),
  z.object({
    type: z.literal('log'),
    ...envelope,
    data: z.object({
      seq: z.number(),
      stream: z.enum(['stdout', 'stderr']),
      text: z.string(),
      /** The seed's spelling: the producer's level, or `info` (stdout) / `error` (stderr). */
      level: z.string(),
      /** The seed's spelling of `text` (the same string). */
      message: z.string(),
    }),
  }),
  z.object({
    type: z.literal('logs'),
    ...envelope,
    /**
     * Berth's batched log lines, for a `subscribe { batch: true }`: the lines of one burst (≤ 1000, ≤ 256 Ki chars
     * of text) in one frame, each text once; `level` only when it is not the stream's default. `timestamp` is the
     * newest line's.
     */
    data: z.object({
      lines: z.array(
        z.object({
          seq: z.number(),
          stream: z.enum(['stdout', 'stderr']),
          text: z.string(),
          timestamp: z.string(),
          level: z.string().optional(),
        }),
      ),
    }),
  }),
  z.object({
    type: z.literal('status'),
    ...envelope,
    data: z.looseObject({
      state: StatusStateSchema.optional(),
      /** The seed's spelling of `state` (the same value). */
      status: StatusStateSchema.optional(),
      exitCode: z.number().optional(),
      dropped: z.number().optional(),
      message: z.string().optional(),
    }),
  }),
  z.object({ type: z.literal('stats'), ...envelope, data: z.looseObject({ cpuPercent: z.number() }) }),
  z.object({ type: z.literal('heartbeat'), ...envelope, data: z.looseObject({ connections: z.number() }) }),
  z.object({ type: z.literal('complete'), ...envelope, data: z.looseObject({}) }),
  z.object({ type: z.literal('error'), ...envelope, data: WireErrorSchema }),
  z.object({
    type: z.literal('subscribed'),
    ...envelope,
    data: z.object({
      replayed: z.number(),
      lastSeq: z.number(),
      /** `true` when no driver knows the id yet: the channel waits for a producer's first message. */
      waiting: z.boolean().optional(),
    }),
  }),
  z.object({ type: z.literal('unsubscribed'), ...envelope, data: z.looseObject({}) }),
  z.object({
    type: z.literal('containerList'),
    ...envelope,
    data: z.object({
      containers: z.array(z.looseObject({ id: z.string(), hostId: z.string() })),
      errors: z.array(z.object({ hostId: z.string(), code: z.string(), message: z.string() })),
    }),
  }),
  z.object({ type: z.literal('pong'), ...envelope, data: z.unknown() }),
  z.object({ type: z.literal('watching'), ...envelope, data: z.looseObject({ hosts: z.array(z.string()) }) }),
  z.object({
    type: z.literal('event'),
    ...envelope,
    data: z.looseObject({ source: z.enum(['container', 'session']), event: z.string() }),
  }),
  z.object({
    type: z.literal('alert'),
    ...envelope,
    /** A `@berth/monitoring` alert (the `hub` action): dates as ISO strings, `metrics` the sample that decided. */
    data: z.looseObject({
      ruleId: z.string(),
      ruleName: z.string(),
      severity: z.enum(['low', 'medium', 'high', 'critical']),
      state: z.enum(['firing', 'resolved']),
      containerId: z.string(),
    }),
  }),
  z.object({
    type: z.literal('sessionList'),
    ...envelope,
    data: z.object({ sessions: z.array(z.looseObject({ id: z.string(), containerId: z.string() })) }),
  }),
  z.object({
    type: z.literal('actionDone'),
    ...envelope,
    data: z.looseObject({ action: z.string(), requestId: z.string().optional() }),
  }),
  z.object({
    type: z.literal('sessionCreated'),
    ...envelope,
    data: z.looseObject({ session: z.looseObject({ id: z.string() }), requestId: z.string().optional() }),
  }),
  z.object({
    type: z.literal('codeResult'),
    ...envelope,
    data: z.looseObject({
      exitCode: z.number(),
      stdout: z.string(),
      stderr: z.string(),
      durationMs: z.number(),
      timedOut: z.boolean(),
      text: z.string().optional(),
      error: z.object({ name: z.string(), value: z.string(), traceback: z.string() }).optional(),
      outputs: z.array(z.record(z.string(), z.string())).optional(),
      requestId: z.string().optional(),
    }),
  }),
  EngineEventFrameSchema,
  SystemInfoFrameSchema,
  CodeOutputFrameSchema,
  ContextCreatedFrameSchema,
  ContextListFrameSchema,
  ContextRestartedFrameSchema,
  ContextClosedFrameSchema,
]);

/** A message from the hub. */
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
/** The `type` of a hub message. */
export type ServerMessageType = ServerMessage['type'];
/** A status state. */
export type StatusState = z.infer<typeof StatusStateSchema>;
/** Error payload on the wire. */
export type WireError = z.infer<typeof WireErrorSchema>;
