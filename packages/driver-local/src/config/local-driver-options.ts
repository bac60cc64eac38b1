import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ValidationError, type ValidationIssue } from '@berth/core';

/** Options of {@link LocalDriver}. */
export interface LocalDriverOptions {
  /** State root. Default: `$BERTH_HOME`, else `~/.berth/local`. Relative paths resolve from the cwd. */
  home?: string;
  /**
   * Use cgroups when the host allows (root, writable hierarchies). `false` forces the rlimit fallback.
   * Default: `true`.
   */
  cgroups?: boolean;
  /** Poll interval of followed logs and exit watching, in ms. Default: 50. */
  pollIntervalMs?: number;
  /**
   * `'process'` (default): every container runs inside bubblewrap (`bwrap`: own mount, PID, network, UTS and IPC
   * namespaces); where bwrap is missing or cannot create namespaces the driver refuses to run containers.
   * `'none'`: run them as plain host processes (no isolation), the explicit opt-in for hosts without bwrap.
   * Default: `$BERTH_LOCAL_ISOLATION` (`process` or `none`), else `'process'`.
   */
  isolation?: LocalIsolation;
  /**
   * Refuse outright to work unsandboxed: the constructor throws `DriverUnavailableError` when bwrap is not usable,
   * and `isolation: 'none'` (option or `$BERTH_LOCAL_ISOLATION`) is a `ValidationError`. Default: `false`.
   */
  requireIsolation?: boolean;
  /**
   * Give every sandboxed process (main process and execs) the default seccomp filter, which refuses with `EPERM`
   * the syscalls Docker's default profile refuses an unprivileged container (`keyctl`, `mount`, `unshare`, `bpf`,
   * `ptrace` excepted …; see `DENIED_SYSCALLS`). `false`: no filter (Docker's `seccomp=unconfined`). No effect
   * with `isolation: 'none'`. Default: `true`.
   */
  seccomp?: boolean;
}

/** What the local driver is asked to isolate containers with (see {@link LocalDriverOptions.isolation}). */
export type LocalIsolation = 'process' | 'none';

/** Env variable choosing the default isolation (`process` or `none`). */
export const ISOLATION_ENV = 'BERTH_LOCAL_ISOLATION';

/** Options with every default applied. */
export interface ResolvedLocalDriverOptions {
  /** Absolute state root. */
  home: string;
  /** Whether cgroups may be used. */
  cgroups: boolean;
  /** Poll interval in ms. */
  pollIntervalMs: number;
  /** Requested isolation (`'process'` unless opted out). */
  isolation: LocalIsolation;
  /** Whether running unsandboxed is refused outright. */
  requireIsolation: boolean;
  /** Whether sandboxed processes get the default seccomp filter. */
  seccomp: boolean;
}

/**
 * Validates options and applies defaults; bad input throws `ValidationError` listing every bad field.
 *
 * @example
 * ```ts
 * resolveLocalDriverOptions({ home: '/tmp/berth' });
 * // { home: '/tmp/berth', cgroups: true, pollIntervalMs: 50, isolation: 'process', requireIsolation: false,
 * //   seccomp: true }
 * ```
 */
export function resolveLocalDriverOptions(
  options: unknown = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedLocalDriverOptions {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError([{ path: '', message: 'options must be an object' }], {}, 'local driver options');
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['home', 'cgroups', 'pollIntervalMs', 'isolation', 'requireIsolation', 'seccomp'].includes(key))
      issues.push({ path: key, message: 'unknown option' });
  }
  const home = o['home'] ?? env['BERTH_HOME'] ?? join(homedir(), '.berth', 'local');
  if (typeof home !== 'string' || home.length === 0 || home.includes('\0')) {
    issues.push({ path: 'home', message: 'home must be a non-empty path' });
  }
  const cgroups = o['cgroups'] ?? true;
  if (typeof cgroups !== 'boolean') issues.push({ path: 'cgroups', message: 'cgroups must be a boolean' });
  const poll = o['pollIntervalMs'] ?? 50;
  if (typeof poll !== 'number' || !Number.isInteger(poll) || poll <= 0) {
    issues.push({ path: 'pollIntervalMs', message: 'pollIntervalMs must be a positive integer' });
  }
  const fromEnv = env[ISOLATION_ENV];
  const isolation = o['isolation'] ?? (fromEnv === undefined || fromEnv === '' ? 'process' : fromEnv);
  const isolationPath = o['isolation'] === undefined ? `$${ISOLATION_ENV}` : 'isolation';
  if (isolation !== 'process' && isolation !== 'none') {
    issues.push({ path: isolationPath, message: "isolation must be 'process' or 'none'" });
  }
  const requireIsolation = o['requireIsolation'] ?? false;
  if (typeof requireIsolation !== 'boolean') {
    issues.push({ path: 'requireIsolation', message: 'requireIsolation must be a boolean' });
  } else if (requireIsolation && isolation === 'none') {
    issues.push({ path: isolationPath, message: "isolation 'none' contradicts requireIsolation: true" });
  }
  const seccomp = o['seccomp'] ?? true;
  if (typeof seccomp !== 'boolean') issues.push({ path: 'seccomp', message: 'seccomp must be a boolean' });
  if (issues.length > 0) throw new ValidationError(issues, {}, 'local driver options');
  const h = home as string;
  return {
    home: isAbsolute(h) ? h : resolve(h),
    cgroups: cgroups as boolean,
    pollIntervalMs: poll as number,
    isolation: isolation as LocalIsolation,
    requireIsolation: requireIsolation as boolean,
    seccomp: seccomp as boolean,
  };
}
