import { type DriverEvent, type DriverEventType, type EventFilter, EventHub } from '@berth/core';
import type { Observable } from 'rxjs';
import type { EngineEventFeed } from '../events/engine-event-feed.js';
import type { MockContainer } from './mock-container.js';

/** Berth event type → the Docker engine's action for the same moment (`health` is `health_status: …`). */
const ENGINE_ACTIONS: Record<Exclude<DriverEventType, 'health'>, string> = {
  created: 'create',
  started: 'start',
  exited: 'die',
  oom: 'oom',
  stopped: 'stop',
  removed: 'destroy',
};

/**
 * The driver's event feed: container events stamped with the container's id, labels and session. Each is also
 * published to the engine feed (`engineEvents$`) under the engine's action name, with the container's labels,
 * `image` and `name` as attributes (and `exitCode` on `die`), as Docker reports it.
 */
export class ContainerEvents {
  readonly #hub = new EventHub();
  readonly #engine: EngineEventFeed | undefined;

  /** @param engine - the engine feed that also receives every container event (none: only `events$`). */
  constructor(engine?: EngineEventFeed) {
    this.#engine = engine;
  }

  /** Publishes a `type` event of `c` (with `extra` fields such as `exitCode` or `healthy`). */
  emit(c: MockContainer, type: DriverEventType, extra: Partial<DriverEvent> = {}): void {
    this.#hub.publish({
      type,
      containerId: c.id,
      timestamp: new Date(),
      labels: { ...c.labels },
      ...(c.sessionId === null ? {} : { sessionId: c.sessionId }),
      ...extra,
    });
    const action =
      type === 'health' ? `health_status: ${extra.healthy === true ? 'healthy' : 'unhealthy'}` : ENGINE_ACTIONS[type];
    const attributes: Record<string, string> = { ...c.labels, image: c.spec.image };
    if (type === 'exited' && extra.exitCode !== undefined) attributes['exitCode'] = String(extra.exitCode);
    this.#engine?.publish({ type: 'container', action, id: c.id, name: c.name, attributes });
  }

  /** Events matching `eventFilter` from now on, until unsubscribed or {@link close}d. */
  events$(eventFilter?: EventFilter): Observable<DriverEvent> {
    return this.#hub.events$(eventFilter);
  }

  /** Completes every subscriber; later events are dropped. */
  close(): void {
    this.#hub.close();
  }
}
