import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { OutgoingMessage } from '../protocol/index.js';
import { CodeOutputStream } from './code-output-stream.js';

type Sent = { seq: number; stream: string; text: string; requestId?: string; contextId?: string };

describe(CodeOutputStream.name, () => {
  let sent: Sent[];
  const send = (m: OutgoingMessage): void => {
    expect(m).toMatchObject({ type: 'codeOutput', sessionId: 's' });
    sent.push(m.data as Sent);
  };

  beforeEach(() => {
    sent = [];
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  describe('.push', () => {
    it('coalesces pieces of one stream until coalesceMs has passed, then sends one frame', () => {
      const out = new CodeOutputStream({ send, sessionId: 's', requestId: 'r1' }, { coalesceMs: 25 });
      out.push('stdout', 'a');
      out.push('stdout', 'b');
      expect(sent).toEqual([]);
      jest.advanceTimersByTime(25);
      expect(sent).toEqual([{ seq: 1, stream: 'stdout', text: 'ab', requestId: 'r1' }]);
    });

    it('flushes when the other stream speaks, so the order of the two streams is kept', () => {
      const out = new CodeOutputStream({ send, sessionId: 's', contextId: 'c' });
      out.push('stdout', 'o1');
      out.push('stderr', 'e1');
      out.push('stdout', 'o2');
      out.finish();
      expect(sent.map((f) => `${f.seq}:${f.stream}:${f.text}:${f.contextId}`)).toEqual([
        '1:stdout:o1:c',
        '2:stderr:e1:c',
        '3:stdout:o2:c',
      ]);
    });

    it('cuts frames to frameChars without splitting a surrogate pair, and drops (and counts) past runChars', () => {
      const out = new CodeOutputStream({ send, sessionId: 's' }, { frameChars: 4, runChars: 10 });
      out.push('stdout', 'abc😀def'); // 😀 is two UTF-16 units at index 3-4
      out.push('stdout', 'ghijkl');
      const summary = out.finish();
      expect(sent.map((f) => f.text)).toEqual(['abc', '😀de', 'fgh']);
      expect(sent.every((f) => f.text.length <= 4)).toBe(true);
      expect(summary).toEqual({ frames: 3, droppedChars: 4 });
    });
  });

  describe('.finish', () => {
    it('sends what is buffered at once and nothing afterwards (no frame after the result)', () => {
      const out = new CodeOutputStream({ send, sessionId: 's' });
      out.push('stderr', 'tail');
      expect(out.finish()).toEqual({ frames: 1, droppedChars: 0 });
      out.push('stdout', 'late');
      jest.advanceTimersByTime(1000);
      expect(sent.map((f) => f.text)).toEqual(['tail']);
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
