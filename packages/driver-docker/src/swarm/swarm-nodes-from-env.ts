import { ValidationError, type ValidationIssue } from '@berth/core';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';
import { validateConnectionOptions } from '../config/validate-connection-options.js';

/** Environment variable naming each swarm node's engine (for exec, files and stats of its tasks). */
export const SWARM_NODES_ENV = 'BERTH_SWARM_NODES';

/**
 * Reads {@link SWARM_NODES_ENV}: a JSON object from node id or hostname to Docker connection options, e.g.
 * `{"worker-1":{"socketPath":"/var/run/w1.sock"},"worker-2":{"host":"10.0.0.12","port":2375,"protocol":"http"}}`.
 * Unset or empty gives `{}` (only the manager's own node is reachable). Bad JSON or bad options throw one
 * `ValidationError` naming every bad entry.
 */
export function swarmNodesFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, DockerConnectionOptions> {
  const raw = env[SWARM_NODES_ENV]?.trim();
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new ValidationError(
      [{ path: SWARM_NODES_ENV, message: `not JSON: ${(err as Error).message}` }],
      {},
      'swarm nodes',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError(
      [{ path: SWARM_NODES_ENV, message: 'expected an object from node id or hostname to connection options' }],
      {},
      'swarm nodes',
    );
  }
  const nodes: Record<string, DockerConnectionOptions> = {};
  const issues: ValidationIssue[] = [];
  for (const [node, options] of Object.entries(parsed)) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(node)) {
      issues.push({ path: `${SWARM_NODES_ENV}.${node}`, message: 'not a node id or hostname' });
      continue;
    }
    try {
      nodes[node] = validateConnectionOptions(options);
    } catch (err) {
      if (!ValidationError.is(err)) throw err;
      for (const issue of err.issues) {
        issues.push({
          path: [SWARM_NODES_ENV, node, issue.path].filter((p) => p !== '').join('.'),
          message: issue.message,
        });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, {}, 'swarm nodes');
  return nodes;
}
