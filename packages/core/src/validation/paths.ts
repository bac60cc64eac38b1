import { z } from 'zod';
import { MAX_PATH_BYTES, MAX_PATH_COMPONENT_BYTES } from './limits.js';
import { utf8ByteLength } from './text-bounds.js';

/**
 * Why `p` is no usable path (empty, NUL, over {@link MAX_PATH_BYTES} or a component over
 * {@link MAX_PATH_COMPONENT_BYTES}), or `null` when it is fine. Says nothing about `..` or being absolute.
 */
export function pathProblem(p: string): string | null {
  if (p.length === 0) return 'must not be empty';
  if (utf8ByteLength(p, MAX_PATH_BYTES) > MAX_PATH_BYTES)
    return `is longer than MAX_PATH_BYTES (${MAX_PATH_BYTES} bytes)`;
  if (p.includes('\0')) return 'must not contain NUL';
  for (const part of p.split('/')) {
    if (utf8ByteLength(part, MAX_PATH_COMPONENT_BYTES) > MAX_PATH_COMPONENT_BYTES) {
      return `has a component longer than MAX_PATH_COMPONENT_BYTES (${MAX_PATH_COMPONENT_BYTES} bytes)`;
    }
  }
  return null;
}

/** Schema of a path inside a container or on the host: a string {@link pathProblem} finds nothing wrong with. */
export function pathSchema(what: string): z.ZodString {
  return z.string({ error: `${what} must be a string` }).superRefine((p, ctx) => {
    const problem = pathProblem(p);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
  });
}

/** Schema of an absolute path without `..` components (`workingDir`, volume targets), within the path bounds. */
export function absolutePathSchema(what: string): z.ZodType<string, string> {
  return pathSchema(what).superRefine((p, ctx) => {
    if (p.length === 0 || pathProblem(p) !== null) return; // already reported
    if (!p.startsWith('/')) ctx.addIssue({ code: 'custom', message: `${what} must be an absolute path` });
    else if (p.split('/').includes('..')) ctx.addIssue({ code: 'custom', message: `${what} must not contain '..'` });
  });
}
