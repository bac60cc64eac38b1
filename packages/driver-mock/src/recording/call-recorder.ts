/** One recorded driver call. */
export interface MockCall {
  /** Method name (`startContainer`, `exec`, `logs$` …). */
  operation: string;
  /** The arguments as passed. */
  args: unknown[];
  /** When the call was made. */
  at: Date;
  /** `pending` until the call settles (streams: until the subscription started or failed). */
  result: 'pending' | 'ok' | 'error';
  /** The error, when `result` is `error`. */
  error?: unknown;
}

/** Records every call of a {@link MockDriver} in order. */
export class CallRecorder {
  /** Every call so far, oldest first. */
  readonly calls: MockCall[] = [];

  /** Records the start of a call; settle it with {@link ok} or {@link fail}. */
  start(operation: string, args: unknown[]): MockCall {
    const call: MockCall = { operation, args, at: new Date(), result: 'pending' };
    this.calls.push(call);
    return call;
  }

  /** Marks a call successful. */
  ok(call: MockCall): void {
    call.result = 'ok';
  }

  /** Marks a call failed. */
  fail(call: MockCall, error: unknown): void {
    call.result = 'error';
    call.error = error;
  }

  /** Calls of one operation. */
  callsTo(operation: string): MockCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  /** Forgets every call. */
  reset(): void {
    this.calls.length = 0;
  }
}
