import { eventually } from '@berth/core/testing';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { Observable } from 'rxjs';
import { holdDriverUpstream } from './driver-upstream.js';

const log = pino({ level: 'silent' });

/** A driver stream that fails its first `failures` subscriptions, then emits `value` and stays open. */
function flaky(failures: number, value: string): { source: Observable<string>; subscriptions: () => number } {
  let subscriptions = 0;
  const source = new Observable<string>((subscriber) => {
    subscriptions += 1;
    if (subscriptions <= failures) subscriber.error(new Error(`refused ${subscriptions}`));
    else subscriber.next(value);
  });
  return { source, subscriptions: () => subscriptions };
}

describe(holdDriverUpstream.name, () => {
  it('re-subscribes a failing stream until it delivers, keeping the last error', async () => {
    const stream = flaky(2, 'event');
    const got: string[] = [];
    const up = holdDriverUpstream(stream.source, { hostId: 'h1', label: 'events$', log, retryDelayMs: 1 }, (v) =>
      got.push(v),
    );
    await eventually(() => expect(got).toEqual(['event']));
    expect(stream.subscriptions()).toBe(3);
    expect((up.lastError() as Error).message).toBe('refused 2');
    up.sub.unsubscribe();
  });

  it("is open when the driver's opened resolves, and says so", async () => {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const up = holdDriverUpstream(
      Object.assign(new Observable<string>(), { opened }),
      { hostId: 'h1', label: 'engineEvents$', log },
      () => undefined,
    );
    expect(up.isOpen()).toBe(false);
    open();
    await up.opened;
    expect(up.isOpen()).toBe(true);
    up.sub.unsubscribe();
  });

  it('settles opened when released before the driver opened, without calling it open', async () => {
    const never = Object.assign(new Observable<string>(), { opened: new Promise<void>(() => undefined) });
    const up = holdDriverUpstream(never, { hostId: 'h1', label: 'events$', log }, () => undefined);
    up.sub.unsubscribe();
    await up.opened;
    expect(up.isOpen()).toBe(false);
  });

  it('takes a stream without opened as open once subscribed', async () => {
    const up = holdDriverUpstream(new Observable<string>(), { hostId: 'h1', label: 'events$', log }, () => undefined);
    await up.opened;
    expect(up.isOpen()).toBe(true);
    up.sub.unsubscribe();
  });
});
