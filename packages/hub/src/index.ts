/**
 * `@berth/hub`: the WebSocket hub streaming logs, status and stats of Berth containers and sessions,
 * and the `berth` CLI.
 *
 * The public API is this explicit list: the server and its options, the client, the config (env parsing, driver
 * config from env), the built-in drivers' composition, the typed errors and the wire protocol. Channels, client
 * connections, upstreams, the message handler, HTTP routes and metrics internals stay internal.
 *
 * @packageDocumentation
 */

/** The Docker client seed's `DockerClient`, re-exported beside its streamer (`import { DockerClient, DockerWebSocketStreamer } from '@berth/hub'`). */
export { DockerClient, type DockerClientOptions } from '@berth/driver-docker';
export { HubScopeError } from './auth/hub-scope-error.js';
export { verifyScopedProducerToken } from './auth/producer-scope.js';
export { type Grant, grantForToken, type Role } from './auth/roles.js';
export { type CloseInfo, HubClient, type HubClientOptions, type TokenTransport } from './client/hub-client.js';
export { driverConfigFromEnv } from './config/driver-config-from-env.js';
export {
  assertSafeBinding,
  DEFAULT_HUB_CONFIG,
  type HubConfig,
  type HubEnv,
  HubEnvSchema,
  loadHubConfig,
} from './config/hub-config.js';
export { isLoopbackHost } from './config/is-loopback.js';
export { DockerWebSocketStreamer, type WebSocketOptions } from './docker-streamer/docker-websocket-streamer.js';
export { type BuiltinDriverKind, DRIVER_KINDS, isBuiltinDriverKind } from './drivers/builtin-driver-kinds.js';
export { BUILTIN_DRIVER_LOADERS, type BuiltinDriverLoaders } from './drivers/builtin-driver-loaders.js';
export { openBuiltinDriver } from './drivers/open-driver.js';
export { HubForbiddenError } from './errors/forbidden-error.js';
export { HubEngineUnreachableError, HubUnknownHostError, HubUnsupportedError } from './errors/host-errors.js';
export { InsecureBindError } from './errors/insecure-bind-error.js';
export type { SessionEventLike } from './events/event-feed.js';
export { type CreateLoggerOptions, createLogger } from './logging/create-logger.js';
export {
  type AlertFrameData,
  HubAlertSink,
  HubMonitoring,
  type HubMonitoringSources,
  type MonitorContainersOptions,
} from './metrics/index.js';
export { CODE_OUTPUT_LIMITS, type CodeOutputLimits, type CodeOutputSummary } from './operations/code-output-stream.js';
export type {
  ContextInfoLike,
  ContextRunResultLike,
  OutputCallbacks,
  SessionControl,
  SessionLike,
} from './operations/session-control.js';
export {
  type AuthMessage,
  CLIENT_MESSAGE_TYPES,
  type ClientMessage,
  ClientMessageSchema,
  type ContainerActionMessage,
  type CreateSessionMessage,
  type ExecuteCodeMessage,
  type ListContainersMessage,
  type PublishMessage,
  type PublishPayload,
  type SnippetLanguage,
  type SubscribeMessage,
  type UnsubscribeMessage,
} from './protocol/client-messages.js';
export { CloseCode, type CloseCodeValue } from './protocol/close-codes.js';
export {
  type CloseContextMessage,
  CONTEXT_LANGUAGES_WIRE,
  type ContextInfoWire,
  type ContextLanguageWire,
  type ContextMessage,
  type CreateContextMessage,
  type ListContextsMessage,
  MAX_WIRE_CODE_CHARS,
  type RestartContextMessage,
  type RunInContextMessage,
} from './protocol/context-messages.js';
export type {
  GetSystemInfoMessage,
  SystemInfoPart,
  UnwatchEngineEventsMessage,
  WatchEngineEventsMessage,
} from './protocol/host-messages.js';
export { parseClientMessage } from './protocol/parse-client-message.js';
export {
  ClientHeartbeatMessageSchema,
  LOG_LEVELS,
  type LogLevel,
  ProducerCompleteMessageSchema,
  ProducerErrorMessageSchema,
  ProducerLogMessageSchema,
  type ProducerMessage,
  ProducerStatusMessageSchema,
  SeedAuthSchema,
} from './protocol/seed-messages.js';
export {
  type ServerMessage,
  ServerMessageSchema,
  type ServerMessageType,
  type StatusState,
  type WireError,
} from './protocol/server-messages.js';
export {
  type Disposable,
  type HubAddress,
  HubServer,
  type HubServerOptions,
  type SeedStreamerOptions,
} from './server/hub-server.js';
export type { SessionSource } from './upstreams/session-upstream.js';
