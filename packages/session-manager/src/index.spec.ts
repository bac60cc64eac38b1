import { describe, expect, it } from '@jest/globals';
import * as api from './index.js';

/**
 * Every value the package exports: its public API, listed once here so a leaked internal (the warm pool, the
 * interpreter contexts' wire protocol, the recovery planner, owner-id or label helpers) fails this spec.
 */
const PUBLIC_VALUES = [
  'AGENT_CAPABILITY_PATTERN',
  'AGENT_TYPE_PATTERN',
  'CONTEXT_LANGUAGES',
  'CONTEXT_RESULT_LIMITS',
  'ContextNotFoundError',
  'CreateSessionOptionsSchema',
  'DEFAULT_IMAGES_BY_DRIVER',
  'DEFAULT_RUNTIME_IMAGE',
  'ExecuteCodeRequestSchema',
  'HUB_ENV',
  'HubLinkOptionsSchema',
  'LANGUAGES',
  'LANGUAGE_RUNTIMES',
  'MAX_AGENT_CAPABILITIES',
  'SESSION_COMMAND',
  'SESSION_LABELS',
  'SESSION_MANAGER',
  'SESSION_MANAGER_OPTIONS',
  'SessionDeadError',
  'SessionManager',
  'SessionManagerOptionsSchema',
  'defaultImagesFor',
  'deriveProducerToken',
  'hubEnvFor',
  'resolveSessionManagerOptions',
  'sessionManagerModule',
  'transpileTypeScript',
  'validateCreateSessionOptions',
  'validateExecuteCodeRequest',
];

// The exported types, named once so that removing one fails the typecheck of this spec.
type PublicTypes = [
  api.CodeResult,
  api.ContextLanguage,
  api.ContextRunError,
  api.ContextRunResult,
  api.CreateContextOptions,
  api.CreateSessionOptions,
  api.CreateSessionWaitOptions,
  api.DisposeOptions,
  api.ExecuteCodeRequest,
  api.HubLinkOptions,
  api.Language,
  api.LanguageRuntime,
  api.MimeBundle,
  api.RecoveryReport,
  api.ResolvedSessionManagerOptions,
  api.RunInContextOptions,
  api.Session,
  api.SessionContextInfo,
  api.SessionEvent,
  api.SessionEventType,
  api.SessionExecSpec,
  api.SessionFilter,
  api.SessionManagerOptions,
  api.SessionSecurityOptions,
  api.SessionStatus,
];

describe('@berth/session-manager public API', () => {
  it('exports exactly the listed values (no collaborator of the manager leaks)', () => {
    expect(Object.keys(api).sort()).toEqual([...PUBLIC_VALUES].sort());
  });

  it('names every exported type (the typecheck of this spec fails when one goes)', () => {
    const types: PublicTypes | undefined = undefined;
    expect(types).toBeUndefined();
  });
});
