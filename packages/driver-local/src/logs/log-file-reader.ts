import type { FileHandle } from 'node:fs/promises';
import { type LogRecord, parseLogRecord } from './log-record.js';

const CHUNK = 64 * 1024;

/**
 * Offset at which the last `n` records matching `match` start, scanning the file backwards in 64 KiB
 * chunks (memory stays bounded however large the file is). 0 when fewer than `n` match.
 */
export async function findTailOffset(
  fh: FileHandle,
  size: number,
  n: number,
  match: (r: LogRecord) => boolean,
): Promise<number> {
  if (n <= 0) return size;
  let end = size;
  let carry = Buffer.alloc(0); // bytes after the last newline seen, belonging to a line that starts earlier
  let found = 0;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const buf = Buffer.alloc(end - start);
    await fh.read(buf, 0, buf.length, start);
    let data = Buffer.concat([buf, carry]);
    let lineEnd = data.length;
    // Walk complete lines from the back; the part before the first newline is carried to the next chunk.
    for (let i = data.length - 1; i >= 0; i--) {
      if (data[i] !== 0x0a || i === data.length - 1) continue;
      const rec = parseLogRecord(
        data
          .subarray(i + 1, lineEnd)
          .toString('utf8')
          .trimEnd(),
      );
      if (rec !== null && match(rec)) {
        found++;
        if (found === n) return start + i + 1;
      }
      lineEnd = i + 1;
    }
    carry = data.subarray(0, lineEnd);
    data = Buffer.alloc(0);
    end = start;
  }
  const rec = parseLogRecord(carry.toString('utf8').trimEnd());
  if (rec !== null && match(rec)) found++;
  return 0;
}

/**
 * Reads complete lines from `offset` to the current end of file and calls `onRecord` for each one,
 * chunk by chunk. Returns the offset just after the last complete line (a partial last line is left
 * for the next call). `shouldStop` is checked between records.
 */
export async function readRecordsFrom(
  fh: FileHandle,
  offset: number,
  onRecord: (r: LogRecord) => void,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  let pos = offset;
  let pending = Buffer.alloc(0);
  const buf = Buffer.alloc(CHUNK);
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, CHUNK, pos + pending.length);
    if (bytesRead === 0) return pos;
    const data = pending.length > 0 ? Buffer.concat([pending, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
    let lineStart = 0;
    for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, lineStart)) {
      const rec = parseLogRecord(data.subarray(lineStart, i).toString('utf8'));
      lineStart = i + 1;
      if (rec !== null) onRecord(rec);
      if (shouldStop()) return pos + lineStart;
    }
    pos += lineStart;
    pending = Buffer.from(data.subarray(lineStart));
  }
}
