import type { ContainerDriver, DriverEvent } from '@berth/core';
import type { Logger } from 'pino';
import type { Observable, Subscription } from 'rxjs';
import type { ClientConnection } from '../clients/index.js';
import { encodeMessage } from '../protocol/index.js';
import { type DriverUpstream, holdDriverUpstream } from './driver-upstream.js';
import { DEFAULT_EVENTS_OPEN_TIMEOUT_MS, untilOpened } from './until-opened.js';

/** A session lifecycle event as the hub forwards it (`SessionManager.events$` fits). */
export interface SessionEventLike {
  /** What happened (`created`, `ready`, `executing`, `completed`, `failed`, `dead`, `expired`, `cleaned`). */
  type: string;
  /** The session. */
  sessionId: string;
  /** Its container, once known. */
  containerId?: string;
  /** Why (for `expired` and `cleaned`). */
  reason?: string;
}

/** Where the feed's events come from. */
export interface EventFeedSources {
  /** Drivers by host id; those with `capabilities.events` are watched. */
  drivers: ReadonlyMap<string, ContainerDriver>;
  /** Session events (a session manager's `events$`), when the hub has one. */
  sessionEvents$?: Observable<SessionEventLike>;
  /** Logger for upstream failures. */
  log: Logger;
  /**
   * Cap of the first delay before re-subscribing a failed driver `events$`, ms (core's `retryWithBackoff`: full
   * jitter, doubling up to {@link retryMaxDelayMs}, never giving up; the count restarts once an event arrives).
   * Default 1000.
   */
  retryDelayMs?: number;
  /** Cap of any re-subscription delay, ms. Default 30000. */
  retryMaxDelayMs?: number;
  /**
   * How long `watch` waits for the drivers' streams to open, ms (the hub's `EVENTS_OPEN_TIMEOUT`). Default 10000.
   */
  openTimeoutMs?: number;
}

/**
 * Fans driver and session events out to the clients that sent `watchEvents`: one upstream `events$` per
 * driver however many clients watch, opened with the first watcher and released with the last.
 */
export class EventFeed {
  private readonly watchers = new Set<ClientConnection>();
  private subscriptions: Subscription[] = [];
  /** Each capable driver's upstream while watched. */
  private upstreams: { hostId: string; upstream: DriverUpstream }[] = [];

  /** @param sources - drivers, session events and logger. */
  constructor(private readonly sources: EventFeedSources) {}

  /** Number of watching clients. */
  get size(): number {
    return this.watchers.size;
  }

  /** Host ids whose driver reports events. */
  get hosts(): string[] {
    return [...this.sources.drivers].filter(([, d]) => d.capabilities.events).map(([hostId]) => hostId);
  }

  /**
   * Adds a watcher; opens the upstreams for the first one. Resolves once every driver's stream is open (a driver
   * whose `events$` carries an `opened` promise, as Docker's does; others at once), so a container created after
   * the `watching` reply is reported; also when the upstreams are released first. A driver whose engine cannot be
   * reached is waited for at most `openTimeoutMs`: then the client is no longer a watcher and it rejects.
   *
   * @throws HubEngineUnreachableError naming the hosts whose stream did not open within `openTimeoutMs`.
   */
  async watch(client: ClientConnection): Promise<void> {
    this.watchers.add(client);
    if (this.subscriptions.length === 0) this.open();
    try {
      await untilOpened(this.upstreams, this.sources.openTimeoutMs ?? DEFAULT_EVENTS_OPEN_TIMEOUT_MS, 'watchEvents');
    } catch (err) {
      this.unwatch(client);
      throw err;
    }
  }

  /** Removes a watcher; releases the upstreams after the last one. @returns `false` when it was not watching. */
  unwatch(client: ClientConnection): boolean {
    const had = this.watchers.delete(client);
    if (this.watchers.size === 0) this.release();
    return had;
  }

  /** Releases every upstream and forgets every watcher (hub shutdown). */
  close(): void {
    this.watchers.clear();
    this.release();
  }

  /** Writes one encoded frame to every watcher (the hub's `alert` frames). */
  publish(frame: Buffer): void {
    this.broadcast(frame);
  }

  private open(): void {
    const { log, retryDelayMs, retryMaxDelayMs } = this.sources;
    for (const [hostId, driver] of this.sources.drivers) {
      if (!driver.capabilities.events) continue;
      const upstream = holdDriverUpstream(
        driver.events$(),
        { hostId, label: 'events$', log, retryDelayMs, retryMaxDelayMs },
        (e) => this.broadcastContainer(hostId, e),
      );
      this.upstreams.push({ hostId, upstream });
      this.subscriptions.push(upstream.sub);
    }
    const sessions = this.sources.sessionEvents$;
    if (sessions !== undefined) {
      this.subscriptions.push(
        sessions.subscribe({
          next: (e) => this.broadcastSession(e),
          error: (err: unknown) => this.sources.log.warn({ err }, 'session events$ failed'),
        }),
      );
    }
  }

  private release(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
    this.upstreams = [];
  }

  private broadcastContainer(hostId: string, e: DriverEvent): void {
    const data: { source: 'container'; event: string; exitCode?: number } = { source: 'container', event: e.type };
    if (e.exitCode !== undefined) data.exitCode = e.exitCode;
    this.broadcast(
      encodeMessage({
        type: 'event',
        containerID: e.containerId,
        hostId,
        ...(e.sessionId === undefined ? {} : { sessionId: e.sessionId }),
        timestamp: e.timestamp.toISOString(),
        data,
      }),
    );
  }

  private broadcastSession(e: SessionEventLike): void {
    const data: { source: 'session'; event: string; reason?: string } = { source: 'session', event: e.type };
    if (e.reason !== undefined) data.reason = e.reason;
    this.broadcast(
      encodeMessage({
        type: 'event',
        sessionId: e.sessionId,
        ...(e.containerId === undefined ? {} : { containerID: e.containerId }),
        data,
      }),
    );
  }

  private broadcast(frame: Buffer): void {
    for (const client of this.watchers) client.sendFrame(frame);
  }
}
