import { jest } from '@jest/globals';
import { InboundQueue } from './inbound-queue.js';

/** A promise with its resolver, to hold a task open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const settle = () => new Promise((r) => setImmediate(r));

describe(InboundQueue.name, () => {
  it('runs synchronous tasks at once, without using a slot', () => {
    const overflow = jest.fn();
    const queue = new InboundQueue({ maxMessages: 1, maxBytes: 10 }, overflow);
    const ran: number[] = [];
    for (let i = 0; i < 100; i++) queue.push(5, () => void ran.push(i));
    expect(ran).toHaveLength(100);
    expect(queue.peak).toBe(0);
    expect(overflow).not.toHaveBeenCalled();
  });

  it('runs the tasks after an asynchronous one in arrival order, once it settled', async () => {
    const queue = new InboundQueue({ maxMessages: 10, maxBytes: 1000 }, jest.fn());
    const ran: string[] = [];
    const slow = gate();
    queue.push(1, () => slow.promise.then(() => void ran.push('slow')));
    queue.push(1, () => void ran.push('a'));
    queue.push(1, () => Promise.resolve().then(() => void ran.push('b')));
    queue.push(1, () => void ran.push('c'));
    expect(ran).toEqual([]);
    expect(queue.pending).toBe(3);
    expect(queue.pendingBytes).toBe(3);
    slow.open();
    await settle();
    expect(ran).toEqual(['slow', 'a', 'b', 'c']);
    expect(queue.pending).toBe(0);
    expect(queue.pendingBytes).toBe(0);
  });

  it('keeps going after a task that throws or rejects', async () => {
    const queue = new InboundQueue({ maxMessages: 10, maxBytes: 1000 }, jest.fn());
    const ran: string[] = [];
    queue.push(1, () => Promise.reject(new Error('x')));
    queue.push(1, () => {
      throw new Error('y');
    });
    queue.push(1, () => void ran.push('after'));
    await settle();
    expect(ran).toEqual(['after']);
  });

  it.each([
    ['messages', { maxMessages: 3, maxBytes: 1000 }, 1],
    ['bytes', { maxMessages: 1000, maxBytes: 30 }, 10],
  ])('calls onOverflow once past the %s bound, then refuses everything', async (_what, limits, weight) => {
    const overflow = jest.fn();
    const queue = new InboundQueue(limits, overflow);
    const slow = gate();
    const ran: number[] = [];
    queue.push(weight, () => slow.promise);
    let accepted = 0;
    for (let i = 0; i < 50; i++) if (queue.push(weight, () => void ran.push(i))) accepted += 1;
    expect(accepted).toBe(3);
    expect(overflow).toHaveBeenCalledTimes(1);
    expect(queue.pending).toBe(0);
    slow.open();
    await settle();
    expect(ran).toEqual([]);
  });

  it('counts held background work against the bound until it settles, without blocking', async () => {
    const overflow = jest.fn();
    const queue = new InboundQueue({ maxMessages: 2, maxBytes: 1000 }, overflow);
    const a = gate();
    const b = gate();
    queue.hold(a.promise);
    queue.hold(b.promise);
    const ran: string[] = [];
    expect(queue.push(1, () => void ran.push('x'))).toBe(false);
    expect(overflow).toHaveBeenCalledTimes(1);

    const second = new InboundQueue({ maxMessages: 2, maxBytes: 1000 }, overflow);
    second.hold(a.promise);
    expect(second.push(1, () => void ran.push('y'))).toBe(true);
    expect(ran).toEqual(['y']);
    a.open();
    b.open();
    await settle();
    expect(second.pending).toBe(0);
  });
});
