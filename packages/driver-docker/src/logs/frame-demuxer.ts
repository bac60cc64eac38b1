/** One frame of the engine's multiplexed stream. */
export interface StreamFrame {
  /** `stdout` or `stderr` (stdin frames, type 0, are reported as stdout). */
  stream: 'stdout' | 'stderr';
  /** The frame's payload. */
  data: Buffer;
}

const HEADER = 8;

/**
 * Splits the Engine API's multiplexed stream (logs and exec output without a TTY) into frames. Each frame
 * is an 8-byte header — `[type, 0, 0, 0, size (uint32 big-endian)]`, type 1 stdout, 2 stderr — then `size`
 * bytes. Frames may span chunks and chunks may hold many frames; {@link push} keeps the remainder.
 *
 * @example
 * ```ts
 * const demux = new FrameDemuxer();
 * for await (const chunk of socket) for (const f of demux.push(chunk)) console.log(f.stream, f.data);
 * ```
 */
export class FrameDemuxer {
  #buffer: Buffer = Buffer.alloc(0);

  /** Feeds bytes; returns every frame now complete. */
  push(chunk: Buffer): StreamFrame[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const frames: StreamFrame[] = [];
    let offset = 0;
    while (this.#buffer.length - offset >= HEADER) {
      const type = this.#buffer[offset];
      const size = this.#buffer.readUInt32BE(offset + 4);
      if (this.#buffer.length - offset - HEADER < size) break;
      const data = this.#buffer.subarray(offset + HEADER, offset + HEADER + size);
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', data });
      offset += HEADER + size;
    }
    this.#buffer = offset === 0 ? this.#buffer : this.#buffer.subarray(offset);
    return frames;
  }

  /** Bytes of an incomplete frame still held. */
  get pendingBytes(): number {
    return this.#buffer.length;
  }
}

/**
 * A pass-through "demuxer" for TTY streams (the engine sends raw bytes, all as stdout); same interface as
 * {@link FrameDemuxer}.
 */
export class RawDemuxer {
  /** Every chunk is one stdout frame. */
  push(chunk: Buffer): StreamFrame[] {
    return chunk.length === 0 ? [] : [{ stream: 'stdout', data: chunk }];
  }
  /** Always 0. */
  get pendingBytes(): number {
    return 0;
  }
}
