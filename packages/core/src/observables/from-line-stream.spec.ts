import { PassThrough } from 'node:stream';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { DriverUnavailableError } from '../errors/index.js';
import { fromLineStream } from './from-line-stream.js';

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

describe(fromLineStream.name, () => {
  const streams: PassThrough[] = [];
  afterEach(() => {
    for (const s of streams.splice(0)) s.destroy();
  });

  it('reassembles lines split across chunks and flushes the last unterminated line', async () => {
    const lines = await lastValueFrom(fromLineStream(chunks('a\nb', 'c', '\n\nd')).pipe(toArray()));
    expect(lines).toEqual(['a', 'bc', '', 'd']);
  });

  it('decodes multi-byte characters split across byte chunks', async () => {
    const bytes = new TextEncoder().encode('€uro\nok\n');
    const lines = await lastValueFrom(
      fromLineStream(chunks(bytes.slice(0, 1), bytes.slice(1, 2), bytes.slice(2))).pipe(toArray()),
    );
    expect(lines).toEqual(['€uro', 'ok']);
  });

  it('drops the carriage return of CRLF line ends', async () => {
    const lines = await lastValueFrom(fromLineStream(chunks('a\r\nb\r', '\n')).pipe(toArray()));
    expect(lines).toEqual(['a', 'b']);
  });

  it('splits a line longer than maxLineLength in pieces (bounded, nothing dropped)', async () => {
    const lines = await lastValueFrom(fromLineStream(chunks('abcd', 'efg\nh'), { maxLineLength: 3 }).pipe(toArray()));
    expect(lines).toEqual(['abc', 'def', 'g', 'h']);
  });

  it('reads a Node readable stream', async () => {
    const stream = new PassThrough();
    streams.push(stream);
    const done = lastValueFrom(fromLineStream(stream).pipe(toArray()));
    stream.write('one\ntw');
    stream.end('o');
    expect(await done).toEqual(['one', 'two']);
  });

  it('destroys the stream on unsubscribe', async () => {
    const stream = new PassThrough();
    streams.push(stream);
    const first = firstValueFrom(fromLineStream(stream));
    stream.write('first\nsecond\n');
    expect(await first).toBe('first');
    expect(stream.destroyed).toBe(true);
  });

  it('errors with a typed BerthError when the stream fails', async () => {
    const stream = new PassThrough();
    streams.push(stream);
    const done = lastValueFrom(fromLineStream(stream, { operation: 'logs$', containerId: 'c1' }));
    stream.destroy(new Error('ECONNRESET'));
    const err = await done.catch((e: unknown) => e);
    expect(DriverUnavailableError.is(err)).toBe(true);
    expect((err as DriverUnavailableError).containerId).toBe('c1');
  });
});
