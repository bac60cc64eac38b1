/**
 * `@berth/session-manager`: agent sessions on any Berth driver — create, execute code (python,
 * javascript, typescript, bash), stateful interpreter contexts, files, logs, TTL and idle reaping,
 * a warm pool, and crash recovery from container labels.
 *
 * The public API is this explicit list; the manager's collaborators (`factory/`, `registry/`, `exec/`,
 * `lifecycle/` teardown and reaper, the context registry, `applyRecovery`) stay internal.
 *
 * @packageDocumentation
 */

export type { CodeResult, ExecuteCodeRequest, Language, LanguageRuntime } from './code/index.js';
// ── running code ───────────────────────────────────────────────────────────────
export {
  ExecuteCodeRequestSchema,
  LANGUAGE_RUNTIMES,
  LANGUAGES,
  transpileTypeScript,
  validateExecuteCodeRequest,
} from './code/index.js';
export { SerialQueue, SlotLimiter } from './concurrency/index.js';
export type {
  ContextLanguage,
  InterpreterContextOptions,
  ReplyMessage,
  RunReply,
  SessionContextInfo,
} from './context/index.js';
// ── internals exported before this list was explicit, kept so no importer breaks ──
// Candidates to drop from the public API (or move under a `/testing` subpath): the context wire protocol,
// the queue/limiter/pool building blocks, the recovery planner and marker, owner-id and label helpers.
export {
  CONTEXT_RUNTIMES,
  encodeRunRequest,
  InterpreterContext,
  NODE_REPL_SCRIPT,
  PYTHON_REPL_SCRIPT,
  parseRunReply,
  ReplyParser,
} from './context/index.js';
export { SESSION_MANAGER, SESSION_MANAGER_OPTIONS, sessionManagerModule } from './di/index.js';
export { ContextNotFoundError, SessionDeadError } from './errors/index.js';
export { SESSION_COMMAND } from './factory/index.js';
export type { HubLinkOptions } from './hub/index.js';
export { deriveProducerToken, HUB_ENV, HubLinkOptionsSchema, hubEnvFor } from './hub/index.js';
export type { ReadinessOptions } from './lifecycle/index.js';
export { isOwnerGone, isProcessAlive, newOwnerId, parseOwnerId, waitUntilReady } from './lifecycle/index.js';
export type { DisposeOptions, RunInContextOptions, SessionExecSpec } from './manager/index.js';
// ── the manager, its options and its inversify module ─────────────────────────
export { SessionManager } from './manager/index.js';
export type { ResolvedSessionManagerOptions, SessionManagerOptions } from './options/index.js';
export {
  AGENT_TYPE_PATTERN,
  DEFAULT_IMAGES_BY_DRIVER,
  DEFAULT_RUNTIME_IMAGE,
  defaultImagesFor,
  resolveSessionManagerOptions,
  SessionManagerOptionsSchema,
} from './options/index.js';
export type { PoolEntry, WarmPoolDeps } from './pool/index.js';
export { WarmPool } from './pool/index.js';
// ── recovery ───────────────────────────────────────────────────────────────────
export type { ReapReason, RecoveryContext, RecoveryDecision, RecoveryReport, SessionMarker } from './recovery/index.js';
export { MARKER_FILE, planRecovery, readSessionMarker } from './recovery/index.js';
export type {
  CreateSessionOptions,
  CreateSessionWaitOptions,
  Session,
  SessionEvent,
  SessionEventType,
  SessionFilter,
  SessionLabelInput,
  SessionSecurityOptions,
  SessionStatus,
} from './session/index.js';
// ── sessions, events, errors ───────────────────────────────────────────────────
export {
  AGENT_CAPABILITY_PATTERN,
  buildSessionLabels,
  CreateSessionOptionsSchema,
  chooseSessionImage,
  MAX_AGENT_CAPABILITIES,
  newSessionId,
  parseCapabilitiesLabel,
  parseDateLabel,
  SESSION_LABELS,
  validateCreateSessionOptions,
} from './session/index.js';
