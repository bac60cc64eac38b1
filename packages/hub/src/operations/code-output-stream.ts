import type { OutgoingMessage } from '../protocol/index.js';

/** Bounds of the `codeOutput` frames of one run. */
export interface CodeOutputLimits {
  /** Most characters of one frame's `text`; longer pieces are cut into several frames. Default 16 KiB. */
  frameChars: number;
  /** Most characters streamed per run (both streams); past it pieces are dropped and counted. Default 1 MiB. */
  runChars: number;
  /** How long pieces are coalesced before a frame goes out, ms. Default 25. */
  coalesceMs: number;
}

/** Default {@link CodeOutputLimits}. */
export const CODE_OUTPUT_LIMITS: Readonly<CodeOutputLimits> = Object.freeze({
  frameChars: 16 * 1024,
  runChars: 1024 * 1024,
  coalesceMs: 25,
});

/** What a run streamed, reported in its `codeResult` as `streamed`. */
export interface CodeOutputSummary {
  /** `codeOutput` frames sent. */
  frames: number;
  /** Characters not streamed (over {@link CodeOutputLimits.runChars}); the result's `stdout`/`stderr` still hold them (bounded). */
  droppedChars: number;
}

/** Where the frames of a run go, and how they are addressed. */
export interface CodeOutputTarget {
  /** Sends one frame on the requesting connection (its bounded send path). */
  send(message: OutgoingMessage): void;
  /** The run's session. */
  sessionId: string;
  /** The request's id, echoed in every frame. */
  requestId?: string | undefined;
  /** The context the run is in, when it is a context run. */
  contextId?: string | undefined;
}

/**
 * The `codeOutput` frames of one run: pieces of stdout/stderr are coalesced per stream for up to
 * `coalesceMs` (and flushed when a frame is full or the other stream speaks, so the order of the streams is
 * kept), cut to `frameChars` per frame and bounded to `runChars` per run. {@link finish} flushes what is left,
 * so every frame precedes the run's `codeResult`; nothing is sent after it.
 *
 * @example
 * ```ts
 * const out = new CodeOutputStream({ send, sessionId, requestId: 'r1' });
 * await sessions.executeCode(sessionId, { language: 'python', code, onStdout: (t) => out.push('stdout', t) });
 * const streamed = out.finish(); // { frames, droppedChars }
 * ```
 */
export class CodeOutputStream {
  private buffered = '';
  private bufferedStream: 'stdout' | 'stderr' = 'stdout';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private streamedChars = 0;
  private droppedChars = 0;
  private finished = false;
  private readonly limits: CodeOutputLimits;

  /** @param target - connection and address. @param limits - bounds (defaults: {@link CODE_OUTPUT_LIMITS}). */
  constructor(
    private readonly target: CodeOutputTarget,
    limits: Partial<CodeOutputLimits> = {},
  ) {
    this.limits = { ...CODE_OUTPUT_LIMITS, ...limits };
  }

  /** A piece of the run's output. */
  push(stream: 'stdout' | 'stderr', text: string): void {
    if (this.finished || text === '') return;
    const room = this.limits.runChars - this.streamedChars;
    const kept = text.length <= room ? text : text.slice(0, Math.max(0, room));
    this.droppedChars += text.length - kept.length;
    if (kept === '') return;
    this.streamedChars += kept.length;
    if (this.buffered !== '' && this.bufferedStream !== stream) this.flush();
    this.bufferedStream = stream;
    this.buffered += kept;
    while (this.buffered.length >= this.limits.frameChars) this.sendFrame(this.limits.frameChars);
    if (this.buffered === '') return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.limits.coalesceMs);
  }

  /** Sends what is buffered; no frame is sent afterwards. */
  finish(): CodeOutputSummary {
    this.flush();
    this.finished = true;
    return { frames: this.seq, droppedChars: this.droppedChars };
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffered !== '') this.sendFrame(this.limits.frameChars);
  }

  private sendFrame(max: number): void {
    let cut = Math.min(max, this.buffered.length);
    // never split a surrogate pair across two frames
    if (cut > 1 && cut < this.buffered.length && isHighSurrogate(this.buffered.charCodeAt(cut - 1))) cut -= 1;
    const text = this.buffered.slice(0, cut);
    this.buffered = this.buffered.slice(cut);
    this.seq += 1;
    const { sessionId, requestId, contextId } = this.target;
    this.target.send({
      type: 'codeOutput',
      sessionId,
      data: {
        seq: this.seq,
        stream: this.bufferedStream,
        text,
        ...(contextId === undefined ? {} : { contextId }),
        ...(requestId === undefined ? {} : { requestId }),
      },
    });
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
