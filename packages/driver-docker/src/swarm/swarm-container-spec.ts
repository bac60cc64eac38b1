import { type ContainerSpec, SECURITY_OPT_PATTERN, ValidationError, type ValidationIssue } from '@berth/core';
import { z } from 'zod';

/**
 * Where Swarm may place a container's task. Constraints use Swarm's syntax (`node.labels.zone==eu`,
 * `node.hostname!=db-1`, `node.role==worker`, `node.id==…`); every one must hold. Spread preferences
 * (`node.labels.zone`) balance tasks over the values of a node label. Default: Swarm's own spread over nodes.
 */
export interface SwarmPlacement {
  /** Placement constraints, all of which must hold. */
  constraints?: string[];
  /** Spread descriptors, e.g. `node.labels.zone`, applied in order. */
  spreadOver?: string[];
}

/** When Swarm restarts a container's task. Default: `none` — a Berth container runs once, like `docker run`. */
export interface SwarmRestartPolicy {
  /** `none` (default), `on-failure` or `any`. */
  condition: 'none' | 'on-failure' | 'any';
  /** Restarts allowed before giving up (`0` = unlimited). Default: 0. */
  maxAttempts?: number;
  /** Delay between restarts in ms. Default: Swarm's 5 s. */
  delayMs?: number;
}

/**
 * A `ContainerSpec` with the Swarm-only parts {@link SwarmDriver} understands. Any plain `ContainerSpec` is
 * a valid `SwarmContainerSpec`.
 *
 * @example
 * ```ts
 * await swarm.createContainer({ image: 'berth/busybox:latest', command: ['sleep', '60'],
 *   placement: { constraints: ['node.labels.berth.node==2'] } });
 * ```
 */
export interface SwarmContainerSpec extends ContainerSpec {
  /** Placement of the task (merged with the driver's default placement). */
  placement?: SwarmPlacement;
  /** Restart policy of the task. Default: `{ condition: 'none' }`. */
  restart?: SwarmRestartPolicy;
}

/** One constraint: `<attribute> == | != <value>` (what Swarm accepts, checked here so typos fail early). */
const CONSTRAINT =
  /^\s*(node\.(id|hostname|role|platform\.os|platform\.arch)|node\.labels\.[A-Za-z0-9._-]+|engine\.labels\.[A-Za-z0-9._-]+)\s*(==|!=)\s*[^\s=!][^=!]*$/;
const SPREAD = /^(node\.labels\.[A-Za-z0-9._-]+|engine\.labels\.[A-Za-z0-9._-]+)$/;

const placementSchema = z
  .object({
    constraints: z
      .array(z.string().regex(CONSTRAINT, 'must look like node.labels.<key>==<value> (or node.id/hostname/role)'))
      .optional(),
    spreadOver: z.array(z.string().regex(SPREAD, 'must be node.labels.<key> or engine.labels.<key>')).optional(),
  })
  .strict();

const restartSchema = z
  .object({
    condition: z.enum(['none', 'on-failure', 'any']),
    maxAttempts: z.number().int().nonnegative().optional(),
    delayMs: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Validates the Swarm-only parts of a spec (`placement`, `restart`); throws `ValidationError` listing every issue. */
export function validateSwarmExtras(spec: { placement?: unknown; restart?: unknown }, what = 'container spec'): void {
  const issues: ValidationIssue[] = [];
  const collect = (key: string, schema: z.ZodType, value: unknown): void => {
    if (value === undefined) return;
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      issues.push({ path: [key, ...issue.path.map(String)].join('.'), message: issue.message });
    }
  };
  collect('placement', placementSchema, spec.placement);
  collect('restart', restartSchema, spec.restart);
  if (issues.length > 0) throw new ValidationError(issues, { operation: 'createContainer' }, what);
}

/** Options of {@link refuseSwarmGaps}. */
export interface SwarmGapOptions {
  /**
   * The nodes' dockerd run with `--no-new-privileges` (daemon.json `"no-new-privileges": true`), so every task has
   * the flag whatever its service says: `noNewPrivileges: true` is then honoured, not refused. Default `false`.
   */
  nodesEnforceNoNewPrivileges?: boolean;
  /** The spec as the caller wrote it (before the seed's spellings were normalised), to name the field they used. */
  given?: unknown;
}

/** Why Swarm on API 1.41 cannot set no-new-privileges itself, and what to do instead. */
export const SWARM_NO_NEW_PRIVILEGES_GAP =
  'Swarm services cannot set no-new-privileges on API 1.41 (ContainerSpec has no such field; Privileges.NoNewPrivileges ' +
  "arrives with API 1.44): run the nodes' dockerd with --no-new-privileges and create the driver with " +
  'nodesEnforceNoNewPrivileges: true, or leave it unset';

/** Where the caller asked for no-new-privileges: the seed's `securityOpts` entry, else `security.noNewPrivileges`. */
function noNewPrivilegesPath(given: unknown): string {
  const opts = (given as { securityOpts?: unknown } | undefined)?.securityOpts;
  if (Array.isArray(opts)) {
    const i = opts.findIndex((o) => typeof o === 'string' && SECURITY_OPT_PATTERN.exec(o)?.[1] !== 'false');
    if (i >= 0) return `securityOpts.${i}`;
  }
  return 'security.noNewPrivileges';
}

/**
 * The security defaults of the contract a {@link SwarmDriver} cannot apply (documented, reported by `healthCheck`):
 * no-new-privileges, unless the nodes enforce it.
 */
export function swarmSecurityGaps(nodesEnforceNoNewPrivileges = false): readonly string[] {
  return nodesEnforceNoNewPrivileges ? [] : ['no-new-privileges (not settable on services before API 1.44)'];
}

/**
 * What Swarm (API 1.41) cannot express, refused instead of dropped: published ports (the routing mesh binds every
 * interface, never 127.0.0.1) and an explicit `security.noNewPrivileges: true` or the seed's
 * `securityOpts: ['no-new-privileges']` (services have no such field before API 1.44; honoured when
 * `nodesEnforceNoNewPrivileges` says the nodes' dockerd set it on every container). Throws `ValidationError` naming
 * each field as the caller wrote it. A disk limit is not refused: services have none, so it is accepted and not
 * enforced (`capabilities.resourceLimits.disk` is `false`, `healthCheck()` says `notEnforced`).
 *
 * @param spec - the validated (canonical) spec.
 * @param options - what the nodes enforce, and the spec as given.
 */
export function refuseSwarmGaps(spec: ContainerSpec, options: SwarmGapOptions = {}): void {
  const issues: ValidationIssue[] = [];
  if (spec.ports !== undefined && spec.ports.length > 0) {
    issues.push({
      path: 'ports',
      message: 'Swarm publishes ports on every interface through its routing mesh; SwarmDriver does not publish ports',
    });
  }
  if (spec.security?.noNewPrivileges === true && options.nodesEnforceNoNewPrivileges !== true) {
    issues.push({ path: noNewPrivilegesPath(options.given), message: SWARM_NO_NEW_PRIVILEGES_GAP });
  }
  if (issues.length > 0) throw new ValidationError(issues, { operation: 'createContainer' }, 'container spec');
}
