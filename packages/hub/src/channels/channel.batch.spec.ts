import { describe, expect, it } from '@jest/globals';
import type { ClientConnection } from '../clients/index.js';
import { Channel } from './channel.js';
import type { BatchScheduler } from './log-batch.js';

interface Frame {
  type: string;
  data: { text?: string; message?: string; lines?: { seq: number; text: string; level?: string }[] };
}

/** A subscriber recording every frame and the message count each was sent with. */
function recorder(): { client: ClientConnection; frames: Frame[]; counts: number[] } {
  const frames: Frame[] = [];
  const counts: number[] = [];
  const sendFrame = (frame: Buffer, messages = 1): boolean => {
    frames.push(JSON.parse(frame.toString()) as Frame);
    counts.push(messages);
    return true;
  };
  return { client: { sendFrame } as unknown as ClientConnection, frames, counts };
}

/** A scheduler the test runs by hand (`run()`): no timers, no clock. */
function manualScheduler(): { schedule: BatchScheduler; run: () => void; pending: () => number } {
  let queued: (() => void)[] = [];
  return {
    schedule: (fn) => {
      queued.push(fn);
      return () => {
        queued = queued.filter((f) => f !== fn);
      };
    },
    run: () => {
      const now = queued;
      queued = [];
      for (const fn of now) fn();
    },
    pending: () => queued.length,
  };
}

const texts = (frames: Frame[]): string[] => frames.flatMap((f) => (f.data.lines ?? []).map((l) => l.text));
const types = (frames: Frame[]): string[] => frames.map((f) => f.type);

describe(`${Channel.name} with batching subscribers`, () => {
  const make = (limits = { maxLines: 1000, maxChars: 1 << 20 }) => {
    const timer = manualScheduler();
    const channel = new Channel('c', { containerID: 'c', hostId: 'h' }, 100, Number.POSITIVE_INFINITY, {
      limits,
      schedule: timer.schedule,
    });
    return { channel, timer };
  };

  describe('.log', () => {
    it('sends a burst of lines as one logs frame once the burst ends, each text once', () => {
      const { channel, timer } = make();
      const sub = recorder();
      channel.add(sub.client, { batch: true });
      for (const text of ['1', '2', '3']) channel.log({ stream: 'stdout', text });
      expect(types(sub.frames)).toEqual(['subscribed']);
      timer.run();
      expect(types(sub.frames)).toEqual(['subscribed', 'logs']);
      expect(sub.frames[1]?.data.lines).toEqual([
        expect.objectContaining({ seq: 1, stream: 'stdout', text: '1' }),
        expect.objectContaining({ seq: 2, text: '2' }),
        expect.objectContaining({ seq: 3, text: '3' }),
      ]);
      expect(JSON.stringify(sub.frames[1])).not.toContain('"message"');
      expect(sub.counts[1]).toBe(3);
    });

    it('sends a batch at once when it reaches its line bound', () => {
      const { channel, timer } = make({ maxLines: 2, maxChars: 1 << 20 });
      const sub = recorder();
      channel.add(sub.client, { batch: true });
      for (const text of ['1', '2', '3']) channel.log({ stream: 'stdout', text });
      expect(sub.frames.filter((f) => f.type === 'logs').map((f) => f.data.lines?.length)).toEqual([2]);
      timer.run();
      expect(texts(sub.frames)).toEqual(['1', '2', '3']);
    });

    it('gives level only when it is not the stream default', () => {
      const { channel, timer } = make();
      const sub = recorder();
      channel.add(sub.client, { batch: true });
      channel.log({ stream: 'stdout', text: 'a' });
      channel.log({ stream: 'stderr', text: 'b', level: 'error' });
      channel.log({ stream: 'stdout', text: 'c', level: 'warn' });
      timer.run();
      expect(sub.frames[1]?.data.lines?.map((l) => l.level)).toEqual([undefined, undefined, 'warn']);
    });

    it('keeps sending one log frame a line, with the seed’s message, to subscribers without batch', () => {
      const { channel, timer } = make();
      const lines = recorder();
      const batched = recorder();
      channel.add(lines.client);
      channel.add(batched.client, { batch: true });
      channel.log({ stream: 'stdout', text: 'x' });
      timer.run();
      expect(types(lines.frames)).toEqual(['subscribed', 'log']);
      expect(lines.frames[1]?.data).toEqual(expect.objectContaining({ text: 'x', message: 'x', level: 'info' }));
      expect(texts(batched.frames)).toEqual(['x']);
    });

    it('replays lines logged while only batching subscribers were there as log frames to a later one without batch', () => {
      const { channel, timer } = make();
      channel.add(recorder().client, { batch: true });
      for (const text of ['1', '2']) channel.log({ stream: 'stdout', text });
      timer.run();
      const late = recorder();
      expect(channel.add(late.client, { since: 0 })).toBe(2);
      expect(late.frames.slice(1).map((f) => [f.type, f.data.text, f.data.message])).toEqual([
        ['log', '1', '1'],
        ['log', '2', '2'],
      ]);
    });

    it('collects nothing while no subscriber batches', () => {
      const { channel, timer } = make();
      channel.add(recorder().client);
      channel.log({ stream: 'stdout', text: 'x' });
      expect(timer.pending()).toBe(0);
    });
  });

  describe('ordering', () => {
    it('sends the batched lines before a status, a complete and a later subscriber’s replay', () => {
      const { channel } = make();
      const sub = recorder();
      channel.add(sub.client, { batch: true });
      channel.log({ stream: 'stdout', text: '1' });
      channel.status('completed', { exitCode: 0 });
      channel.log({ stream: 'stdout', text: '2' });
      channel.control({ type: 'complete', data: {} });
      expect(types(sub.frames)).toEqual(['subscribed', 'logs', 'status', 'logs', 'complete']);
      expect(texts(sub.frames)).toEqual(['1', '2']);
    });

    it('sends what waits to a subscriber that leaves, and nothing after', () => {
      const { channel, timer } = make();
      const sub = recorder();
      channel.add(sub.client, { batch: true });
      channel.log({ stream: 'stdout', text: '1' });
      channel.remove(sub.client);
      channel.log({ stream: 'stdout', text: '2' });
      timer.run();
      expect(texts(sub.frames)).toEqual(['1']);
    });
  });

  describe('.add with since', () => {
    it('replays the ring as logs frames within the bounds, then live lines, each once', () => {
      const { channel, timer } = make({ maxLines: 2, maxChars: 1 << 20 });
      for (const text of ['1', '2', '3', '4', '5']) channel.log({ stream: 'stdout', text });
      const sub = recorder();
      expect(channel.add(sub.client, { since: 0, batch: true })).toBe(5);
      channel.log({ stream: 'stdout', text: '6' });
      timer.run();
      expect(sub.frames.filter((f) => f.type === 'logs').map((f) => f.data.lines?.length)).toEqual([2, 2, 1, 1]);
      expect(texts(sub.frames)).toEqual(['1', '2', '3', '4', '5', '6']);
    });

    it('does not send lines a batching subscriber’s since excludes, while another gets them all', () => {
      const { channel, timer } = make();
      const late = recorder();
      const all = recorder();
      channel.add(late.client, { since: 2, batch: true });
      channel.add(all.client, { batch: true });
      for (const text of ['1', '2', '3']) channel.log({ stream: 'stdout', text });
      timer.run();
      expect(texts(late.frames)).toEqual(['3']);
      expect(texts(all.frames)).toEqual(['1', '2', '3']);
    });
  });
});
