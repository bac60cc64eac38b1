import { BERTH_LABELS, type DriverEvent, type EventFilter, matchesEventFilter } from '@berth/core';
import type Docker from 'dockerode';
import { concatMap, filter, from, map, merge } from 'rxjs';
import type { DockerDriver } from '../docker-driver.js';
import {
  type EngineEventStreamOptions,
  engineEvents$,
  mergeOpenable,
  type OpenableObservable,
  withOpened,
} from '../events/engine-event-stream.js';
import type { DockerEngineEvent } from '../events/to-driver-event.js';

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
  /** Ids of the services whose task on the node had not finished when it was last heard of. */
  servicesOnNode: (nodeId: string) => Promise<string[]>;
  /** Reconnect tuning. */
  options?: EngineEventStreamOptions;
}

/** Node states in which a node's tasks can no longer run or report. */
const LOST_NODE_STATES = new Set(['down', 'unknown', 'disconnected']);

function eventTime(e: DockerEngineEvent): Date {
  return e.timeNano !== undefined ? new Date(Math.floor(e.timeNano / 1e6)) : new Date((e.time ?? 0) * 1000);
}

/**
 * Lifecycle events of Swarm-backed containers, merged from two kinds of engine streams, each resuming after a
 * disconnect with `since` and de-duplicated (see `engineEvents$`):
 * - the manager's `type=service` events give `created` (service create) and `removed` (service remove);
 * - every node engine's container events for task containers give `started`, `exited` (with the exit code),
 *   `oom`, `stopped` and `health`, re-keyed from the task container to its service;
 * - the manager's `type=node` events: when a node goes `down`, each container whose task ran there gets an
 *   `exited` event with exit code 255 and the node as `host` (the container is `dead` from then on: the contract
 *   has no `dead` event, and 255 is what `waitContainer` reports for it).
 */
export function swarmEvents$(sources: SwarmEventSources, eventFilter?: EventFilter): OpenableObservable<DriverEvent> {
  // every engine stream says when it is open; the merged stream is open once all are (`opened`, see mergeOpenable)
  const serviceStream = engineEvents$(sources.manager, { type: ['service'] }, sources.options ?? {});
  const services = serviceStream.pipe(
    filter((e) => e.Action === 'create' || e.Action === 'remove'),
    concatMap((e) =>
      from(
        (async (): Promise<DriverEvent | undefined> => {
          const id = e.Actor?.ID;
          if (id === undefined) return undefined;
          const labels = await sources.labelsOf(id);
          if (labels === undefined || labels[BERTH_LABELS.managed] !== 'true') return undefined;
          const timestamp = eventTime(e);
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
  const engineStreams = sources.engines.map((engine) => engine.events$(nodeFilter));
  const tasks = engineStreams.map((stream) =>
    stream.pipe(
      filter((e) => e.type !== 'created' && e.type !== 'removed'),
      map((e): DriverEvent | undefined => {
        const serviceId = e.labels?.[SWARM_SERVICE_ID_LABEL];
        return serviceId === undefined ? undefined : { ...e, containerId: serviceId };
      }),
      filter((e): e is DriverEvent => e !== undefined),
    ),
  );
  const nodeStream = engineEvents$(sources.manager, { type: ['node'] }, sources.options ?? {});
  const lostNodes = nodeStream.pipe(
    filter((e) => e.Action === 'update' && LOST_NODE_STATES.has(e.Actor?.Attributes?.['state.new'] ?? '')),
    concatMap((e) =>
      from(
        (async (): Promise<DriverEvent[]> => {
          const nodeId = e.Actor?.ID;
          if (nodeId === undefined) return [];
          const timestamp = eventTime(e);
          const out: DriverEvent[] = [];
          for (const serviceId of await sources.servicesOnNode(nodeId).catch(() => [])) {
            const labels = await sources.labelsOf(serviceId);
            if (labels === undefined || labels[BERTH_LABELS.managed] !== 'true') continue;
            const event: DriverEvent = {
              type: 'exited',
              containerId: serviceId,
              timestamp,
              labels,
              exitCode: 255,
              host: nodeId,
            };
            const session = labels[BERTH_LABELS.session];
            if (session !== undefined) event.sessionId = session;
            out.push(event);
          }
          return out;
        })(),
      ),
    ),
    concatMap((events) => from(events)),
  );
  const { opened } = mergeOpenable<unknown>([serviceStream, ...engineStreams, nodeStream]);
  return withOpened(
    merge(services, ...tasks, lostNodes).pipe(filter((e) => matchesEventFilter(e, eventFilter))),
    opened,
  );
}
