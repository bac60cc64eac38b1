import { EnvSchema, toValidationIssues, ValidationError } from '@berth/core';
import { z } from 'zod';
import { LANGUAGES, type Language } from './languages.js';

/**
 * What `executeCode` runs.
 *
 * @example
 * ```ts
 * const req: ExecuteCodeRequest = { language: 'python', code: 'print(input())', stdin: 'hi\n', timeoutMs: 5000 };
 * ```
 */
export interface ExecuteCodeRequest {
  /** `python` (python3), `javascript` (node, CommonJS), `typescript` (transpiled on the host, then node) or `bash` (sh). */
  language: Language;
  /** Source code (at most 5 MiB). */
  code: string;
  /** Kill the run after this many ms (`timedOut: true`); the session stays usable. Default: manager's `codeTimeoutMs`. */
  timeoutMs?: number;
  /** Environment for this run, over the session's. */
  env?: Record<string, string>;
  /** Data fed to the program's stdin. */
  stdin?: string;
}

/** Schema of {@link ExecuteCodeRequest}. */
export const ExecuteCodeRequestSchema = z.strictObject({
  language: z.enum(LANGUAGES, { error: `language must be one of ${LANGUAGES.join(', ')}` }),
  code: z
    .string({ error: 'code must be a string' })
    .max(5 * 1024 * 1024, { error: 'code is larger than 5 MiB' })
    .refine((c) => !c.includes('\0'), { error: 'code must not contain NUL' }),
  timeoutMs: z.number().int().positive().max(2_147_483_647).optional(),
  env: EnvSchema.optional(),
  stdin: z.string().optional(),
});

/**
 * Validates an {@link ExecuteCodeRequest}; throws `ValidationError` listing every bad field.
 *
 * @example
 * ```ts
 * validateExecuteCodeRequest({ language: 'cobol', code: '' }); // throws ValidationError (path: language)
 * ```
 */
export function validateExecuteCodeRequest(request: unknown): ExecuteCodeRequest {
  const parsed = ExecuteCodeRequestSchema.safeParse(request);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error), {}, 'code request');
  return request as ExecuteCodeRequest;
}
