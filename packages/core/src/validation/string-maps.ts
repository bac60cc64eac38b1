import { z } from 'zod';
import {
  MAX_ARG_STRING_BYTES,
  MAX_ENV_BYTES,
  MAX_ENV_VARS,
  MAX_LABEL_KEY_LENGTH,
  MAX_LABEL_VALUE_BYTES,
  MAX_LABELS,
  MAX_LABELS_BYTES,
} from './limits.js';
import { ENV_NAME_PATTERN, LABEL_KEY_PATTERN } from './patterns.js';
import { isPlainObject, utf8ByteLength } from './text-bounds.js';

type Ctx = z.RefinementCtx;

const issue = (ctx: Ctx, path: PropertyKey[], message: string): void => {
  ctx.addIssue({ code: 'custom', path, message });
};

/**
 * Checks the shape and count of a `{ key: string }` map; returns its keys when the entries are worth checking
 * one by one, `null` after reporting why not (not a plain object, too many keys).
 */
function keysOf(value: unknown, ctx: Ctx, what: string, max: number, maxName: string): string[] | null {
  if (!isPlainObject(value)) {
    issue(ctx, [], `${what} must be an object of string values`);
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > max) {
    issue(ctx, [], `${what} has ${keys.length} entries, more than ${maxName} (${max})`);
    return null;
  }
  return keys;
}

function checkLabels(value: unknown, ctx: Ctx): void {
  const keys = keysOf(value, ctx, 'labels', MAX_LABELS, 'MAX_LABELS');
  if (keys === null) return;
  const map = value as Record<string, unknown>;
  let total = 0;
  for (const key of keys) {
    if (key.length > MAX_LABEL_KEY_LENGTH) {
      issue(ctx, [key], `label key is longer than MAX_LABEL_KEY_LENGTH (${MAX_LABEL_KEY_LENGTH} characters)`);
    } else if (!LABEL_KEY_PATTERN.test(key)) {
      issue(ctx, [key], 'label key must match [a-zA-Z0-9]([a-zA-Z0-9._/-]*[a-zA-Z0-9])?');
    }
    total += Math.min(key.length, MAX_LABEL_KEY_LENGTH);
    const v = map[key];
    if (typeof v !== 'string') {
      issue(ctx, [key], 'label value must be a string');
      continue;
    }
    const bytes = utf8ByteLength(v, MAX_LABEL_VALUE_BYTES);
    if (bytes > MAX_LABEL_VALUE_BYTES) {
      issue(ctx, [key], `label value is larger than MAX_LABEL_VALUE_BYTES (${MAX_LABEL_VALUE_BYTES} bytes)`);
    } else if (v.includes('\0')) {
      issue(ctx, [key], 'label value must not contain NUL');
    }
    total += Math.min(bytes, MAX_LABEL_VALUE_BYTES);
  }
  if (total > MAX_LABELS_BYTES) {
    issue(ctx, [], `labels take ${total} bytes, more than MAX_LABELS_BYTES (${MAX_LABELS_BYTES})`);
  }
}

function checkEnv(value: unknown, ctx: Ctx): void {
  const keys = keysOf(value, ctx, 'env', MAX_ENV_VARS, 'MAX_ENV_VARS');
  if (keys === null) return;
  const map = value as Record<string, unknown>;
  let total = 0;
  for (const key of keys) {
    const v = map[key];
    if (!ENV_NAME_PATTERN.test(key)) {
      issue(ctx, [key], 'env name must be non-empty and must not contain "=" or NUL');
    } else if (typeof v !== 'string') {
      issue(ctx, [key], 'env value must be a string');
    } else if (v.includes('\0')) {
      issue(ctx, [key], 'env value must not contain NUL (the process could not start with it)');
    }
    // NAME=value plus its NUL, as execve gets it
    const bytes =
      utf8ByteLength(key, MAX_ARG_STRING_BYTES) +
      2 +
      (typeof v === 'string' ? utf8ByteLength(v, MAX_ARG_STRING_BYTES) : 0);
    if (bytes > MAX_ARG_STRING_BYTES) {
      issue(ctx, [key], `env entry NAME=value is larger than MAX_ARG_STRING_BYTES (${MAX_ARG_STRING_BYTES} bytes)`);
    }
    total += Math.min(bytes, MAX_ARG_STRING_BYTES);
  }
  if (total > MAX_ENV_BYTES) {
    issue(ctx, [], `env takes ${total} bytes, more than MAX_ENV_BYTES (${MAX_ENV_BYTES})`);
  }
}

/**
 * Schema of label maps (`ContainerSpec`, `VolumeSpec`, `NetworkSpec`, filters): keys match
 * {@link LABEL_KEY_PATTERN}, values are strings without NUL, within {@link MAX_LABELS},
 * {@link MAX_LABEL_KEY_LENGTH}, {@link MAX_LABEL_VALUE_BYTES} and {@link MAX_LABELS_BYTES}. The reserved
 * `berth.*` rule is applied by the spec validators, which know who built the spec (see `allowReservedLabels`).
 */
export const LabelsSchema: z.ZodType<Record<string, string>, Record<string, string>> = z
  .custom<Record<string, string>>(() => true)
  .superRefine(checkLabels);

/**
 * Schema of `spec.env` and `ExecSpec.env`: names without `=` or NUL, string values without NUL, within
 * {@link MAX_ENV_VARS}, {@link MAX_ARG_STRING_BYTES} per `NAME=value` and {@link MAX_ENV_BYTES} in all.
 */
export const EnvSchema: z.ZodType<Record<string, string>, Record<string, string>> = z
  .custom<Record<string, string>>(() => true)
  .superRefine(checkEnv);
