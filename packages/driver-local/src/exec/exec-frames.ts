/**
 * Frames of the exec protocol between the driver and a container's supervisor (one unix-socket connection
 * per exec): 1 byte type, 4 bytes big-endian body length, body. The supervisor's side is plain JS in
 * `supervisor/supervisor-source.ts` and must stay in step with this file.
 *
 * Driver → supervisor: `S` start (JSON `{argv, cwd, env}`), `I` stdin bytes, `E` end of stdin, `K` kill the
 * exec's process group. Supervisor → driver: `P` spawned (JSON `{pid}`), `O` stdout bytes, `R` stderr bytes,
 * `X` exited (JSON `{exitCode, signal}`), `F` the command could not be started (JSON `{error}`), `N` refused,
 * e.g. the container is no longer running (JSON `{error}`).
 */
export type ExecFrameType = 'S' | 'I' | 'E' | 'K' | 'P' | 'O' | 'R' | 'X' | 'F' | 'N';

/** Encodes one frame. */
export function encodeFrame(type: ExecFrameType, body: Uint8Array | string = ''): Buffer {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(data.length, 1);
  return Buffer.concat([head, data]);
}

/** Returns a chunk consumer that calls `onFrame` for every complete frame, in order. */
export function frameReader(onFrame: (type: string, body: Buffer) => void): (chunk: Buffer) => void {
  let buf: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= 5) {
      const len = buf.readUInt32BE(1);
      if (buf.length < 5 + len) break;
      const type = String.fromCharCode(buf[0] ?? 0);
      const body = buf.subarray(5, 5 + len);
      buf = buf.subarray(5 + len);
      onFrame(type, body);
    }
  };
}
