import { z } from 'zod';

/**
 * What the seed's `DockerWebSocketStreamer` clients send, validated: its `subscribe`, `unsubscribe`,
 * `listContainers` (`hostId`, `containerId`), and Berth's additions in the same style for engine events and a
 * host's system facts. Extra fields are ignored, as the seed's streamer ignores them.
 */

const id = z.string().min(1).max(256);
const names = z.array(z.string().min(1).max(64)).max(32);

/** A valid streamer message. */
export const StreamerMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('subscribe'), hostId: id, containerId: id }),
  z.looseObject({ type: z.literal('unsubscribe'), hostId: id, containerId: id }),
  z.looseObject({ type: z.literal('listContainers'), hostId: id }),
  z.looseObject({
    type: z.literal('subscribeEvents'),
    hostId: id,
    filters: z
      .strictObject({
        type: z
          .array(z.enum(['container', 'image', 'network', 'volume']))
          .max(4)
          .optional(),
        event: names.optional(),
      })
      .optional(),
  }),
  z.looseObject({ type: z.literal('unsubscribeEvents'), hostId: id }),
  z.looseObject({ type: z.literal('getSystemInfo'), hostId: id }),
  z.looseObject({ type: z.literal('getSystemVersion'), hostId: id }),
  z.looseObject({ type: z.literal('getSystemUsage'), hostId: id }),
]);

/** A valid streamer message. */
export type StreamerMessage = z.infer<typeof StreamerMessageSchema>;

/** The message types the streamer knows. */
export const STREAMER_MESSAGE_TYPES = StreamerMessageSchema.options.map((o) => o.shape.type.value);

/**
 * Reads one message: `{ ok: true, msg }`, or the seed's error text and a code (`Unknown message type: …` for an
 * unknown `type`, `Invalid message format` for bad fields, naming them).
 */
export function parseStreamerMessage(
  data: unknown,
): { ok: true; msg: StreamerMessage } | { ok: false; code: string; message: string } {
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
  if (!(STREAMER_MESSAGE_TYPES as readonly unknown[]).includes(type)) {
    return { ok: false, code: 'BERTH_VALIDATION', message: `Unknown message type: ${String(type).slice(0, 64)}` };
  }
  const result = StreamerMessageSchema.safeParse(data);
  if (result.success) return { ok: true, msg: result.data };
  const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return { ok: false, code: 'BERTH_VALIDATION', message: `Invalid message format: ${issues}` };
}
