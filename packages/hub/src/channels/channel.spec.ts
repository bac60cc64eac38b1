import { describe, expect, it } from '@jest/globals';
import type { ClientConnection } from '../clients/index.js';
import { Channel } from './channel.js';

/** A subscriber that records the log texts it was sent (the part of ClientConnection a Channel calls). */
function recorder(): { client: ClientConnection; texts: string[] } {
  const texts: string[] = [];
  const take = (frame: Buffer): boolean => {
    const msg = JSON.parse(frame.toString()) as { type: string; data?: { text?: string } };
    if (msg.type === 'log' && msg.data?.text !== undefined) texts.push(msg.data.text);
    return true;
  };
  return { client: { sendFrame: take } as unknown as ClientConnection, texts };
}

const at = (iso: string) => new Date(iso);

describe(Channel.name, () => {
  describe('.add with since', () => {
    it('does not send live lines older than a time since (the upstream replaying history to a first subscriber)', () => {
      const channel = new Channel('c', { containerID: 'c' }, 100);
      const sub = recorder();
      channel.add(sub.client, { since: '2026-12-01T10:00:00.000Z' });
      channel.log({ stream: 'stdout', text: 'old', timestamp: at('2026-12-01T09:59:59.000Z') });
      channel.log({ stream: 'stdout', text: 'new', timestamp: at('2026-12-01T10:00:01.000Z') });
      expect(sub.texts).toEqual(['new']);
    });

    it('does not send live lines at or before a sequence since', () => {
      const channel = new Channel('c', { containerID: 'c' }, 100);
      const sub = recorder();
      channel.add(sub.client, { since: 2 });
      for (const text of ['1', '2', '3']) channel.log({ stream: 'stdout', text });
      expect(sub.texts).toEqual(['3']);
    });

    it('replays ring lines after since, then sends live lines, each once', () => {
      const channel = new Channel('c', { containerID: 'c' }, 100);
      for (const text of ['1', '2', '3']) channel.log({ stream: 'stdout', text });
      const sub = recorder();
      channel.add(sub.client, { since: 1 });
      channel.log({ stream: 'stdout', text: '4' });
      expect(sub.texts).toEqual(['2', '3', '4']);
    });

    it('sends every live line to a subscriber without since', () => {
      const channel = new Channel('c', { containerID: 'c' }, 100);
      const sub = recorder();
      channel.add(sub.client);
      channel.log({ stream: 'stderr', text: 'a', timestamp: at('2000-01-01T00:00:00.000Z') });
      expect(sub.texts).toEqual(['a']);
    });
  });
});
