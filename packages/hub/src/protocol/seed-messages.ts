import { z } from 'zod';

/**
 * The log server seed's own messages (`websocket-server.md`), accepted as it writes them: `subscribe` with an
 * `auth { token }` field, and the producer messages `log`, `status`, `complete`, `error` and `heartbeat` that
 * a container (or any producer) sends. Berth's `publish` says the same with `data.kind`; both reach the same
 * channel and subscribers get one frame shape carrying both spellings.
 */

const id = z.string().min(1).max(256);

/** The seed's `auth { token }` field on any message: authenticates the connection like an `auth` message. */
export const SeedAuthSchema = z.strictObject({ token: z.string().min(1).max(4096) });

/** Levels a producer's `log` may carry in `data.level`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal'] as const;

/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

const address = {
  containerID: id.optional(),
  sessionId: id.optional(),
  hostId: id.optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  auth: SeedAuthSchema.optional(),
};

const oneAddress = {
  check: (m: { containerID?: string | undefined; sessionId?: string | undefined }) =>
    (m.containerID === undefined) !== (m.sessionId === undefined),
  params: { message: 'give exactly one of containerID or sessionId', path: ['containerID'] },
};

/** Producer `log { containerID | sessionId, timestamp?, data: { level?, message } }` (or Berth's `{ stream?, text }`). */
export const ProducerLogMessageSchema = z
  .strictObject({
    type: z.literal('log'),
    ...address,
    data: z
      .strictObject({
        level: z.enum(LOG_LEVELS).optional(),
        message: z.string().max(1_000_000).optional(),
        text: z.string().max(1_000_000).optional(),
        stream: z.enum(['stdout', 'stderr']).optional(),
      })
      .refine((d) => (d.message === undefined) !== (d.text === undefined), {
        message: 'give exactly one of data.message (seed) or data.text (Berth)',
        path: ['message'],
      }),
  })
  .refine(oneAddress.check, oneAddress.params);

const state = z.enum(['starting', 'running', 'completed', 'error']);

/** Producer `status { containerID | sessionId, data: { status, message? } }` (or Berth's `state`). */
export const ProducerStatusMessageSchema = z
  .strictObject({
    type: z.literal('status'),
    ...address,
    data: z
      .strictObject({
        status: state.optional(),
        state: state.optional(),
        message: z.string().max(10_000).optional(),
        exitCode: z.number().int().optional(),
      })
      .refine((d) => (d.status === undefined) !== (d.state === undefined), {
        message: 'give exactly one of data.status (seed) or data.state (Berth)',
        path: ['status'],
      }),
  })
  .refine(oneAddress.check, oneAddress.params);

/** Producer `complete { containerID | sessionId, data? }`: the task is done; the channel ends for subscribers. */
export const ProducerCompleteMessageSchema = z
  .strictObject({
    type: z.literal('complete'),
    ...address,
    data: z
      .looseObject({
        exitCode: z.number().int().optional(),
        message: z.string().max(10_000).optional(),
      })
      .optional(),
  })
  .refine(oneAddress.check, oneAddress.params);

/** Producer `error { containerID | sessionId, data: { message, code? } }`: relayed to subscribers as `error`. */
export const ProducerErrorMessageSchema = z
  .strictObject({
    type: z.literal('error'),
    ...address,
    data: z.looseObject({
      message: z.string().min(1).max(10_000),
      code: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]{0,127}$/, { error: 'data.code must be an UPPER_SNAKE code' })
        .optional(),
    }),
  })
  .refine(oneAddress.check, oneAddress.params);

/** `heartbeat` from a client: answered with the hub's `heartbeat`. */
export const ClientHeartbeatMessageSchema = z.strictObject({
  type: z.literal('heartbeat'),
  ...address,
  data: z.unknown().optional(),
});

/** A seed-shaped producer message. */
export type ProducerMessage =
  | z.infer<typeof ProducerLogMessageSchema>
  | z.infer<typeof ProducerStatusMessageSchema>
  | z.infer<typeof ProducerCompleteMessageSchema>
  | z.infer<typeof ProducerErrorMessageSchema>;
