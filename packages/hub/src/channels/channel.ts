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
import {
  type BatchEntry,
  type BatchedLine,
  type BatchScheduler,
  chunkEntries,
  DEFAULT_LOG_BATCH_LIMITS,
  immediateScheduler,
  LogBatch,
  type LogBatchLimits,
} from './log-batch.js';
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

interface RingEntry extends BatchEntry {
  seq: number;
  /** The seed's level of the line (given, else its stream's). */
  level: LogLevel;
  /** The per-line `log` frame, encoded only once a subscriber without `batch` needs it. */
  frame: Buffer | null;
  /** Bytes counted against the ring's byte bound: the frame's length, or its estimate while not encoded. */
  size: number;
}

/**
 * Bytes of a `log` frame around its text (twice) — envelope, seq, stream, level, timestamp and a 64-char id — for the
 * ring's byte bound while a line's frame is not encoded (no subscriber without `batch` needed it).
 */
const LOG_FRAME_OVERHEAD = 260;

/** How a channel batches lines for subscribers that asked for `logs` frames. */
export interface ChannelBatchOptions {
  /** Bounds of one `logs` frame. */
  limits?: LogBatchLimits;
  /** When a batch that reached no bound is sent (default: `setImmediate`). */
  schedule?: BatchScheduler;
}

interface Member {
  client: ClientConnection;
  stats: boolean;
  /** Live lines older than the member's `since` are not sent (the upstream may replay history to a first member). */
  fromSeq: number;
  fromTime: number;
  /** Gets `logs` frames (lines batched) instead of one `log` frame per line. */
  batch: boolean;
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
  /** Members with `batch` (lines are collected only while there is one). */
  private batchMembers = 0;
  private readonly batch: LogBatch;
  private readonly batchLimits: LogBatchLimits;

