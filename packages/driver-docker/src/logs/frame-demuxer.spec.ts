import { FrameDemuxer, RawDemuxer } from './frame-demuxer.js';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe(FrameDemuxer.name, () => {
  describe('.push', () => {
    it('splits stdout and stderr frames from one chunk', () => {
      const frames = new FrameDemuxer().push(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]));
      expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
        ['stdout', 'out\n'],
        ['stderr', 'err\n'],
      ]);
    });
    it('reassembles a frame whose header and payload arrive in pieces', () => {
      const bytes = Buffer.concat([frame(2, 'hello world'), frame(1, 'x')]);
      const demux = new FrameDemuxer();
      const got: string[] = [];
      for (let i = 0; i < bytes.length; i += 3) {
        for (const f of demux.push(bytes.subarray(i, i + 3))) got.push(`${f.stream}:${f.data}`);
      }
      expect(got).toEqual(['stderr:hello world', 'stdout:x']);
      expect(demux.pendingBytes).toBe(0);
    });
    it('keeps binary payloads intact', () => {
      const payload = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
      const header = Buffer.from([1, 0, 0, 0, 0, 0, 0, payload.length]);
      const [f] = new FrameDemuxer().push(Buffer.concat([header, payload]));
      expect(f?.data.equals(payload)).toBe(true);
    });
  });
});

describe(RawDemuxer.name, () => {
  it('passes TTY bytes through as stdout', () => {
    expect(new RawDemuxer().push(Buffer.from('a\r\n')).map((f) => f.stream)).toEqual(['stdout']);
  });
});
