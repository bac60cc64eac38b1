import { type ContainerDriver, ContainerNotFoundError, ResourceLimitError } from '@berth/core';
import type { Logger } from 'pino';
import { type Observable, Subscription } from 'rxjs';
import type { ClientConnection } from '../clients/index.js';
import type { HubMetrics } from '../metrics/index.js';
import type { ProducerEvent, SubscribeMessage, UnsubscribeMessage } from '../protocol/index.js';
import { containerUpstream, isNotFound, type SessionSource, sessionUpstream, toHubError } from '../upstreams/index.js';
import { Channel } from './channel.js';
import type { ChannelEvent } from './channel-event.js';

/** Options of a {@link ChannelRegistry}. */
export interface ChannelRegistryOptions {
  /** Log lines kept per channel for `since`. */
  ringSize: number;
  /** Bytes of encoded log lines kept per channel for `since`. Default: no byte bound. */
  ringBytes?: number;
  /** Stats sampling period in ms. */
  statsIntervalMs?: number;
  /** Channels kept alive only by published history (no subscriber); the oldest is evicted beyond. Default 1000. */
  maxIdleChannels?: number;
  /** Channels one client may follow at once (one more → `ResourceLimitError`). Default: unlimited. */
  maxSubscriptionsPerClient?: number;
  /**
   * Subscribing to a container id no driver knows waits for a producer's first message (`subscribed` with
   * `waiting: true`) instead of failing with `ContainerNotFoundError`. Set when the hub has producer tokens.
   * Default `false`.
   */
  waitForProducers?: boolean;
}

const containerKey = (hostId: string, id: string): string => `c\u0000${hostId}\u0000${id}`;
const sessionKey = (id: string): string => `s\u0000${id}`;
/** Host id used for containers published by producers that no driver knows. */
const EXTERNAL_HOST = 'external';
/** Key part of a session addressed by `containerID` (never sent: such channels carry no host id). */
const SESSION_HOST = '\u0000session';

/**
 * Owns every channel: resolves containers across drivers (keyed by host id), opens one upstream per channel
 * at its first subscriber and releases it at its last, and routes published lines.
 */
export class ChannelRegistry {
  private readonly channels = new Map<string, Channel>();
  /** containerID → key of a channel of that container (any host), for lookups without a host id. */
  private readonly containerIndex = new Map<string, string>();
  private readonly pendingPublish = new Map<string, Promise<string>>();

  constructor(
    private readonly drivers: ReadonlyMap<string, ContainerDriver>,
    private readonly sessions: SessionSource | undefined,
    private readonly options: ChannelRegistryOptions,
    private readonly metrics: HubMetrics,
    private readonly log: Logger,
  ) {}

  /** Number of channels. */
  get size(): number {
    return this.channels.size;
  }

  /**
   * Finds which host runs a container.
   *
   * `hostId` is a driver key, or a host inside a multi-host driver (matched on `instance.host`).
   *
   * @throws ContainerNotFoundError when no driver (on that host) knows the id.
   */
  async resolveContainer(containerID: string, hostId?: string): Promise<{ hostId: string; driver: ContainerDriver }> {
    const direct = hostId === undefined ? undefined : this.drivers.get(hostId);
    if (hostId !== undefined && direct !== undefined) {
      if ((await direct.getContainer(containerID)) === null) throw new ContainerNotFoundError(containerID);
      return { hostId, driver: direct };
    }
    // Not a driver key: it may be a host inside a multi-host driver (a DockerHostPool reports `instance.host`).
    const found = await Promise.all(
      [...this.drivers].map(async ([key, driver]) => ({
        hostId: key,
        driver,
        instance: await driver.getContainer(containerID).catch(() => null),
      })),
    );
    const hit = found.find((f) => f.instance !== null && (hostId === undefined || f.instance.host === hostId));
    if (hit === undefined) throw new ContainerNotFoundError(containerID);
    return { hostId: hit.hostId, driver: hit.driver };
  }

