import { z } from 'zod';
import {
  CloseContextMessageSchema,
  CreateContextMessageSchema,
  ListContextsMessageSchema,
  RestartContextMessageSchema,
  RunInContextMessageSchema,
} from './context-messages.js';
import {
  GetSystemInfoMessageSchema,
  UnwatchEngineEventsMessageSchema,
  WatchEngineEventsMessageSchema,
} from './host-messages.js';
import {
  ClientHeartbeatMessageSchema,
  ProducerCompleteMessageSchema,
  ProducerErrorMessageSchema,
  ProducerLogMessageSchema,
  ProducerStatusMessageSchema,
  SeedAuthSchema,
} from './seed-messages.js';

const id = z.string().min(1).max(256);

/** `since` of a subscribe: an ISO time (lines at or after it) or a sequence number (lines with a greater `seq`). */
export const SinceSchema = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]);

/** `auth { token }`: authenticates the connection (or raises it to producer). */
export const AuthMessageSchema = z.strictObject({
  type: z.literal('auth'),
  token: z.string().min(1).max(4096),
});

/**
 * `subscribe { containerID | sessionId, hostId?, since?, stats?, batch?, auth? }`: follow one container's or session's
 * channel. `auth { token }` is the seed's spelling of authentication (it authenticates like an `auth` message);
 * `containerId` (docker-client seed) is read as `containerID`.
 */
export const SubscribeMessageSchema = z
  .strictObject({
    type: z.literal('subscribe'),
    containerID: id.optional(),
    sessionId: id.optional(),
    hostId: id.optional(),
    since: SinceSchema.optional(),
    stats: z.boolean().optional(),
    /** Berth's: `logs` frames (a burst of lines in one frame, each text once) instead of one `log` frame a line. */
    batch: z.boolean().optional(),
    auth: SeedAuthSchema.optional(),
  })
  .refine((m) => (m.containerID === undefined) !== (m.sessionId === undefined), {
    message: 'give exactly one of containerID or sessionId',
    path: ['containerID'],
  });

/** `unsubscribe { containerID | sessionId, hostId? }`: leave a channel. */
export const UnsubscribeMessageSchema = z
  .strictObject({
    type: z.literal('unsubscribe'),
    containerID: id.optional(),
    sessionId: id.optional(),
    hostId: id.optional(),
    auth: SeedAuthSchema.optional(),
  })
  .refine((m) => (m.containerID === undefined) !== (m.sessionId === undefined), {
    message: 'give exactly one of containerID or sessionId',
    path: ['containerID'],
  });

/** `listContainers { hostId? }`: the containers of every driver (or of one host). */
export const ListContainersMessageSchema = z.strictObject({
  type: z.literal('listContainers'),
  hostId: id.optional(),
});

/** `ping`: answered with `pong`. */
export const PingMessageSchema = z.strictObject({
  type: z.literal('ping'),
  data: z.unknown().optional(),
});

/** What a producer may publish into a channel. */
export const PublishPayloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('log'),
    stream: z.enum(['stdout', 'stderr']).default('stdout'),
    text: z.string().max(1_000_000),
  }),
  z.strictObject({
    kind: z.literal('status'),
    state: z.enum(['starting', 'running', 'completed', 'error']),
    exitCode: z.number().int().optional(),
    message: z.string().max(10_000).optional(),
  }),
]);

/** `publish { containerID | sessionId, hostId?, data }` (producer tokens only): a log or status line into a channel. */
export const PublishMessageSchema = z
  .strictObject({
    type: z.literal('publish'),
    containerID: id.optional(),
    sessionId: id.optional(),
    hostId: id.optional(),
    data: PublishPayloadSchema,
  })
  .refine((m) => (m.containerID === undefined) !== (m.sessionId === undefined), {
    message: 'give exactly one of containerID or sessionId',
    path: ['containerID'],
  });

/** Echoed in the reply so a client can match answers to requests (the dashboard's actions). */
const requestId = z.string().min(1).max(128).optional();

/** `watchEvents {}`: receive an `event` for every container lifecycle event of every host, and session events. */
export const WatchEventsMessageSchema = z.strictObject({ type: z.literal('watchEvents') });

/** `unwatchEvents {}`: stop receiving `event` messages. */
export const UnwatchEventsMessageSchema = z.strictObject({ type: z.literal('unwatchEvents') });

/** `listSessions {}`: the session manager's sessions (empty without one). */
export const ListSessionsMessageSchema = z.strictObject({ type: z.literal('listSessions') });

/** `containerAction { containerID, hostId?, action }` (operator token): stop, restart or remove a container. */
export const ContainerActionMessageSchema = z.strictObject({
  type: z.literal('containerAction'),
  containerID: id,
  hostId: id.optional(),
  action: z.enum(['stop', 'restart', 'remove']),
  requestId,
});

/** Languages the dashboard can run. */
export const SnippetLanguageSchema = z.enum(['python', 'javascript', 'typescript', 'bash']);

