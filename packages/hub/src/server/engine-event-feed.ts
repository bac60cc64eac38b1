import { type ContainerDriver, type EngineEvent, type EngineObjectType, ValidationError } from '@berth/core';
import type { Logger } from 'pino';
import type { ClientConnection } from '../clients/index.js';
import { HubUnknownHostError, HubUnsupportedError } from '../errors/index.js';
import {
  DEFAULT_EVENTS_OPEN_TIMEOUT_MS,
  type DriverUpstream,
  holdDriverUpstream,
  untilOpened,
} from '../events/index.js';
import { encodeMessage, type WatchEngineEventsMessage } from '../protocol/index.js';

/** What one connection keeps of one host's engine events. Empty lists keep everything. */
interface EngineFilter {
  types: ReadonlySet<EngineObjectType>;
  actions: ReadonlySet<string>;
}

/** Sources of an {@link EngineEventFeed}. */
export interface EngineEventFeedSources {
  /** Drivers by host id; those with `capabilities.engineEvents` and `engineEvents$` can be watched. */
  drivers: ReadonlyMap<string, ContainerDriver>;
  /** Logger for upstream failures. */
  log: Logger;
  /** First re-subscription delay cap after a failed upstream, ms (core's `retryWithBackoff`). Default 1000. */
  retryDelayMs?: number;
  /** Cap of any re-subscription delay, ms. Default 30000. */
  retryMaxDelayMs?: number;
  /**
   * How long `watch` waits for an engine's stream to open, ms (the hub's `EVENTS_OPEN_TIMEOUT`). Default 10000.
   */
  openTimeoutMs?: number;
}

/**
 * Fans each host's engine events (images, networks, volumes, containers: the driver's `engineEvents$`) out to
 * the connections that sent `watchEngineEvents` for that host, as `engineEvent` frames: one upstream per host
 * however many connections watch it, opened with the first and released with the last; each connection's
 * filter applied in the hub. A connection watches each host at most once (a second watch replaces the filter),
 * so what it holds is bounded by the number of hosts.
 */
export class EngineEventFeed {
  private readonly watchers = new Map<string, Map<ClientConnection, EngineFilter>>();
  private readonly upstreams = new Map<string, DriverUpstream>();

  /** @param sources - drivers and logger. */
  constructor(private readonly sources: EngineEventFeedSources) {}

  /** Host ids whose driver reports engine events. */
  get hosts(): string[] {
    return [...this.sources.drivers].filter(([, d]) => supportsEngineEvents(d)).map(([hostId]) => hostId);
  }

  /** Upstreams open (one per watched host). */
  get upstreamCount(): number {
    return this.upstreams.size;
  }

  /**
   * Starts (or re-filters) a connection's engine events of one host, or of every capable host without `hostId`.
   * Resolves once each host's engine stream is open (a driver whose `engineEvents$` carries an `opened` promise,
   * as Docker's does; others at once), so an object created after the `watching` reply is reported; also when the
   * upstream is released first. An engine that cannot be reached is waited for (the upstream retries) at most
   * `openTimeoutMs`: then the connection stops watching this request's hosts and it rejects.
   *
   * @returns the hosts now watched for this request.
   * @throws HubUnknownHostError for a host the hub does not serve.
   * @throws HubUnsupportedError for a host whose driver has no engine events, or when no host has them.
   * @throws HubEngineUnreachableError naming the hosts whose stream did not open within `openTimeoutMs`.
   */
  async watch(client: ClientConnection, msg: WatchEngineEventsMessage): Promise<string[]> {
    const hosts = this.targets(msg.hostId, 'watchEngineEvents');
    const filter: EngineFilter = {
      types: new Set(msg.types ?? msg.filters?.type ?? []),
      actions: new Set(msg.actions ?? msg.filters?.event ?? []),
    };
    for (const hostId of hosts) {
      let set = this.watchers.get(hostId);
      if (set === undefined) {
        set = new Map();
        this.watchers.set(hostId, set);
      }
      set.set(client, filter);
      if (!this.upstreams.has(hostId)) this.open(hostId);
    }
    const waiting = hosts.flatMap((hostId) => {
      const upstream = this.upstreams.get(hostId);
      return upstream === undefined ? [] : [{ hostId, upstream }];
    });
    try {
      await untilOpened(waiting, this.sources.openTimeoutMs ?? DEFAULT_EVENTS_OPEN_TIMEOUT_MS, 'watchEngineEvents');
    } catch (err) {
      // not served: the connection is not watching these hosts (and holds no upstream open)
      for (const hostId of hosts) this.forget(client, hostId);
      throw err;
    }
    return hosts;
  }

