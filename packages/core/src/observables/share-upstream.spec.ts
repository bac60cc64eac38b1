import { Observable } from 'rxjs';
import { shareUpstream } from './share-upstream.js';

/** An upstream that counts how often it was created and how many are open. */
function countingUpstream() {
  const counts = { created: 0, open: 0, torn: 0 };
  const emitters: Array<(v: number) => void> = [];
  const factory = () =>
    new Observable<number>((subscriber) => {
      counts.created += 1;
      counts.open += 1;
      emitters.push((v) => subscriber.next(v));
      return () => {
        counts.open -= 1;
        counts.torn += 1;
      };
    });
  return { counts, factory, emit: (v: number) => emitters.at(-1)?.(v) };
}

describe(shareUpstream.name, () => {
  it('does nothing until the first subscription', () => {
    const { counts, factory } = countingUpstream();
    shareUpstream(factory);
    expect(counts.created).toBe(0);
  });

  it('shares one upstream among concurrent subscribers', () => {
    const { counts, factory, emit } = countingUpstream();
    const shared$ = shareUpstream(factory);
    const a: number[] = [];
    const b: number[] = [];
    const subA = shared$.subscribe((v) => a.push(v));
    const subB = shared$.subscribe((v) => b.push(v));
    emit(1);
    expect(counts).toEqual({ created: 1, open: 1, torn: 0 });
    expect(a).toEqual([1]);
    expect(b).toEqual([1]);
    subA.unsubscribe();
    subB.unsubscribe();
  });

  it('tears the upstream down when the last subscriber leaves', () => {
    const { counts, factory } = countingUpstream();
    const shared$ = shareUpstream(factory);
    const subA = shared$.subscribe();
    const subB = shared$.subscribe();
    subA.unsubscribe();
    expect(counts.open).toBe(1);
    subB.unsubscribe();
    expect(counts).toEqual({ created: 1, open: 0, torn: 1 });
  });

  it('creates a fresh upstream on the next subscription', () => {
    const { counts, factory } = countingUpstream();
    const shared$ = shareUpstream(factory);
    shared$.subscribe().unsubscribe();
    const again = shared$.subscribe();
    expect(counts).toEqual({ created: 2, open: 1, torn: 1 });
    again.unsubscribe();
    expect(counts.open).toBe(0);
  });

  it('creates a fresh upstream after the previous one errored', () => {
    let created = 0;
    const shared$ = shareUpstream(
      () =>
        new Observable<number>((subscriber) => {
          created += 1;
          subscriber.error(new Error('boom'));
        }),
    );
    shared$.subscribe({ error: () => undefined });
    shared$.subscribe({ error: () => undefined });
    expect(created).toBe(2);
  });
});
