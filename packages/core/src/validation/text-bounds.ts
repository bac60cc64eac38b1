/**
 * Size of `s` in UTF-8 bytes, without encoding it. Stops counting once past `limit` (the result is then some
 * number above `limit`), so a 10 MiB string costs nothing when the bound is 4 KiB.
 */
export function utf8ByteLength(s: string, limit = Number.POSITIVE_INFINITY): number {
  // Every UTF-16 unit takes at least one UTF-8 byte, so a string longer than the limit is over it.
  if (s.length > limit) return s.length;
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair is one 4-byte code point
        i++;
      } else bytes += 3; // a lone surrogate is encoded as U+FFFD (3 bytes)
    } else bytes += 3;
    if (bytes > limit) return bytes;
  }
  return bytes;
}

/** Size of file or stdin content in bytes: a `Uint8Array`'s length, a string's UTF-8 size (see {@link utf8ByteLength}). */
export function contentByteLength(content: string | Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  return typeof content === 'string' ? utf8ByteLength(content, limit) : content.byteLength;
}

/** `s` cut to at most `max` characters, ending in `…` when cut (for echoing input back in error messages). */
export function truncateText(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * True for `{}`-like objects (plain, null-prototype, or plain from another realm): not arrays, Maps, Dates or
 * class instances. The same test zod's `z.record` applies.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = (ctor as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null && Object.hasOwn(proto, 'isPrototypeOf');
}
