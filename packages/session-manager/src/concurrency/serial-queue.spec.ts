import { SerialQueue } from './serial-queue.js';

describe(SerialQueue.name, () => {
  describe('.run', () => {
    it('starts a task only after the previous one settled', async () => {
      const q = new SerialQueue();
      const log: string[] = [];
      let release: () => void = () => undefined;
      const first = q.run(
        () =>
          new Promise<void>((resolve) => {
            log.push('a:start');
            release = () => {
              log.push('a:end');
              resolve();
            };
          }),
      );
      const second = q.run(async () => {
        log.push('b:start');
      });
      await Promise.resolve();
      await Promise.resolve();
      expect(log).toEqual(['a:start']);
      expect(q.size).toBe(2);
      release();
      await Promise.all([first, second]);
      expect(log).toEqual(['a:start', 'a:end', 'b:start']);
    });

    it('keeps going after a failing task', async () => {
      const q = new SerialQueue();
      const failed = q.run(() => Promise.reject(new Error('boom')));
      const ok = q.run(() => Promise.resolve(7));
      await expect(failed).rejects.toThrow('boom');
      await expect(ok).resolves.toBe(7);
      await q.drain();
      expect(q.size).toBe(0);
    });
  });
});
