import type { ContextRunError, MimeBundle } from './context-result.js';

/**
 * One framed event of a context interpreter (the text after the delimiter):
 * `ready`, `<id> out|err <b64>` (a piece of output, live), `<id> display <mime>=<b64> …` (a MIME bundle),
 * `<id> done <exit> <b64 text> <b64 name> <b64 value> <b64 traceback>` (`-` = absent/empty).
 */
export type ContextEvent =
  | { kind: 'ready' }
  | { kind: 'out' | 'err'; id: number; text: string }
  | { kind: 'display'; id: number; bundle: MimeBundle }
  | { kind: 'done'; id: number; exitCode: number; text?: string; error?: ContextRunError };

const fromBase64 = (s: string | undefined): string =>
  s === undefined || s === '-' ? '' : Buffer.from(s, 'base64').toString('utf8');

const MIME_PATTERN = /^[a-z]+\/[a-z0-9.+-]+$/;

/** Parses one framed event line, or `null` when it is none (ignored by the caller). */
export function parseContextEvent(line: string): ContextEvent | null {
  const parts = line.split(' ');
  if (parts[0] === 'ready') return { kind: 'ready' };
  const id = Number(parts[0]);
  if (!Number.isSafeInteger(id)) return null;
  switch (parts[1]) {
    case 'out':
    case 'err':
      return { kind: parts[1], id, text: fromBase64(parts[2]) };
    case 'display': {
      const bundle: MimeBundle = {};
      for (const item of parts.slice(2)) {
        const eq = item.indexOf('=');
        const mime = item.slice(0, eq);
        if (eq > 0 && MIME_PATTERN.test(mime)) bundle[mime] = fromBase64(item.slice(eq + 1));
      }
      return { kind: 'display', id, bundle };
    }
    case 'done': {
      const exitCode = Number(parts[2]);
      if (!Number.isSafeInteger(exitCode)) return null;
      const event: ContextEvent = { kind: 'done', id, exitCode };
      if (parts[3] !== undefined && parts[3] !== '-') event.text = fromBase64(parts[3]);
      if (parts[4] !== undefined && parts[4] !== '-') {
        event.error = { name: fromBase64(parts[4]), value: fromBase64(parts[5]), traceback: fromBase64(parts[6]) };
      }
      return event;
    }
    default:
      return null;
  }
}

/** A run request line: `<id> run <timeoutMs> <base64 code>\n` (the interpreter interrupts itself where it can). */
export function encodeRunRequest(id: number, code: string, timeoutMs: number): string {
  return `${id} run ${timeoutMs} ${Buffer.from(code, 'utf8').toString('base64') || '-'}\n`;
}

/** An interrupt request line: `<id> interrupt\n` (SIGINT to the interpreter's main thread when run `id` is running). */
export function encodeInterruptRequest(id: number): string {
  return `${id} interrupt\n`;
}
