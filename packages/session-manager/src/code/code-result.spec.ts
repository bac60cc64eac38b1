import { describe, expect, it } from '@jest/globals';
import { OutputCollector } from './code-result.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe(OutputCollector.name, () => {
  it('keeps the chunks of both streams in arrival order, as written', () => {
    const out = new OutputCollector();
    out.add({ stream: 'stdout', data: bytes('a\n') });
    out.add({ stream: 'stderr', data: bytes('b\n') });
    out.add({ stream: 'stdout', data: bytes('c') });
    expect(out.text()).toBe('a\nb\nc');
  });

  it('joins a character split across two chunks of one stream', () => {
    const euro = bytes('€'); // 3 bytes
    const out = new OutputCollector();
    out.add({ stream: 'stdout', data: euro.slice(0, 1) });
    out.add({ stream: 'stdout', data: euro.slice(1) });
    expect(out.text()).toBe('€');
  });

  it('is empty without output', () => {
    expect(new OutputCollector().text()).toBe('');
  });
});
