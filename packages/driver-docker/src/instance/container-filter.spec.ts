import { BERTH_LABELS } from '@berth/core';
import { describe, expect, it } from '@jest/globals';
import { containerLabelFilter, filterStates } from './container-filter.js';

describe('containerLabelFilter', () => {
  it("lists each label as key=value and the sessionId as Berth's session label", () => {
    expect(containerLabelFilter({ labels: { a: '1', b: '2' }, sessionId: 's1' })).toEqual([
      'a=1',
      'b=2',
      `${BERTH_LABELS.session}=s1`,
    ]);
  });

  it('is empty for a filter naming neither', () => {
    expect(containerLabelFilter({ name: 'x', state: 'running' })).toEqual([]);
  });
});

describe('filterStates', () => {
  it('answers one state as a list, a list as is, and undefined when the filter names none', () => {
    expect(filterStates({ state: 'exited' })).toEqual(['exited']);
    expect(filterStates({ state: ['created', 'running'] })).toEqual(['created', 'running']);
    expect(filterStates({})).toBeUndefined();
  });
});
