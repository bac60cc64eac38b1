import { EnvSchema, toValidationIssues, ValidationError } from '@berth/core';
import { z } from 'zod';
import { CONTEXT_LANGUAGES, type ContextLanguage } from './context-runtimes.js';

/** Options of `createContext`. */
export interface CreateContextOptions {
  /** Working directory of the interpreter (absolute, or relative to the session's); default: the session's. */
  cwd?: string;
  /** Environment of the interpreter, over the session's. */
  env?: Record<string, string>;
}

/** Options of `runInContext`. */
export interface RunInContextOptions {
  /**
   * After this many ms the run is interrupted and answers `timedOut: true` with the context's state kept
   * (Python `KeyboardInterrupt`, JavaScript interrupted, bash SIGINT to the run's processes; an interpreter that
   * does not answer within the grace period is restarted and its state lost). Default: `codeTimeoutMs`.
   */
  timeoutMs?: number;
  /** Each piece of the run's stdout, as the interpreter sends it. */
  onStdout?: (text: string) => void;
  /** Each piece of the run's stderr, as the interpreter sends it. */
  onStderr?: (text: string) => void;
}

/** Largest code a context run takes, in characters. */
export const MAX_CONTEXT_CODE_CHARS = 5 * 1024 * 1024;

/** Schema of a context language. */
export const ContextLanguageSchema = z.enum(CONTEXT_LANGUAGES, {
  error: `language must be one of ${CONTEXT_LANGUAGES.join(', ')}`,
});

/** Schema of {@link CreateContextOptions}. */
export const CreateContextOptionsSchema = z.strictObject({
  cwd: z
    .string()
    .min(1, { error: 'cwd must not be empty' })
    .max(4096, { error: 'cwd is longer than 4096 characters' })
    .refine((c) => !c.includes('\0'), { error: 'cwd must not contain NUL' })
    .optional(),
  env: EnvSchema.optional(),
});

const callback = z.custom<(text: string) => void>((v) => typeof v === 'function', { error: 'must be a function' });

/** Schema of {@link RunInContextOptions}. */
export const RunInContextOptionsSchema = z.strictObject({
  timeoutMs: z.number().int().positive().max(2_147_483_647).optional(),
  onStdout: callback.optional(),
  onStderr: callback.optional(),
});

/** Schema of a context run's code. */
export const ContextCodeSchema = z
  .string({ error: 'code must be a string' })
  .max(MAX_CONTEXT_CODE_CHARS, { error: 'code is larger than 5 MiB' })
  .refine((c) => !c.includes('\0'), { error: 'code must not contain NUL' });

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string, path?: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = toValidationIssues(parsed.error);
  throw new ValidationError(
    path === undefined ? issues : issues.map((i) => ({ ...i, path: i.path === '' ? path : `${path}.${i.path}` })),
    {},
    what,
  );
}

/**
 * Validates `createContext`'s language and options; throws `ValidationError` listing every bad field.
 *
 * @example
 * ```ts
 * validateCreateContext('ruby', {}); // throws ValidationError (path: language)
 * ```
 */
export function validateCreateContext(
  language: unknown,
  options: unknown,
): CreateContextOptions & { language: ContextLanguage } {
  const lang = parse(ContextLanguageSchema, language, 'context', 'language');
  return { ...(parse(CreateContextOptionsSchema, options ?? {}, 'context') as CreateContextOptions), language: lang };
}

/**
 * Validates `runInContext`'s code and options; throws `ValidationError` listing every bad field.
 *
 * @example
 * ```ts
 * validateRunInContext('x + 1', { timeoutMs: -1 }); // throws ValidationError (path: timeoutMs)
 * ```
 */
export function validateRunInContext(code: unknown, options: unknown): RunInContextOptions & { code: string } {
  const c = parse(ContextCodeSchema, code, 'context run', 'code');
  return { ...(parse(RunInContextOptionsSchema, options ?? {}, 'context run') as RunInContextOptions), code: c };
}
