import { describe, expect, it } from '@jest/globals';
import { OutputCollector } from './code-result.js';

describe(OutputCollector.name, () => {
  it('keeps lines of both streams in arrival order, each ending with a newline', () => {
    const out = new OutputCollector();
    out.add('stdout', 'a');
    out.add('stderr', 'b');
    out.add('stdout', 'c');
    expect(out.text()).toBe('a\nb\nc\n');
  });

  it('is empty without lines', () => {
    expect(new OutputCollector().text()).toBe('');
  });
});