  /**
   * @param key - registry key.
   * @param address - the envelope fields of every message of this channel.
   * @param ringSize - log lines kept for replay.
   * @param ringBytes - bytes of encoded log lines kept for replay (default: no byte bound).
   * @param batching - how lines are batched for subscribers that asked for `logs` frames.
   */
  constructor(
    readonly key: string,
    readonly address: ChannelAddress,
    ringSize: number,
    ringBytes = Number.POSITIVE_INFINITY,
    batching: ChannelBatchOptions = {},
  ) {
    this.ring = new RingBuffer<RingEntry>(ringSize, { maxBytes: ringBytes, sizeOf: (e) => e.size });
    this.batchLimits = batching.limits ?? DEFAULT_LOG_BATCH_LIMITS;
    this.batch = new LogBatch(
      (entries) => this.sendBatch(entries),
      this.batchLimits,
      batching.schedule ?? immediateScheduler,
    );
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
   * subscriber of a container gets the driver's log from its start, and `since` must bound that too. With
   * `batch` the subscriber gets `logs` frames (the replay too) instead of one `log` frame per line.
   *
   * @returns the number of lines replayed.
   */
  add(
    client: ClientConnection,
    options: { since?: Since; stats?: boolean; waiting?: boolean; batch?: boolean } = {},
  ): number {
    // Lines waiting for the batching members are in the ring already: they go out before the replay is cut.
    this.batch.flush();
    this.remove(client);
    const since = options.since;
    const batch = options.batch === true;
    this.members.set(client, {
      client,
      stats: options.stats ?? true,
      fromSeq: typeof since === 'number' ? since + 1 : 0,
      fromTime: typeof since === 'string' ? Date.parse(since) : Number.NEGATIVE_INFINITY,
      batch,
    });
    if (batch) this.batchMembers += 1;
    const replay = options.since === undefined ? [] : this.replayAfter(options.since);
    const waiting = options.waiting === true ? { waiting: true } : {};
    client.sendFrame(
      this.encode({ type: 'subscribed', data: { replayed: replay.length, lastSeq: this.seq, ...waiting } }),
    );
    if (this.lastStatus !== null) client.sendFrame(this.lastStatus);
    if (batch) {
      for (const run of chunkEntries(replay, this.batchLimits)) client.sendFrame(this.encodeBatch(run), run.length);
    } else {
      for (const entry of replay) client.sendFrame(this.frameOf(entry));
    }
    return replay.length;
  }

  /** Removes a subscriber (after sending it the lines batched so far). @returns `true` when it was one. */
  remove(client: ClientConnection): boolean {
    const member = this.members.get(client);
    if (member === undefined) return false;
    if (member.batch) {
      this.batch.flush();
      this.batchMembers -= 1;
      if (this.batchMembers === 0) this.batch.clear();
    }
    return this.members.delete(client);
  }

  /**
   * Fans a log line out (and keeps it for replay). The `log` frame carries Berth's `seq`, `stream`, `text` and the
   * seed's `level` (given, else `info` for stdout and `error` for stderr) and `message` (the text); subscribers
   * with `batch` get the line in the channel's next `logs` frame instead, its text once.
   */
  log(line: Pick<LogLine, 'stream' | 'text'> & { timestamp?: Date; level?: LogLevel }): void {
    this.seq += 1;
    const date = line.timestamp ?? new Date();
    const time = date.getTime();
    const timestamp = date.toISOString();
    const defaultLevel = levelOfStream(line.stream);
    const level = line.level ?? defaultLevel;
    const wire: BatchedLine = { seq: this.seq, stream: line.stream, text: line.text, timestamp };
    if (level !== defaultLevel) wire.level = level;
    const entry: RingEntry = { seq: this.seq, time, level, line: wire, frame: null, size: 0 };
    // The per-line frame (JSON of the text twice) is the hub's main cost per line: made only when a subscriber
    // without `batch` is here to take it (or later, for a replay to one).
    const perLine = this.members.size > this.batchMembers;
    if (perLine) entry.frame = this.encodeLine(entry);
    entry.size = entry.frame?.length ?? LOG_FRAME_OVERHEAD + 2 * Buffer.byteLength(line.text);
    this.ring.push(entry);
    if (perLine) {
      const frame = this.frameOf(entry);
      for (const member of this.members.values()) {
        if (!member.batch && this.seq >= member.fromSeq && time >= member.fromTime) member.client.sendFrame(frame);
      }
    }
    if (this.batchMembers > 0) this.batch.add(entry);
  }

  /** Fans a status out (and keeps it for new subscribers): Berth's `state` and the seed's `status`, same value. */
  status(state: StatusState, extra: { exitCode?: number; message?: string } = {}): void {
    this.batch.flush();
    const message = extra.message ?? defaultStatusMessage(state, extra.exitCode);
    const frame = this.encode({ type: 'status', data: { state, status: state, ...extra, message } });
    this.lastStatus = frame;
    this.broadcast(frame);
  }

  /** Fans a stats sample out to subscribers that want stats. */
  stats(sample: StatsSample): void {
    this.batch.flush();
    const { containerId: _id, timestamp, ...data } = sample;
    const frame = this.encode({ type: 'stats', timestamp: timestamp.toISOString(), data });
    for (const member of this.members.values()) if (member.stats) member.client.sendFrame(frame);
  }

  /** Sends one message to every subscriber (`complete`, `error`), through each one's bounded send path. */
  control(message: OutgoingMessage): void {
    this.batch.flush();
    this.broadcast(this.encode(message));
  }

  /** Drops every subscriber (after `complete` or `error`). @returns the former subscribers. */
  clear(): ClientConnection[] {
    this.batch.flush();
    this.batch.clear();
    const former = [...this.members.keys()];
    this.members.clear();
    this.batchMembers = 0;
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

  /** Sends a batch to every batching member: one shared frame, or the member's own when `since` cuts into it. */
  private sendBatch(entries: readonly BatchEntry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    let shared: Buffer | null = null;
    for (const member of this.members.values()) {
      if (!member.batch) continue;
      const all = first.line.seq >= member.fromSeq && entries.every((e) => e.time >= member.fromTime);
      if (all) {
        shared ??= this.encodeBatch(entries);
        member.client.sendFrame(shared, entries.length);
        continue;
      }
      const mine = entries.filter((e) => e.line.seq >= member.fromSeq && e.time >= member.fromTime);
      if (mine.length > 0) member.client.sendFrame(this.encodeBatch(mine), mine.length);
    }
  }

  /** The line's `log` frame (encoded on first use and kept with the entry). */
  private frameOf(entry: RingEntry): Buffer {
    entry.frame ??= this.encodeLine(entry);
    return entry.frame;
  }

  private encodeLine(entry: RingEntry): Buffer {
    const { seq, stream, text, timestamp } = entry.line;
    return this.encode({
      type: 'log',
      timestamp,
      data: { seq, stream, text, level: entry.level, message: text },
    });
  }

  /** A `logs` frame of `entries` (its timestamp is the newest line's). */
  private encodeBatch(entries: readonly BatchEntry[]): Buffer {
    const last = entries[entries.length - 1];
    return this.encode({
      type: 'logs',
      timestamp: last?.line.timestamp ?? new Date().toISOString(),
      data: { lines: entries.map((e) => e.line) },
    });
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
