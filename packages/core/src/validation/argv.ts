import { z } from 'zod';
import { MAX_ARG_STRING_BYTES, MAX_ARGV_BYTES, MAX_ARGV_ITEMS } from './limits.js';
import { utf8ByteLength } from './text-bounds.js';

function checkArgv(value: unknown, ctx: z.RefinementCtx, what: string): void {
  const add = (path: PropertyKey[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  if (!Array.isArray(value)) {
    add([], `${what} must be an array of strings`);
    return;
  }
  if (value.length === 0) {
    add([], `${what} must not be empty`);
    return;
  }
  if (value.length > MAX_ARGV_ITEMS) {
    add([], `${what} has ${value.length} items, more than MAX_ARGV_ITEMS (${MAX_ARGV_ITEMS})`);
    return;
  }
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    const arg: unknown = value[i];
    if (typeof arg !== 'string') {
      add([i], `${what} items must be strings`);
      continue;
    }
    const bytes = utf8ByteLength(arg, MAX_ARG_STRING_BYTES) + 1; // with its NUL, as execve gets it
    if (bytes > MAX_ARG_STRING_BYTES) {
      add([i], `${what} item is larger than MAX_ARG_STRING_BYTES (${MAX_ARG_STRING_BYTES} bytes)`);
    } else if (arg.includes('\0')) {
      add([i], `${what} must not contain NUL`);
    }
    total += Math.min(bytes, MAX_ARG_STRING_BYTES);
  }
  if (total > MAX_ARGV_BYTES) add([], `${what} takes ${total} bytes, more than MAX_ARGV_BYTES (${MAX_ARGV_BYTES})`);
}

/**
 * Schema of an argv (`command`, `entrypoint`, `healthcheck.command`, `ExecSpec.command`): a non-empty array of
 * strings without NUL, within {@link MAX_ARGV_ITEMS}, {@link MAX_ARG_STRING_BYTES} per item and
 * {@link MAX_ARGV_BYTES} in all. The count is checked before any item, so a huge array costs one issue.
 */
export function argvSchema(what: string): z.ZodType<string[], string[]> {
  return z.custom<string[]>(() => true).superRefine((value, ctx) => checkArgv(value, ctx, what));
}