  /**
   * Subscribes a client; opens the channel's upstream if it is the first subscriber.
   *
   * @throws ContainerNotFoundError (or the session manager's SessionNotFoundError, as an `error` message).
   * @throws ResourceLimitError when the client already follows `maxSubscriptionsPerClient` other channels.
   */
  async subscribe(client: ClientConnection, msg: SubscribeMessage): Promise<Channel> {
    const limit = this.options.maxSubscriptionsPerClient ?? Number.POSITIVE_INFINITY;
    // checked before and after resolving: a full client never makes the hub open a channel for it
    if (client.subscriptions.size >= limit && !this.alreadyFollows(client, msg)) {
      throw new ResourceLimitError('subscriptions', limit, client.subscriptions.size + 1, { operation: 'subscribe' });
    }
    const channel = await this.channelFor(msg);
    const waiting = channel.waiting && !channel.published;
    if (!client.subscriptions.has(channel.key) && client.subscriptions.size >= limit) {
      if (channel.size === 0 && channel.upstream === null && !channel.published) this.forget(channel);
      throw new ResourceLimitError('subscriptions', limit, client.subscriptions.size + 1, { operation: 'subscribe' });
    }
    if (!client.open) {
      // The client left while the container was being resolved: do not keep a channel nobody follows.
      if (channel.size === 0 && channel.upstream === null && !channel.published) this.forget(channel);
      return channel;
    }
    if (client.subscriptions.has(channel.key)) channel.remove(client);
    const options: { since?: number | string; stats?: boolean; waiting?: boolean; batch?: boolean } = {};
    if (msg.since !== undefined) options.since = msg.since;
    if (msg.stats !== undefined) options.stats = msg.stats;
    if (msg.batch === true) options.batch = true;
    if (waiting) options.waiting = true;
    channel.add(client, options);
    client.subscriptions.add(channel.key);
    const fromDriver = channel.address.hostId !== EXTERNAL_HOST && !channel.waiting && !channel.sessionAlias;
    if (channel.upstream === null && msg.containerID !== undefined && fromDriver) {
      const driver = this.drivers.get(channel.address.hostId ?? '');
      if (driver !== undefined) this.attach(channel, containerUpstream(driver, msg.containerID, this.statsOptions()));
    } else if (channel.upstream === null && channel.sessionAlias && this.sessions !== undefined) {
      this.attach(channel, sessionUpstream(this.sessions, channel.address.containerID ?? ''));
    } else if (channel.upstream === null && msg.sessionId !== undefined && this.sessions !== undefined) {
      this.attach(channel, sessionUpstream(this.sessions, msg.sessionId));
    }
    return channel;
  }

  /** `true` when the client already follows the channel a subscribe message names (re-subscribing is not new). */
  private alreadyFollows(client: ClientConnection, msg: SubscribeMessage): boolean {
    if (msg.sessionId !== undefined) return client.subscriptions.has(sessionKey(msg.sessionId));
    return [...client.subscriptions].some((k) => k.endsWith(`\u0000${msg.containerID ?? ''}`));
  }

  /** Unsubscribes a client from a channel. @returns the channel left, or `null` when it was not subscribed. */
  unsubscribe(client: ClientConnection, msg: UnsubscribeMessage): Channel | null {
    const key = [...client.subscriptions].find((k) => {
      const channel = this.channels.get(k);
      if (channel === undefined) return false;
      if (msg.sessionId !== undefined) return channel.address.sessionId === msg.sessionId;
      return (
        channel.address.containerID === msg.containerID &&
        (msg.hostId === undefined || channel.address.hostId === msg.hostId)
      );
    });
    if (key === undefined) return null;
    const channel = this.channels.get(key) ?? null;
    this.leave(client, key);
    return channel;
  }

  /** Removes a closed client from every channel. */
  removeClient(client: ClientConnection): void {
    for (const key of [...client.subscriptions]) this.leave(client, key);
  }

  /**
   * Routes a producer's line into a channel (created if needed, kept for replay). Lines of one producer keep
   * their order: the work is synchronous once the channel exists, and queued per container while resolving.
   *
   * @returns nothing when the line was routed synchronously, else a promise settled once it was.
   */
  publish(event: ProducerEvent): void | Promise<void> {
    const msg = event.address;
    if (msg.sessionId !== undefined) {
      this.push(this.getOrCreate(sessionKey(msg.sessionId), { sessionId: msg.sessionId }), event);
      return;
    }
    const containerID = msg.containerID ?? '';
    const existing = this.findContainerChannel(containerID, msg.hostId);
    if (existing !== undefined) {
      this.push(existing, event);
      return;
    }
    const pending = this.pendingPublish.get(containerID);
    const resolved: Promise<string> =
      pending ??
      (msg.hostId !== undefined
        ? Promise.resolve(msg.hostId)
        : this.resolveContainer(containerID).then(
            (r) => r.hostId,
            async () => ((await this.isSession(containerID)) ? SESSION_HOST : EXTERNAL_HOST),
          ));
    const done = resolved.then((hostId) => {
      this.push(this.findContainerChannel(containerID, hostId) ?? this.containerChannel(hostId, containerID), event);
      return hostId;
    });
    this.pendingPublish.set(containerID, done);
    void done.finally(() => {
      if (this.pendingPublish.get(containerID) === done) this.pendingPublish.delete(containerID);
    });
    return done.then(() => undefined);
  }