/** `createSession { language, image? }` (operator token): a new session of the hub's session manager. */
export const CreateSessionMessageSchema = z.strictObject({
  type: z.literal('createSession'),
  language: SnippetLanguageSchema,
  image: z.string().min(1).max(512).optional(),
  requestId,
});

/**
 * `executeCode { sessionId, language, code, timeoutMs?, stateful?, stream? }` (operator token): runs a snippet in a
 * session. With `stateful: true` it runs in the session's interpreter context of that language (variables kept
 * between runs, notebook results: `text`, `error`, `outputs`). With `stream: true` its output also comes as
 * `codeOutput` frames while it runs, before the `codeResult`.
 */
export const ExecuteCodeMessageSchema = z.strictObject({
  type: z.literal('executeCode'),
  sessionId: id,
  language: SnippetLanguageSchema,
  code: z
    .string()
    .min(1)
    .max(256 * 1024),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  stateful: z.boolean().optional(),
  stream: z.boolean().optional(),
  requestId,
});

/** Every message a client may send. The single source of the inbound message types. */
export const ClientMessageSchema = z.union([
  AuthMessageSchema,
  SubscribeMessageSchema,
  UnsubscribeMessageSchema,
  ListContainersMessageSchema,
  PingMessageSchema,
  PublishMessageSchema,
  WatchEventsMessageSchema,
  UnwatchEventsMessageSchema,
  ListSessionsMessageSchema,
  ContainerActionMessageSchema,
  CreateSessionMessageSchema,
  ExecuteCodeMessageSchema,
  ProducerLogMessageSchema,
  ProducerStatusMessageSchema,
  ProducerCompleteMessageSchema,
  ProducerErrorMessageSchema,
  ClientHeartbeatMessageSchema,
  WatchEngineEventsMessageSchema,
  UnwatchEngineEventsMessageSchema,
  GetSystemInfoMessageSchema,
  CreateContextMessageSchema,
  ListContextsMessageSchema,
  RestartContextMessageSchema,
  CloseContextMessageSchema,
  RunInContextMessageSchema,
]);

/** The schema of each inbound message, by `type`. */
export const CLIENT_MESSAGE_SCHEMAS = {
  auth: AuthMessageSchema,
  subscribe: SubscribeMessageSchema,
  unsubscribe: UnsubscribeMessageSchema,
  listContainers: ListContainersMessageSchema,
  ping: PingMessageSchema,
  publish: PublishMessageSchema,
  watchEvents: WatchEventsMessageSchema,
  unwatchEvents: UnwatchEventsMessageSchema,
  listSessions: ListSessionsMessageSchema,
  containerAction: ContainerActionMessageSchema,
  createSession: CreateSessionMessageSchema,
  executeCode: ExecuteCodeMessageSchema,
  log: ProducerLogMessageSchema,
  status: ProducerStatusMessageSchema,
  complete: ProducerCompleteMessageSchema,
  error: ProducerErrorMessageSchema,
  heartbeat: ClientHeartbeatMessageSchema,
  watchEngineEvents: WatchEngineEventsMessageSchema,
  unwatchEngineEvents: UnwatchEngineEventsMessageSchema,
  getSystemInfo: GetSystemInfoMessageSchema,
  createContext: CreateContextMessageSchema,
  listContexts: ListContextsMessageSchema,
  restartContext: RestartContextMessageSchema,
  closeContext: CloseContextMessageSchema,
  runInContext: RunInContextMessageSchema,
} as const;

/** Inbound message types. */
export const CLIENT_MESSAGE_TYPES = Object.keys(CLIENT_MESSAGE_SCHEMAS) as ReadonlyArray<
  keyof typeof CLIENT_MESSAGE_SCHEMAS
>;

/** A message from a client. */
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
/** `auth`. */
export type AuthMessage = z.infer<typeof AuthMessageSchema>;
/** `subscribe`. */
export type SubscribeMessage = z.infer<typeof SubscribeMessageSchema>;
/** `unsubscribe`. */
export type UnsubscribeMessage = z.infer<typeof UnsubscribeMessageSchema>;
/** `listContainers`. */
export type ListContainersMessage = z.infer<typeof ListContainersMessageSchema>;
/** `publish`. */
export type PublishMessage = z.infer<typeof PublishMessageSchema>;
/** The `data` of a `publish`. */
export type PublishPayload = z.infer<typeof PublishPayloadSchema>;
/** `containerAction`. */
export type ContainerActionMessage = z.infer<typeof ContainerActionMessageSchema>;
/** `createSession`. */
export type CreateSessionMessage = z.infer<typeof CreateSessionMessageSchema>;
/** `executeCode`. */
export type ExecuteCodeMessage = z.infer<typeof ExecuteCodeMessageSchema>;
/** A language the dashboard can run. */
export type SnippetLanguage = z.infer<typeof SnippetLanguageSchema>;
