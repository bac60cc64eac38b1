import type { ContainerSpec, ResourceLimits, SecurityOptions } from '../contract/container-spec.js';
import type { ValidationIssue } from '../errors/error-classes.js';

/**
 * The seed spellings of `@openagent/driver-interface` that a container spec accepts beside Berth's canonical
 * ones, and how each is normalised. Validation accepts both; {@link canonicalContainerSpec} rewrites the seed's
 * into the canonical form so every driver gets one shape.
 *
 * | seed spelling | canonical | unit / meaning |
 * | --- | --- | --- |
 * | `resources.memory` | `resources.memoryMb` | MiB |
 * | `resources.disk` | `resources.diskMb` | MiB |
 * | `readonlyRootfs` | `security.readOnly` | |
 * | `securityOpts: ['no-new-privileges']` | `security.noNewPrivileges: true` | |
 * | `command: []` | (absent) | the image's own command |
 * | `network: ''` | (absent) | the driver's default network |
 */
export const CONTAINER_SPEC_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'resources.memory': 'resources.memoryMb',
  'resources.disk': 'resources.diskMb',
  readonlyRootfs: 'security.readOnly',
  securityOpts: 'security.noNewPrivileges',
});

/** The one Docker security option a spec accepts in `securityOpts`: `no-new-privileges[:true|:false|=true|=false]`. */
export const SECURITY_OPT_PATTERN = /^no-new-privileges(?:[:=](true|false))?$/;

/** `true`/`false` for a `securityOpts` entry matching {@link SECURITY_OPT_PATTERN}, else `undefined`. */
export function noNewPrivilegesOf(opt: string): boolean | undefined {
  const m = SECURITY_OPT_PATTERN.exec(opt);
  if (m === null) return undefined;
  return m[1] !== 'false';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `value` without the seed's "use the default" spellings, `command: []` and `network: ''` (a shallow copy when one
 * is dropped, else `value` itself). Input that throws while being read is returned as it is, for the validator to
 * report.
 */
export function dropDefaultSpellings(value: unknown): unknown {
  try {
    if (!isRecord(value)) return value;
    const emptyCommand = Array.isArray(value.command) && value.command.length === 0;
    const emptyNetwork = value.network === '';
    if (!emptyCommand && !emptyNetwork) return value;
    const copy: Record<string, unknown> = { ...value };
    if (emptyCommand) delete copy.command;
    if (emptyNetwork) delete copy.network;
    return copy;
  } catch {
    return value;
  }
}

function conflict(path: string, canonical: string): ValidationIssue {
  return {
    path,
    message: `${path} is the seed spelling of ${canonical}; both are given with different values, give one`,
  };
}

/**
 * Issues of a spec that gives both spellings of one setting with different values (`resources.memory: 512` and
 * `resources.memoryMb: 256`), and `securityOpts` entries other than `no-new-privileges`. Shapes are the schema's
 * job: anything not of the expected type is skipped here.
 */
export function specAliasIssues(value: unknown): ValidationIssue[] {
  if (!isRecord(value)) return [];
  const issues: ValidationIssue[] = [];
  const resources = value.resources;
  if (isRecord(resources)) {
    for (const [seed, canonical] of [
      ['memory', 'memoryMb'],
      ['disk', 'diskMb'],
    ] as const) {
      const a = resources[seed];
      const b = resources[canonical];
      if (a !== undefined && b !== undefined && a !== b) {
        issues.push(conflict(`resources.${seed}`, `resources.${canonical}`));
      }
    }
  }
  const security = isRecord(value.security) ? value.security : {};
  if (typeof value.readonlyRootfs === 'boolean' && typeof security.readOnly === 'boolean') {
    if (value.readonlyRootfs !== security.readOnly) issues.push(conflict('readonlyRootfs', 'security.readOnly'));
  }
  if (Array.isArray(value.securityOpts)) {
    const wanted = new Set<boolean>();
    value.securityOpts.forEach((opt: unknown, i: number) => {
      if (typeof opt !== 'string') return; // the schema reports it
      const nnp = noNewPrivilegesOf(opt);
      if (nnp === undefined) {
        issues.push({
          path: `securityOpts.${i}`,
          message:
            'only no-new-privileges is supported in securityOpts; use security.* (readOnly, user, capabilities) for the rest',
        });
      } else wanted.add(nnp);
    });
    if (wanted.size > 1) {
      issues.push({ path: 'securityOpts', message: 'securityOpts sets no-new-privileges both on and off' });
    } else if (wanted.size === 1 && typeof security.noNewPrivileges === 'boolean') {
      if (!wanted.has(security.noNewPrivileges)) issues.push(conflict('securityOpts', 'security.noNewPrivileges'));
    }
  }
  return issues;
}

/**
 * `resources` in canonical form: `memory` moved to `memoryMb`, `disk` to `diskMb` (both MiB). Returns `resources`
 * itself when it holds no seed spelling.
 *
 * @example
 * ```ts
 * canonicalResourceLimits({ cpu: 2, memory: 4096, disk: 10240 }); // { cpu: 2, memoryMb: 4096, diskMb: 10240 }
 * ```
 */
export function canonicalResourceLimits(resources: ResourceLimits): ResourceLimits {
  if (resources.memory === undefined && resources.disk === undefined) return resources;
  const { memory, disk, ...rest } = resources;
  const out: ResourceLimits = { ...rest };
  const memoryMb = rest.memoryMb ?? memory;
  const diskMb = rest.diskMb ?? disk;
  if (memoryMb !== undefined) out.memoryMb = memoryMb;
  if (diskMb !== undefined) out.diskMb = diskMb;
  return out;
}

/**
 * A valid spec in canonical form: the seed spellings listed in {@link CONTAINER_SPEC_ALIASES} rewritten, and
 * `command: []` / `network: ''` dropped (the image's command, the default network). Returns `spec` itself when it
 * is already canonical; otherwise a shallow copy (labels, env and the other maps are shared, not copied).
 *
 * @example
 * ```ts
 * canonicalContainerSpec({ image: 'busybox', readonlyRootfs: true, securityOpts: ['no-new-privileges'] });
 * // { image: 'busybox', security: { readOnly: true, noNewPrivileges: true } }
 * ```
 */
export function canonicalContainerSpec(spec: ContainerSpec): ContainerSpec {
  const dropped = dropDefaultSpellings(spec) as ContainerSpec;
  const resources = dropped.resources === undefined ? undefined : canonicalResourceLimits(dropped.resources);
  const noNewPrivileges = (dropped.securityOpts ?? [])
    .map(noNewPrivilegesOf)
    .find((v): v is boolean => v !== undefined);
  const hasSecurityAlias = dropped.readonlyRootfs !== undefined || dropped.securityOpts !== undefined;
  if (dropped === spec && resources === spec.resources && !hasSecurityAlias) return spec;
  const { readonlyRootfs, securityOpts: _securityOpts, ...rest } = dropped;
  const out: ContainerSpec = { ...rest };
  if (resources !== undefined) out.resources = resources;
  if (readonlyRootfs !== undefined || noNewPrivileges !== undefined) {
    const security: SecurityOptions = { ...(rest.security ?? {}) };
    if (readonlyRootfs !== undefined && security.readOnly === undefined) security.readOnly = readonlyRootfs;
    if (noNewPrivileges !== undefined && security.noNewPrivileges === undefined) {
      security.noNewPrivileges = noNewPrivileges;
    }
    out.security = security;
  }
  return out;
}