  private push(channel: Channel, event: ProducerEvent): void {
    channel.published = true;
    const p = event.payload;
    switch (p.kind) {
      case 'log': {
        const line: { stream: 'stdout' | 'stderr'; text: string; level: typeof p.level; timestamp?: Date } = {
          stream: p.stream,
          text: p.text,
          level: p.level,
        };
        if (p.timestamp !== undefined) line.timestamp = p.timestamp;
        channel.log(line);
        break;
      }
      case 'status': {
        const extra: { exitCode?: number; message?: string } = {};
        if (p.exitCode !== undefined) extra.exitCode = p.exitCode;
        if (p.message !== undefined) extra.message = p.message;
        channel.status(p.state, extra);
        break;
      }
      case 'error':
        channel.control({ type: 'error', data: { ...p.details, code: p.code, message: p.message } });
        break;
      case 'complete':
        // The producer's task is done: the channel ends for its subscribers (a later subscriber starts afresh).
        channel.control({ type: 'complete', data: p.data });
        this.finish(channel);
        return;
    }
    if (this.channels.size > (this.options.maxIdleChannels ?? 1000)) this.evictIdle();
  }

  private findContainerChannel(containerID: string, hostId: string | undefined): Channel | undefined {
    if (hostId !== undefined) return this.channels.get(containerKey(hostId, containerID));
    const key = this.containerIndex.get(containerID);
    return key === undefined ? undefined : this.channels.get(key);
  }

  /** Sends `complete` to every subscriber and releases every upstream (shutdown). */
  closeAll(): void {
    for (const channel of this.channels.values()) {
      channel.control({ type: 'complete', data: { reason: 'hub shutting down' } });
      this.end(channel);
    }
    this.channels.clear();
    this.containerIndex.clear();
    this.metrics.channels.set(0);
  }

  private async channelFor(msg: SubscribeMessage): Promise<Channel> {
    if (msg.sessionId !== undefined) {
      const key = sessionKey(msg.sessionId);
      const existing = this.channels.get(key);
      if (existing !== undefined) return existing;
      // An unknown session is refused before `subscribed`, and before any upstream is opened for it.
      if (this.sessions?.getSession !== undefined) {
        await this.sessions.getSession(msg.sessionId);
        const opened = this.channels.get(key);
        if (opened !== undefined) return opened;
      }
      // Without a session manager a session channel is fed by producers only: subscribing waits for them.
      return this.getOrCreate(key, { sessionId: msg.sessionId });
    }
    const containerID = msg.containerID ?? '';
    const existing = this.findContainerChannel(containerID, msg.hostId);
    if (existing !== undefined) return existing;
    let hostId: string;
    try {
      hostId = (await this.resolveContainer(containerID, msg.hostId)).hostId;
    } catch (err) {
      // An explicit host id names a driver's container: not found there is not found.
      const anyHost = msg.hostId === undefined || msg.hostId === EXTERNAL_HOST;
      if (!anyHost || !isNotFound(err)) throw err;
      // The seed addresses everything by containerID: a session id there means the session's channel.
      if (await this.isSession(containerID)) {
        return (
          this.channels.get(containerKey(SESSION_HOST, containerID)) ?? this.containerChannel(SESSION_HOST, containerID)
        );
      }
      if (this.options.waitForProducers !== true) throw err;
      // No driver knows it: a producer-only id. Wait for the producer's first message, where it will publish.
      const key = containerKey(EXTERNAL_HOST, containerID);
      const opened = this.channels.get(key);
      if (opened !== undefined) return opened;
      const channel = this.getOrCreate(key, { containerID, hostId: EXTERNAL_HOST });
      channel.waiting = true;
      return channel;
    }
    return this.getOrCreate(containerKey(hostId, containerID), { containerID, hostId });
  }

  /** `true` when the session manager knows `id` as a session. */
  private async isSession(id: string): Promise<boolean> {
    if (this.sessions?.getSession === undefined) return false;
    return this.sessions.getSession(id).then(
      () => true,
      () => false,
    );
  }