  /**
   * Stops a connection's engine events of one host (every host without `hostId`).
   *
   * @returns the hosts it stopped watching.
   * @throws HubUnknownHostError for a host the hub does not serve.
   * @throws ValidationError when the connection was not watching that host.
   */
  unwatch(client: ClientConnection, hostId?: string): string[] {
    if (hostId !== undefined && !this.sources.drivers.has(hostId)) {
      throw new HubUnknownHostError(hostId, [...this.sources.drivers.keys()], 'unwatchEngineEvents');
    }
    const left = this.forget(client, hostId);
    if (hostId !== undefined && left.length === 0) {
      throw new ValidationError(
        [{ path: 'hostId', message: `not watching the engine events of ${hostId}` }],
        {},
        'unwatchEngineEvents',
      );
    }
    return left;
  }

  /** Forgets a connection on every host (it closed). */
  removeClient(client: ClientConnection): void {
    this.forget(client, undefined);
  }

  /** Releases every upstream and forgets every watcher (hub shutdown). */
  close(): void {
    for (const { sub } of this.upstreams.values()) sub.unsubscribe();
    this.upstreams.clear();
    this.watchers.clear();
  }

  private targets(hostId: string | undefined, operation: string): string[] {
    const drivers = this.sources.drivers;
    if (hostId !== undefined) {
      const driver = drivers.get(hostId);
      if (driver === undefined) throw new HubUnknownHostError(hostId, [...drivers.keys()], operation);
      if (!supportsEngineEvents(driver)) throw new HubUnsupportedError(hostId, 'engineEvents', operation);
      return [hostId];
    }
    const hosts = this.hosts;
    if (hosts.length === 0) throw new HubUnsupportedError([...drivers.keys()].join(', '), 'engineEvents', operation);
    return hosts;
  }

  private forget(client: ClientConnection, hostId: string | undefined): string[] {
    const left: string[] = [];
    for (const [host, set] of this.watchers) {
      if (hostId !== undefined && host !== hostId) continue;
      if (!set.delete(client)) continue;
      left.push(host);
      if (set.size === 0) {
        this.watchers.delete(host);
        this.upstreams.get(host)?.sub.unsubscribe();
        this.upstreams.delete(host);
      }
    }
    return left;
  }

  private open(hostId: string): void {
    const driver = this.sources.drivers.get(hostId);
    if (driver?.engineEvents$ === undefined) return;
    const { log, retryDelayMs, retryMaxDelayMs } = this.sources;
    const upstream = holdDriverUpstream(
      driver.engineEvents$(),
      { hostId, label: 'engineEvents$', log, retryDelayMs, retryMaxDelayMs },
      (e) => this.deliver(hostId, e),
    );
    this.upstreams.set(hostId, upstream);
  }

  private deliver(hostId: string, e: EngineEvent): void {
    const set = this.watchers.get(hostId);
    if (set === undefined) return;
    let frame: Buffer | undefined;
    for (const [client, filter] of set) {
      if (filter.types.size > 0 && !filter.types.has(e.type)) continue;
      if (filter.actions.size > 0 && !filter.actions.has(e.action)) continue;
      frame ??= engineEventFrame(hostId, e);
      client.sendFrame(frame);
    }
  }
}

function supportsEngineEvents(driver: ContainerDriver): boolean {
  return driver.capabilities.engineEvents === true && typeof driver.engineEvents$ === 'function';
}

/** One `engineEvent` frame: Berth's fields beside the seed's `getEvents()` fields. */
function engineEventFrame(hostId: string, e: EngineEvent): Buffer {
  const ms = e.timestamp.getTime();
  return encodeMessage({
    type: 'engineEvent',
    hostId,
    ...(e.type === 'container' ? { containerID: e.id } : {}),
    timestamp: e.timestamp.toISOString(),
    data: {
      type: e.type,
      action: e.action,
      id: e.id,
      ...(e.name === undefined ? {} : { name: e.name }),
      attributes: e.attributes,
      Type: e.type,
      Action: e.action,
      Actor: { ID: e.id, Attributes: e.attributes },
      time: Math.floor(ms / 1000),
      timeNano: ms * 1e6,
      host: e.host ?? hostId,
    },
  });
}
