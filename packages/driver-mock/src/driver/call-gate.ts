import { DriverUnavailableError, raceAbort } from '@berth/core';
import { Observable, type Subscriber } from 'rxjs';
import type { MockFaults } from '../faults/mock-faults.js';
import type { CallRecorder } from '../recording/call-recorder.js';
import type { TimerHandle, TimerRegistry } from '../timers/timer-registry.js';

const noop = (): void => undefined;

/** The abort signal of an options argument; tolerant of `null` or non-object options, which validation reports. */
export function signalOf(opts: unknown): AbortSignal | undefined {
  if (typeof opts !== 'object' || opts === null) return undefined;
  const signal = (opts as { signal?: unknown }).signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/** What a {@link CallGate} records to and applies. */
export interface CallGateDeps {
  /** Where every call is recorded (`mock.calls`). */
  recorder: CallRecorder;
  /** Injected latency, failures and down mode (`mock.faults`). */
  faults: MockFaults;
  /** Timers (injected latency). */
  timers: TimerRegistry;
}

/**
 * The way every driver operation goes, in order: recorded, validated by its precheck (client-side, before any
 * fault), refused once the driver is closed, delayed or failed by injected faults, then run — racing the
 * caller's abort signal. Streams get the same at subscription, and error when the engine goes down.
 */
export class CallGate {
  readonly #recorder: CallRecorder;
  readonly #faults: MockFaults;
  readonly #timers: TimerRegistry;
  readonly #liveStreams = new Set<Subscriber<unknown>>();
  #closed = false;

  /**
   * @param deps - recorder, faults and timers.
   */
  constructor(deps: CallGateDeps) {
    this.#recorder = deps.recorder;
    this.#faults = deps.faults;
    this.#timers = deps.timers;
  }

  /** `true` after {@link close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Records a call, then: `precheck` (client-side validation, before any fault), injected faults
   * (latency, failure, down), and the body `precheck` returned.
   */
  async call<T>(
    operation: string,
    args: unknown[],
    signal: AbortSignal | undefined,
    precheck: () => () => T | Promise<T>,
  ): Promise<T> {
    const call = this.#recorder.start(operation, args);
    try {
      const body = precheck();
      const result = await raceAbort(this.#perform(operation, signal, body), signal);
      this.#recorder.ok(call);
      return result;
    } catch (err) {
      this.#recorder.fail(call, err);
      throw err;
    }
  }

  /**
   * A cold stream with faults applied at subscription, erroring when the engine goes down; `body` starts it and
   * returns its teardown. Once closed, a new subscription completes at once.
   */
  stream<T>(operation: string, args: unknown[], body: (subscriber: Subscriber<T>) => () => void): Observable<T> {
    return new Observable<T>((subscriber) => {
      const call = this.#recorder.start(operation, args);
      if (this.#closed) {
        this.#recorder.ok(call);
        subscriber.complete();
        return noop;
      }
      let teardown: () => void = noop;
      let timer: TimerHandle | undefined;
      this.#liveStreams.add(subscriber as Subscriber<unknown>);
      const down = this.#faults.downChanges$.subscribe((isDown) => {
        const error = isDown ? this.#faults.downError(operation) : undefined;
        if (error !== undefined) subscriber.error(error);
      });
      const begin = (): void => {
        timer = undefined;
        if (decision.error !== undefined) {
          this.#recorder.fail(call, decision.error);
          subscriber.error(decision.error);
          return;
        }
        try {
          teardown = body(subscriber);
          this.#recorder.ok(call);
        } catch (err) {
          this.#recorder.fail(call, err);
          subscriber.error(err);
        }
      };
      const decision = this.#faults.decide(operation);
      if (decision.delayMs > 0) timer = this.#timers.setTimeout(begin, decision.delayMs);
      else begin();
      return () => {
        this.#timers.clearTimeout(timer);
        down.unsubscribe();
        teardown();
        this.#liveStreams.delete(subscriber as Subscriber<unknown>);
      };
    });
  }

  /** Refuses later calls (`DriverUnavailableError`) and completes every live stream. Idempotent. */
  close(): void {
    this.#closed = true;
    for (const subscriber of [...this.#liveStreams]) subscriber.complete();
    this.#liveStreams.clear();
  }

  async #perform<T>(operation: string, signal: AbortSignal | undefined, body: () => T | Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    if (this.#closed) throw new DriverUnavailableError(`mock driver is disposed (${operation})`, { operation });
    const decision = this.#faults.decide(operation);
    if (decision.delayMs > 0) await this.#timers.delay(decision.delayMs, signal);
    if (decision.error !== undefined) throw decision.error;
    return await body();
  }
}
