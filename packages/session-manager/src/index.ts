/**
 * `@berth/session-manager`: agent sessions on any Berth driver — create, execute code (python,
 * javascript, typescript, bash), stateful interpreter contexts, files, logs, TTL and idle reaping,
 * a warm pool, and crash recovery from container labels.
 *
 * The public API is this explicit list: the manager, its options and inversify module, sessions and their
 * events, code execution, the hub link and the errors. The manager's collaborators stay internal: `factory/`,
 * `registry/`, `exec/`, the warm pool, the `lifecycle/` teardown, reaper, readiness probe and owner ids, the
 * interpreter contexts' wire protocol, the queue and slot limiter, the recovery planner and marker file, and the
 * label helpers.
 *
 * @packageDocumentation
 */

/** Re-exported from `@berth/core` (one implementation, shared with the hub's verification). */
export { deriveProducerToken } from '@berth/core';
export type { CodeResult, ExecuteCodeRequest, Language, LanguageRuntime } from './code/index.js';
export {
  ExecuteCodeRequestSchema,
  LANGUAGE_RUNTIMES,
  LANGUAGES,
  transpileTypeScript,
  validateExecuteCodeRequest,
} from './code/index.js';
export type {
  ContextLanguage,
  ContextRunError,
  ContextRunResult,
  CreateContextOptions,
  MimeBundle,
  SessionContextInfo,
} from './context/index.js';
export { CONTEXT_LANGUAGES, CONTEXT_RESULT_LIMITS } from './context/index.js';
export { SESSION_MANAGER, SESSION_MANAGER_OPTIONS, sessionManagerModule } from './di/index.js';
export { ContextNotFoundError, SessionDeadError } from './errors/index.js';
export { SESSION_COMMAND } from './factory/index.js';
export type { HubLinkOptions } from './hub/index.js';
export { HUB_ENV, HubLinkOptionsSchema, hubEnvFor } from './hub/index.js';
export type { DisposeOptions, RunInContextOptions, SessionExecSpec } from './manager/index.js';
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
export type { RecoveryReport } from './recovery/index.js';
export type {
  CreateSessionOptions,
  CreateSessionWaitOptions,
  Session,
  SessionEvent,
  SessionEventType,
  SessionFilter,
  SessionSecurityOptions,
  SessionStatus,
} from './session/index.js';
export {
  AGENT_CAPABILITY_PATTERN,
  CreateSessionOptionsSchema,
  MAX_AGENT_CAPABILITIES,
  SESSION_LABELS,
  validateCreateSessionOptions,
} from './session/index.js';
