import type { LogLine, StatsSample } from '@berth/core';
import type { Subscription } from 'rxjs';
import type { ClientConnection } from '../clients/index.js';
import {
  encodeMessage,
  type LogLevel,
  levelOfStream,
  type OutgoingMessage,
  type StatusState,
} from '../protocol/index.js';
import { RingBuffer } from './ring-buffer.js';

/** Who a channel is about: a container (on a host) or a session. */
export interface ChannelAddress {
  /** The container, for container channels. */
  containerID?: string;
  /** The session, for session channels. */
  sessionId?: string;
  /** The host (driver key) of a container. */
  hostId?: string;
}

/** Where a late subscriber wants the replay to start: a sequence number or an ISO time. */
export type Since = number | string;

interface RingEntry {
  seq: number;
  time: number;
  frame: Buffer;
}

interface Member {
  client: ClientConnection;
  stats: boolean;
  /** Live lines older than the member's `since` are not sent (the upstream may replay history to a first member). */
  fromSeq: number;
  fromTime: number;
}

/**
 * The fan-out point of one container or session: one upstream however many subscribers, each message
 * serialised once, recent log lines kept in a bounded ring for `subscribe { since }`.
 */
export class Channel {
  /** The upstream subscription, set while the channel is attached to a driver or session manager. */
  upstream: Subscription | null = null;
  /** `true` once a producer published into this channel. */
  published = false;
  /** `true` for a channel no driver knows, opened by a subscriber to wait for a producer (never gets an upstream). */
  waiting = false;
  /** `true` for a session addressed by `containerID` (the seed's only address): its upstream is the session's logs. */
  sessionAlias = false;
  private readonly members = new Map<ClientConnection, Member>();
  private readonly ring: RingBuffer<RingEntry>;
  private seq = 0;
  private lastStatus: Buffer | null = null;

  /**
   * @param key - registry key.
   * @param address - the envelope fields of every message of this channel.
   * @param ringSize - log lines kept for replay.
   * @param ringBytes - bytes of encoded log lines kept for replay (default: no byte bound).
   */
  constructor(
    readonly key: string,
    readonly address: ChannelAddress,
    ringSize: number,
    ringBytes = Number.POSITIVE_INFINITY,
  ) {
    this.ring = new RingBuffer<RingEntry>(ringSize, { maxBytes: ringBytes, sizeOf: (e) => e.frame.length });
  }

  /** Number of subscribers. */
  get size(): number {
    return this.members.size;
  }

  /** Sequence number of the newest log line (0 when none). */
  get lastSeq(): number {
    return this.seq;
  }

  /** The subscribers. */
  clients(): IterableIterator<ClientConnection> {
    return this.members.keys();
  }

  /**
   * Adds a subscriber: sends `subscribed`, the last status, then the ring lines after `since` (none when
   * `since` is absent), all before any live line. Live lines before `since` are not sent either: the first
   * subscriber of a container gets the driver's log from its start, and `since` must bound that too.
   *
   * @returns the number of lines replayed.
   */
  add(client: ClientConnection, options: { since?: Since; stats?: boolean; waiting?: boolean } = {}): number {
    const since = options.since;
    this.members.set(client, {
      client,
      stats: options.stats ?? true,
      fromSeq: typeof since === 'number' ? since + 1 : 0,
      fromTime: typeof since === 'string' ? Date.parse(since) : Number.NEGATIVE_INFINITY,
    });
    const replay = options.since === undefined ? [] : this.replayAfter(options.since);
    const waiting = options.waiting === true ? { waiting: true } : {};
    client.sendFrame(
      this.encode({ type: 'subscribed', data: { replayed: replay.length, lastSeq: this.seq, ...waiting } }),
    );
    if (this.lastStatus !== null) client.sendFrame(this.lastStatus);
    for (const entry of replay) client.sendFrame(entry.frame);
    return replay.length;
  }

  /** Removes a subscriber. @returns `true` when it was one. */
  remove(client: ClientConnection): boolean {
    return this.members.delete(client);
  }

  /**
   * Fans a log line out (and keeps it for replay). The frame carries Berth's `seq`, `stream`, `text` and the
   * seed's `level` (given, else `info` for stdout and `error` for stderr) and `message` (the text).
   */
  log(line: Pick<LogLine, 'stream' | 'text'> & { timestamp?: Date; level?: LogLevel }): void {
    this.seq += 1;
    const time = line.timestamp ?? new Date();
    const level = line.level ?? levelOfStream(line.stream);
    const frame = this.encode({
      type: 'log',
      timestamp: time.toISOString(),
      data: { seq: this.seq, stream: line.stream, text: line.text, level, message: line.text },
    });
    this.ring.push({ seq: this.seq, time: time.getTime(), frame });
    for (const member of this.members.values()) {
      if (this.seq >= member.fromSeq && time.getTime() >= member.fromTime) member.client.sendFrame(frame);
    }
  }

  /** Fans a status out (and keeps it for new subscribers): Berth's `state` and the seed's `status`, same value. */
  status(state: StatusState, extra: { exitCode?: number; message?: string } = {}): void {
    const message = extra.message ?? defaultStatusMessage(state, extra.exitCode);
    const frame = this.encode({ type: 'status', data: { state, status: state, ...extra, message } });
    this.lastStatus = frame;
    this.broadcast(frame);
  }

  /** Fans a stats sample out to subscribers that want stats. */
  stats(sample: StatsSample): void {
    const { containerId: _id, timestamp, ...data } = sample;
    const frame = this.encode({ type: 'stats', timestamp: timestamp.toISOString(), data });
    for (const member of this.members.values()) if (member.stats) member.client.sendFrame(frame);
  }

  /** Sends one message to every subscriber (`complete`, `error`), through each one's bounded send path. */
  control(message: OutgoingMessage): void {
    this.broadcast(this.encode(message));
  }

  /** Drops every subscriber (after `complete` or `error`). @returns the former subscribers. */
  clear(): ClientConnection[] {
    const former = [...this.members.keys()];
    this.members.clear();
    return former;
  }

  /** Forgets the replay ring and sequence (the upstream will replay from the start). */
  resetHistory(): void {
    this.ring.clear();
    this.lastStatus = null;
  }

  /** Encodes a message with this channel's address. */
  encode(message: OutgoingMessage): Buffer {
    return encodeMessage({ ...message, ...this.address } as OutgoingMessage);
  }

  private broadcast(frame: Buffer): void {
    for (const client of this.members.keys()) client.sendFrame(frame);
  }

  private replayAfter(since: Since): RingEntry[] {
    if (typeof since === 'number') return this.ring.tailWhile((e) => e.seq > since);
    const from = Date.parse(since);
    return this.ring.tailWhile((e) => e.time >= from);
  }
}

/** The seed's clients read `data.message` on every status: a short text when the upstream gave none. */
function defaultStatusMessage(state: StatusState, exitCode: number | undefined): string {
  const exit = exitCode === undefined ? '' : ` (exit code ${exitCode})`;
  switch (state) {
    case 'starting':
      return 'container starting';
    case 'running':
      return 'container running';
    case 'completed':
      return `completed${exit}`;
    case 'error':
      return `failed${exit}`;
  }
}