  /** The channel of a container id on a host; a session addressed by `containerID` carries no host id. */
  private containerChannel(hostId: string, containerID: string): Channel {
    if (hostId !== SESSION_HOST) return this.getOrCreate(containerKey(hostId, containerID), { containerID, hostId });
    const channel = this.getOrCreate(containerKey(SESSION_HOST, containerID), { containerID });
    channel.sessionAlias = true;
    return channel;
  }

  private getOrCreate(key: string, address: { containerID?: string; sessionId?: string; hostId?: string }): Channel {
    let channel = this.channels.get(key);
    if (channel === undefined) {
      channel = new Channel(key, address, this.options.ringSize, this.options.ringBytes);
      this.channels.set(key, channel);
      if (address.containerID !== undefined && !this.containerIndex.has(address.containerID)) {
        this.containerIndex.set(address.containerID, key);
      }
      this.metrics.channels.set(this.channels.size);
    }
    return channel;
  }

  private forget(channel: Channel): void {
    if (this.channels.get(channel.key) === channel) this.channels.delete(channel.key);
    const id = channel.address.containerID;
    if (id !== undefined && this.containerIndex.get(id) === channel.key) this.containerIndex.delete(id);
    this.metrics.channels.set(this.channels.size);
  }

  private attach(channel: Channel, upstream$: Observable<ChannelEvent>): void {
    // The holder is in place before subscribing: an upstream that fails at once still finds it to release
    // (and the gauge comes back down), instead of leaving a closed subscription counted forever.
    const holder = new Subscription();
    channel.upstream = holder;
    this.metrics.upstreams.inc();
    let exitCode: number | undefined;
    const inner = upstream$.subscribe({
      next: (event) => {
        switch (event.kind) {
          case 'log':
            channel.log(event.line);
            return;
          case 'stats':
            channel.stats(event.sample);
            return;
          case 'status': {
            const extra: { exitCode?: number; message?: string } = {};
            if (event.exitCode !== undefined) {
              extra.exitCode = event.exitCode;
              exitCode = event.exitCode;
            }
            if (event.message !== undefined) extra.message = event.message;
            channel.status(event.state, extra);
            return;
          }
          case 'error':
            channel.control({ type: 'error', data: event.error.toJSON() as never });
            return;
        }
      },
      error: (err: unknown) => {
        if (channel.published && isNotFound(err)) {
          // A producer-fed channel the driver or session manager does not know: keep it, without upstream.
          this.detach(channel);
          return;
        }
        const error = toHubError(err, channel.address.containerID);
        this.log.debug({ channel: channel.address, code: error.code }, 'upstream failed');
        channel.control({ type: 'error', data: error.toJSON() as never });
        this.finish(channel);
      },
      complete: () => {
        channel.control({ type: 'complete', data: exitCode === undefined ? {} : { exitCode } });
        this.finish(channel);
      },
    });
    holder.add(inner);
  }

  /** The upstream ended: every subscriber is released and the channel forgotten. */
  private finish(channel: Channel): void {
    this.end(channel);
    this.forget(channel);
  }

  private end(channel: Channel): void {
    for (const client of channel.clear()) client.subscriptions.delete(channel.key);
    this.detach(channel);
  }

  private detach(channel: Channel): void {
    if (channel.upstream === null) return;
    const upstream = channel.upstream;
    channel.upstream = null;
    upstream.unsubscribe();
    this.metrics.upstreams.dec();
  }

  private leave(client: ClientConnection, key: string): void {
    client.subscriptions.delete(key);
    const channel = this.channels.get(key);
    if (channel === undefined) return;
    channel.remove(client);
    if (channel.size > 0) return;
    this.detach(channel);
    if (!channel.published) this.forget(channel);
  }

  private evictIdle(): void {
    const max = this.options.maxIdleChannels ?? 1000;
    let idle = 0;
    for (const channel of this.channels.values()) if (channel.size === 0) idle += 1;
    for (const channel of [...this.channels.values()]) {
      if (idle <= max) break;
      if (channel.size === 0 && channel.upstream === null) {
        this.forget(channel);
        idle -= 1;
      }
    }
  }

  private statsOptions(): { statsIntervalMs?: number } {
    return this.options.statsIntervalMs === undefined ? {} : { statsIntervalMs: this.options.statsIntervalMs };
  }
}
