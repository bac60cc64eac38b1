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
}

/** Options with every default applied. */
export interface ResolvedLocalDriverOptions {
  /** Absolute state root. */
  home: string;
  /** Whether cgroups may be used. */
  cgroups: boolean;
  /** Poll interval in ms. */
  pollIntervalMs: number;
}

/**
 * Validates options and applies defaults; bad input throws `ValidationError` listing every bad field.
 *
 * @example
 * ```ts
 * resolveLocalDriverOptions({ home: '/tmp/berth' }); // { home: '/tmp/berth', cgroups: true, pollIntervalMs: 50 }
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
    if (!['home', 'cgroups', 'pollIntervalMs'].includes(key)) issues.push({ path: key, message: 'unknown option' });
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
  if (issues.length > 0) throw new ValidationError(issues, {}, 'local driver options');
  const h = home as string;
  return { home: isAbsolute(h) ? h : resolve(h), cgroups: cgroups as boolean, pollIntervalMs: poll as number };
}
