export { ContainerSandbox, type SandboxRun, sandboxExecPrefix } from './container-sandbox.js';
export { HOST_SYSTEM_ENTRIES, type HostView, HostViewCache, readHostView } from './host-view.js';
export { ensureRootDir, inHostDir, pathParts, prepareSandboxRoot } from './prepare-sandbox-root.js';
export {
  inDirArgs,
  nsenterArgs,
  SANDBOX_ARGS_FD,
  SANDBOX_INFO_FD,
  SANDBOX_READY_FD,
  type SandboxMount,
  type SandboxSpec,
  sandboxArgs,
  sandboxArgsViaFd,
} from './sandbox-args.js';
export { findExecutable, namespaceArgs, probeSandbox, SANDBOX_HINT, type SandboxSupport } from './sandbox-probe.js';
