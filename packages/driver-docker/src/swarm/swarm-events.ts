import { BERTH_LABELS, type DriverEvent, type EventFilter } from '@berth/core';
import type Docker from 'dockerode';
import { concatMap, filter, from, map, merge, type Observable } from 'rxjs';
import type { DockerDriver } from '../docker-driver.js';
import { type EngineEventStreamOptions, engineEvents$ } from '../events/engine-event-stream.js';

/** Label Swarm puts on a task's container: the service it belongs to (= the Berth container id). */
export const SWARM_SERVICE_ID_LABEL = 'com.docker.swarm.service.id';

/** What {@link swarmEvents$} needs from the driver. */
export interface SwarmEventSources {
  /** The manager's dockerode client (service events). */
  manager: Docker;
  /** Every engine whose containers' events to follow (the manager's and each known node's). */
  engines: DockerDriver[];
  /** A service's labels (from the driver's cache, or by inspecting it); `undefined` when unknown. */
  labelsOf: (serviceId: string) => Promise<Record<string, string> | undefined>;
  /** Reconnect tuning. */
  options?: EngineEventStreamOptions;
}

function matches(e: DriverEvent, f: EventFilter | undefined): boolean {
  if (f === undefined) return true;
  if (f.containerId !== undefined && e.containerId !== f.containerId) return false;
  if (f.sessionId !== undefined && e.sessionId !== f.sessionId) return false;
  if (f.types !== undefined && f.types.length > 0 && !f.types.includes(e.type)) return false;
  for (const [k, v] of Object.entries(f.labels ?? {})) if (e.labels?.[k] !== v) return false;
  return true;
}

/**
 * Lifecycle events of Swarm-backed containers, merged from two kinds of engine streams, each resuming after a
 * disconnect with `since` and de-duplicated (see `engineEvents$`):
 * - the manager's `type=service` events give `created` (service create) and `removed` (service remove);
 * - every node engine's container events for task containers give `started`, `exited` (with the exit code),
 *   `oom`, `stopped` and `health`, re-keyed from the task container to its service.
 */
export function swarmEvents$(sources: SwarmEventSources, eventFilter?: EventFilter): Observable<DriverEvent> {
  const services = engineEvents$(sources.manager, { type: ['service'] }, sources.options ?? {}).pipe(
    filter((e) => e.Action === 'create' || e.Action === 'remove'),
    concatMap((e) =>
      from(
        (async (): Promise<DriverEvent | undefined> => {
          const id = e.Actor?.ID;
          if (id === undefined) return undefined;
          const labels = await sources.labelsOf(id);
          if (labels === undefined || labels[BERTH_LABELS.managed] !== 'true') return undefined;
          const timestamp =
            e.timeNano !== undefined ? new Date(Math.floor(e.timeNano / 1e6)) : new Date((e.time ?? 0) * 1000);
          const out: DriverEvent = {
            type: e.Action === 'create' ? 'created' : 'removed',
            containerId: id,
            timestamp,
            labels,
          };
          const session = labels[BERTH_LABELS.session];
          if (session !== undefined) out.sessionId = session;
          return out;
        })(),
      ),
    ),
    filter((e): e is DriverEvent => e !== undefined),
  );
  const nodeFilter: EventFilter = {};
  if (eventFilter?.labels !== undefined) nodeFilter.labels = eventFilter.labels;
  if (eventFilter?.sessionId !== undefined) nodeFilter.sessionId = eventFilter.sessionId;
  const tasks = sources.engines.map((engine) =>
    engine.events$(nodeFilter).pipe(
      filter((e) => e.type !== 'created' && e.type !== 'removed'),
      map((e): DriverEvent | undefined => {
        const serviceId = e.labels?.[SWARM_SERVICE_ID_LABEL];
        return serviceId === undefined ? undefined : { ...e, containerId: serviceId };
      }),
      filter((e): e is DriverEvent => e !== undefined),
    ),
  );
  return merge(services, ...tasks).pipe(filter((e) => matches(e, eventFilter)));
}
