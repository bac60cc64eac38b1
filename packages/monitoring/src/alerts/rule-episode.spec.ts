import { RuleEpisode } from './rule-episode.js';

describe(RuleEpisode.name, () => {
  describe('.observe', () => {
    describe('when forMs is 0', () => {
      it('fires on the first sample where the condition holds, once per episode', () => {
        const e = new RuleEpisode(0, 0);
        expect([e.observe(0, false), e.observe(1, true), e.observe(2, true), e.observe(3, true)]).toEqual([
          'none',
          'fire',
          'none',
          'none',
        ]);
      });

      it('resolves when the condition stops holding, and fires again on the next episode', () => {
        const e = new RuleEpisode(0, 0);
        expect([e.observe(0, true), e.observe(1, false), e.observe(2, false), e.observe(3, true)]).toEqual([
          'fire',
          'resolve',
          'none',
          'fire',
        ]);
      });
    });

    describe('when forMs is set', () => {
      it('fires only once the condition has held for forMs', () => {
        const e = new RuleEpisode(1000, 0);
        expect([e.observe(0, true), e.observe(999, true), e.observe(1000, true)]).toEqual(['none', 'none', 'fire']);
      });

      it('starts over when the condition breaks while pending, without resolving', () => {
        const e = new RuleEpisode(1000, 0);
        expect([e.observe(0, true), e.observe(500, false), e.observe(600, true), e.observe(1500, true)]).toEqual([
          'none',
          'none',
          'none',
          'none',
        ]);
        expect(e.observe(1600, true)).toBe('fire');
      });
    });

    describe('when cooldownMs is set', () => {
      it('holds a new episode pending until the cooldown after the last firing has passed', () => {
        const e = new RuleEpisode(0, 10_000);
        expect([e.observe(0, true), e.observe(1000, false), e.observe(2000, true), e.observe(9999, true)]).toEqual([
          'fire',
          'resolve',
          'none',
          'none',
        ]);
        expect(e.observe(10_000, true)).toBe('fire');
      });
    });
  });

  describe('.end', () => {
    it('resolves a firing episode and is a no-op otherwise', () => {
      const e = new RuleEpisode(0, 0);
      expect(e.end()).toBe('none');
      e.observe(0, true);
      expect(e.end()).toBe('resolve');
      expect(e.phase).toBe('inactive');
    });
  });
});
