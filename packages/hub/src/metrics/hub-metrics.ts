import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { ConnectionMeter } from '../clients/index.js';

/** Numbers the hub keeps; read by the metrics on scrape, so the hot path only bumps plain integers. */
export interface HubCounters {
  /** Frames written to clients. */
  framesSent: number;
  /** Frames dropped because a client was over its buffered limit. */
  framesDropped: number;
  /** Highest `bufferedAmount` of any client right after a write (bounded by the limit plus one frame). */
  peakBufferedBytes: number;
  /** Highest number of messages one client had waiting (bounded by `maxPendingMessages`). */
  peakPendingMessages: number;
}

/**
 * The hub's Prometheus metrics, in a per-hub {@link Registry} (never the global one), served on `/metrics`.
 */
export class HubMetrics implements ConnectionMeter {
  /** The registry `/metrics` serialises. */
  readonly registry = new Registry();
  /** Open client connections. */
  readonly connections: Gauge;
  /** Channels with an upstream or subscribers. */
  readonly channels: Gauge;
  /** Upstream driver/session streams open. */
  readonly upstreams: Gauge;
  /** Refused authentications, by reason. */
  readonly authFailures: Counter<'reason'>;
  /** Connections closed by the hub, by close code. */
  readonly closes: Counter<'code'>;
  /** Inbound messages, by type (`invalid` for rejected ones). */
  readonly inbound: Counter<'type'>;
  private readonly counters: HubCounters = {
    framesSent: 0,
    framesDropped: 0,
    peakBufferedBytes: 0,
    peakPendingMessages: 0,
  };

  /** @param options - `defaultMetrics` adds process metrics (CPU, memory, event loop lag). */
  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const counters = this.counters;
    this.connections = new Gauge({ name: 'berth_hub_connections', help: 'Open client connections', registers });
    this.channels = new Gauge({ name: 'berth_hub_channels', help: 'Active channels', registers });
    this.upstreams = new Gauge({ name: 'berth_hub_upstreams', help: 'Open upstream streams', registers });
    this.authFailures = new Counter({
      name: 'berth_hub_auth_failures_total',
      help: 'Refused authentications',
      labelNames: ['reason'],
      registers,
    });
    this.closes = new Counter({
      name: 'berth_hub_closes_total',
      help: 'Connections closed by the hub, by close code',
      labelNames: ['code'],
      registers,
    });
    this.inbound = new Counter({
      name: 'berth_hub_inbound_messages_total',
      help: 'Inbound messages by type',
      labelNames: ['type'],
      registers,
    });
    new Counter({
      name: 'berth_hub_messages_sent_total',
      help: 'Frames written to clients',
      registers,
      collect() {
        this.reset();
        this.inc(counters.framesSent);
      },
    });
    new Counter({
      name: 'berth_hub_messages_dropped_total',
      help: 'Frames dropped because a client was over its buffered limit',
      registers,
      collect() {
        this.reset();
        this.inc(counters.framesDropped);
      },
    });
    new Gauge({
      name: 'berth_hub_client_buffered_bytes_peak',
      help: 'Highest bytes buffered for one client right after a write',
      registers,
      collect() {
        this.set(counters.peakBufferedBytes);
      },
    });
    new Gauge({
      name: 'berth_hub_client_pending_messages_peak',
      help: 'Highest number of inbound messages one client had waiting',
      registers,
      collect() {
        this.set(counters.peakPendingMessages);
      },
    });
    if (options.defaultMetrics === true) collectDefaultMetrics({ register: this.registry, prefix: 'berth_hub_' });
  }

  /** {@inheritDoc ConnectionMeter.sent} */
  sent(n: number): void {
    this.counters.framesSent += n;
  }

  /** {@inheritDoc ConnectionMeter.dropped} */
  dropped(): void {
    this.counters.framesDropped += 1;
  }

  /** {@inheritDoc ConnectionMeter.buffered} */
  buffered(bytes: number): void {
    if (bytes > this.counters.peakBufferedBytes) this.counters.peakBufferedBytes = bytes;
  }

  /** Records a client's pending-message count (the peak is kept). */
  pending(messages: number): void {
    if (messages > this.counters.peakPendingMessages) this.counters.peakPendingMessages = messages;
  }

  /** A snapshot of the hot-path counters. */
  snapshot(): Readonly<HubCounters> {
    return { ...this.counters };
  }
}
