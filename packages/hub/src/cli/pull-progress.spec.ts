import { Writable } from 'node:stream';
import { PullProgressBar } from './pull-progress.js';

function sink(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  (stream as { isTTY?: boolean }).isTTY = tty;
  return { stream, text: () => out };
}

describe(PullProgressBar.name, () => {
  describe('.update', () => {
    it('draws one bar with the percentage of all layers on a TTY', () => {
      const { stream, text } = sink(true);
      const bar = new PullProgressBar(stream);
      bar.update({ image: 'busybox', status: 'Downloading', layer: 'a', current: 50, total: 100 });
      bar.update({ image: 'busybox', status: 'Downloading', layer: 'b', current: 100, total: 100 });
      expect(text()).toContain(' 75% ');
      expect(text()).toContain('\r');
    });
    it('prints a line per status change when not a TTY', () => {
      const { stream, text } = sink(false);
      const bar = new PullProgressBar(stream);
      bar.update({ image: 'busybox', status: 'Pulling fs layer', layer: 'a' });
      bar.update({ image: 'busybox', status: 'Pulling fs layer', layer: 'b' });
      bar.update({ image: 'busybox', status: 'Download complete', layer: 'a' });
      expect(text()).toBe('busybox: Pulling fs layer\nbusybox: Download complete\n');
    });
  });
});
