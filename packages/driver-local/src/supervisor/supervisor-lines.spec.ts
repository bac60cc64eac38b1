import { createRequire } from 'node:module';
import { LineSplitter } from '@berth/core';
import { SUPERVISOR_SOURCE } from './supervisor-source.js';

interface SupervisorSplitter {
  push(chunk: Buffer): void;
  flush(): void;
}

/** The supervisor's own `lineSplitter` (it cannot import core), cut out of its source and run here. */
function supervisorLines(chunks: Buffer[], maxLine: number): string[] {
  const start = SUPERVISOR_SOURCE.indexOf('function lineSplitter(stream) {');
  const end = SUPERVISOR_SOURCE.indexOf('function sendFrame(');
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  const lines: string[] = [];
  const writeRecords = (_stream: string, out: string[]): void => {
    lines.push(...out);
  };
  const make = new Function(
    'MAX_LINE',
    'writeRecords',
    'require',
    `${SUPERVISOR_SOURCE.slice(start, end)}; return lineSplitter;`,
  ) as (max: number, write: typeof writeRecords, req: NodeJS.Require) => (stream: string) => SupervisorSplitter;
  const splitter = make(maxLine, writeRecords, createRequire(import.meta.url))('o');
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return lines;
}

function coreLines(chunks: Buffer[], maxLineLength: number): string[] {
  const splitter = new LineSplitter({ maxLineLength });
  return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.flush()];
}

const cases: [string, Buffer[]][] = [
  ['plain lines and a flushed last line', [Buffer.from('one\ntwo\nthr'), Buffer.from('ee')]],
  ['CRLF split across chunks, bare \\r kept', [Buffer.from('a\r\nb\r'), Buffer.from('\nc\rd\r')]],
  ['empty lines', [Buffer.from('\n\r\n\n')]],
  ['multi-byte characters split byte by byte', Array.from(Buffer.from('€😀\nx'), (b) => Buffer.of(b))],
  ['overlong line in pieces', [Buffer.from('0123456789abcdefXY\n')]],
  ['exactly the limit, then CRLF in the next chunk', [Buffer.from('01234567\r'), Buffer.from('\n')]],
  ['surrogate pair at the cut', [Buffer.from('1234567😀9\n')]],
  ['overlong without newline, flushed', [Buffer.from('x'.repeat(30))]],
];

describe('supervisor lineSplitter', () => {
  it.each(cases)('splits %s exactly as core LineSplitter does', (_name, chunks) => {
    const expected = coreLines(chunks, 8);
    expect(supervisorLines(chunks, 8)).toEqual(expected);
  });

  it('uses core MAX_LINE_LENGTH as its limit', () => {
    expect(SUPERVISOR_SOURCE).toMatch(/const MAX_LINE = 65536;/);
  });
});
